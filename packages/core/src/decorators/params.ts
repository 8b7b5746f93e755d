import { recordMisuse, updateMemberRecord, type ParamKind, type ParamRecord } from '../metadata.js';
import type { Class } from '../types.js';

export interface ParamOptions {
  /** The DTO class when the parameter's type cannot be read from metadata, e.g. `[ItemDto]` for an array body. */
  readonly type?: Class | readonly [Class];
}

/** What a parameter decorator was given: the one value it names, and its options. */
interface ParamArgs {
  readonly name?: string | undefined;
  readonly options?: ParamOptions | undefined;
}

function param(kind: ParamKind, decorator: string, { name, options }: ParamArgs = {}): ParameterDecorator {
  return (prototype, member, index) => {
    if (member === undefined) {
      recordMisuse(prototype as Class, {
        target: (prototype as Class).name,
        detail: `${decorator}() is on constructor parameter #${index}; it decorates handler parameters (constructor parameters are injected by type or with @Inject(token))`,
      });
      return;
    }
    const record: ParamRecord = {
      index,
      kind,
      ...(name !== undefined && { name }),
      ...(options?.type && { type: options.type }),
    };
    updateMemberRecord({ prototype, member }, decorator, (current) => ({
      params: [...current.params, record].sort((a, b) => a.index - b.index),
    }));
  };
}

/** A decorator for a value handed over as it is: nothing to name, convert or validate. */
const handedOver = (kind: ParamKind, decorator: string) => (): ParameterDecorator => param(kind, decorator);

/**
 * The validated request body (HTTP). The parameter type must be a class-validator DTO.
 *
 * @example `create(@Body() body: CreateRoomDto) { ... }`
 * @example `createMany(@Body({ type: [CreateRoomDto] }) rooms: CreateRoomDto[]) { ... }`
 */
export function Body(options?: ParamOptions): ParameterDecorator {
  return param('body', '@Body', { options });
}

/**
 * A path parameter by name, converted to the parameter's type (`string`, `number`, `boolean`),
 * or all path parameters as a validated DTO when no name is given.
 *
 * @example `get(@Param('id') id: number) { ... }`
 */
export function Param(name?: string, options?: ParamOptions): ParameterDecorator {
  return param('param', '@Param', { name, options });
}

/**
 * The query string as a validated DTO, or one named query value.
 *
 * @example `list(@Query() query: ListRoomsQuery) { ... }`
 */
export function Query(name?: string, options?: ParamOptions): ParameterDecorator {
  return param('query', '@Query', { name, options });
}

/**
 * The request headers as a validated DTO, or one named header (lower-case).
 *
 * @example `get(@Headers('x-request-id') requestId: string) { ... }`
 */
export function Headers(name?: string, options?: ParamOptions): ParameterDecorator {
  return param('headers', '@Headers', { name, options });
}

/** The Fastify request (HTTP), or the upgrade request (WebSocket). @example `info(@Req() req: FastifyRequest)` */
export const Req: () => ParameterDecorator = handedOver('req', '@Req');

/** The Fastify reply, for headers or streaming. HTTP only. @example `file(@Res() reply: FastifyReply)` */
export const Res: () => ParameterDecorator = handedOver('reply', '@Res');

/**
 * Whatever the route's guards attached with `context.setIdentity(...)`.
 *
 * @example `me(@Identity() user: User) { return user; }`
 */
export const Identity: () => ParameterDecorator = handedOver('identity', '@Identity');

/**
 * The validated `data` of an incoming WebSocket message. The parameter type must be a DTO.
 *
 * @example `@OnMessage('move') move(@Message() move: MoveDto) { ... }`
 */
export function Message(options?: ParamOptions): ParameterDecorator {
  return param('message', '@Message', { options });
}

/** The WebSocket `Connection`. @example `@OnConnect() hello(@Conn() conn: Connection) { ... }` */
export const Conn: () => ParameterDecorator = handedOver('conn', '@Conn');

/** The close code in an `@OnDisconnect()` handler. @example `bye(@CloseCode() code: number)` */
export const CloseCode: () => ParameterDecorator = handedOver('close-code', '@CloseCode');

/** The close reason in an `@OnDisconnect()` handler. @example `bye(@CloseReason() reason: string)` */
export const CloseReason: () => ParameterDecorator = handedOver('close-reason', '@CloseReason');
