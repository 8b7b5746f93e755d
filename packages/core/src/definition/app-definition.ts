import type { DocsRecord, ExampleRecord, HttpMethod, ParamKind, SocketLimitOptions } from '../metadata.js';
import type { ResolvedLimits } from '../ws/socket-limits.js';
import type { DtoModel } from '../dto/dto-model.js';
import type { Class } from '../types.js';
import type { Guard, GuardSecurity } from '../guards/guard.js';

/**
 * A type as Halyard understands it after the builder resolved it from metadata or decorator options.
 * - `dto`: a class-validator class (validated, documented through the JSON Schema builder)
 * - `primitive`: `string`, `number`, `boolean`, converted from text where it comes from a URL
 * - `array`: an array of DTOs
 * - `unknown`: not validated, documented as any value (only for `@Req`, `@Conn` and the like)
 */
export type TypeRef =
  | { readonly kind: 'dto'; readonly type: Class }
  | { readonly kind: 'array'; readonly items: TypeRef }
  | { readonly kind: 'primitive'; readonly type: 'string' | 'number' | 'boolean' }
  | { readonly kind: 'date' }
  | { readonly kind: 'unknown' };

export interface ParamDefinition {
  readonly index: number;
  readonly kind: ParamKind;
  readonly name?: string;
  readonly type: TypeRef;
}

export interface GuardDefinition {
  /** A class resolved by the container, or an instance. */
  readonly guard: Class<Guard> | Guard;
  readonly security?: GuardSecurity;
  readonly name: string;
}

export interface HandlerDocs extends DocsRecord {
  readonly tags: readonly string[];
  readonly examples: readonly ExampleRecord[];
  readonly operationId: string;
}

export interface ResponseDefinition {
  readonly status: number;
  /** `null` means no body. */
  readonly type: TypeRef | null;
  readonly description?: string;
}

export interface HttpRouteDefinition {
  readonly controller: Class;
  readonly member: string;
  /** `RoomsController.get`, used in logs and error messages. */
  readonly handlerName: string;
  readonly method: HttpMethod;
  /** Fastify path (`/rooms/:id`). */
  readonly path: string;
  readonly params: readonly ParamDefinition[];
  readonly status: number;
  readonly responses: readonly ResponseDefinition[];
  /** False when the return type is `void` or missing: the route has no body and returning a value is a 500. */
  readonly bodyKnown: boolean;
  readonly docs: HandlerDocs;
  readonly guards: readonly GuardDefinition[];
}

export interface MessageHandlerDefinition {
  readonly type: string;
  readonly member: string;
  readonly handlerName: string;
  readonly params: readonly ParamDefinition[];
  /** The `@Message()` payload type; `unknown` when the handler takes no message. */
  readonly message: TypeRef;
  readonly reply: TypeRef | null;
  readonly emits: readonly EmitDefinition[];
  readonly docs: HandlerDocs;
  /** `@UseGuards` of this handler: they run per message, after validation (the class's run at the upgrade). */
  readonly guards: readonly GuardDefinition[];
}

export interface LifecycleHandlerDefinition {
  readonly member: string;
  readonly handlerName: string;
  readonly params: readonly ParamDefinition[];
}

export interface EmitDefinition {
  readonly event: string;
  readonly type: TypeRef;
  readonly summary?: string;
  readonly description?: string;
  readonly examples?: readonly ExampleRecord[];
}

/** A request the server sends with `conn.ask()` (`@Requests`), and the answer it awaits. */
export interface ServerRequestDefinition {
  readonly type: string;
  /** The request's `data`; `null` when it carries none. */
  readonly data: TypeRef | null;
  /** The answer's `data`, validated before `conn.ask()` resolves; `null`: an acknowledgement. */
  readonly reply: TypeRef | null;
  readonly summary?: string;
  readonly description?: string;
  readonly examples?: readonly ExampleRecord[];
}

/** The DTOs that validate the upgrade request, shared by every handler of the socket. */
export interface UpgradeDefinition {
  readonly params?: Class;
  readonly query?: Class;
  readonly headers?: Class;
  /** Named path parameters and their primitive types, from `@Param('name')`. */
  readonly namedParams: ReadonlyMap<string, TypeRef>;
  /** Named query values, from `@Query('name')`: converted once at upgrade. */
  readonly namedQuery: ReadonlyMap<string, TypeRef>;
  /** Named headers (lower-cased), from `@Headers('name')`: converted once at upgrade. */
  readonly namedHeaders: ReadonlyMap<string, TypeRef>;
  /**
   * Whether the upgrade can fail validation (HTTP 400 / close 4400): it has a DTO or a named
   * `@Param`/`@Query`/`@Headers`. Untyped path segments and guard credentials are never validated.
   */
  readonly validated: boolean;
}

export interface SocketDefinition {
  readonly controller: Class;
  /** `single`: one method handles every message; `multi`: class-level socket dispatching on `type`. */
  readonly form: 'single' | 'multi';
  /** `ChatController.chat` (single) or `GameSocket` (multi). */
  readonly name: string;
  readonly path: string;
  /** Path parameter names in order of appearance. */
  readonly pathParams: readonly string[];
  readonly handlers: ReadonlyMap<string, MessageHandlerDefinition>;
  readonly onConnect?: LifecycleHandlerDefinition;
  readonly onDisconnect?: LifecycleHandlerDefinition;
  /** `@OnReauth()`: runs after a `$auth` replaced the identity (only on sockets with upgrade guards). */
  readonly onReauth?: LifecycleHandlerDefinition;
  readonly emits: readonly EmitDefinition[];
  /** Requests the server sends and awaits an answer to (`@Requests`), sorted by nothing: as declared. */
  readonly requests: readonly ServerRequestDefinition[];
  readonly upgrade: UpgradeDefinition;
  readonly docs: HandlerDocs;
  readonly guards: readonly GuardDefinition[];
  /** The route's own limits, as `@WebSocket(path, limits)` wrote them. */
  readonly limits: SocketLimitOptions;
  /**
   * The limits the runtime enforces and the AsyncAPI document states: defaults, then the app-wide
   * `createApp({ websocket: { limits } })`, then `limits`; resolved and checked once at boot.
   */
  readonly resolvedLimits: ResolvedLimits;
}

/** What the builder produces from controller metadata; everything after boot reads only this. */
export interface AppDefinition {
  readonly controllers: readonly Class[];
  readonly routes: readonly HttpRouteDefinition[];
  readonly sockets: readonly SocketDefinition[];
  /** Every DTO reachable from a route or socket, for the schema builders. */
  readonly dtos: readonly Class[];
  /**
   * The model of every DTO class in `dtos` and of every class nested in one: its properties,
   * design types, constraints, transforms and nesting, read once from class-validator and
   * class-transformer. Schemas, validators and examples read these, never the libraries' storage.
   */
  readonly dtoModels: ReadonlyMap<Class, DtoModel>;
}
