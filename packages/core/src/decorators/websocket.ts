import {
  updateClassRecord,
  updateMemberRecord,
  type EmitRecord,
  type ExampleRecord,
  type SocketLimitOptions,
} from '../metadata.js';
import type { Class } from '../types.js';

/** A named example in `examples` options. @example `{ value: { text: 'hi' }, name: 'greeting', summary: 'A greeting' }` */
export interface MessageExampleOption {
  /** The frame's `data`: the envelope (`type`, `id`, `to`) is added in the document. */
  readonly value: unknown;
  readonly name?: string;
  readonly summary?: string;
}

/** `example` / `examples` options, in document order (`example` first). */
export interface ExampleOptions {
  /** One example `data` value, named `example`. */
  readonly example?: unknown;
  readonly examples?: readonly MessageExampleOption[];
}

/** `undefined` when neither option is given, so records stay as small as before. */
function exampleRecords(options: ExampleOptions): ExampleRecord[] | undefined {
  const list: ExampleRecord[] = [
    ...('example' in options ? [{ name: 'example', value: options.example }] : []),
    ...(options.examples ?? []).map((example) => ({ ...example })),
  ];
  return list.length > 0 ? list : undefined;
}

export interface WebSocketOptions extends SocketLimitOptions {
  /** The reply DTO of a single-message socket (on a method); `Promise<T>` erases `T`, so say it here. `null`: no reply. */
  readonly reply?: Class | readonly [Class] | null;
  /** Message `type` on a single-message socket; defaults to the method name. Clients may omit it. */
  readonly type?: string;
}

/**
 * Declares a WebSocket upgrade route.
 * - On a **method**: a single-message socket. Every incoming message is validated against the
 *   `@Message()` DTO and the method's return value is sent back as the reply.
 * - On a **class**: one socket whose messages are dispatched by `type` to `@OnMessage` handlers,
 *   with `@OnConnect` / `@OnDisconnect` lifecycle hooks.
 *
 * The path is joined to the `@Controller` prefix when the class has one.
 *
 * @example
 * ```ts
 * @WebSocket('/chat/:room', { reply: ChatResponse })
 * chat(@Message() msg: ChatMessage, @Param('room') room: string) { return { ...msg, room }; }
 * ```
 */
export function WebSocket(path: string, options: WebSocketOptions = {}): ClassDecorator & MethodDecorator {
  const { reply, type, ...limits } = options;
  const socket = { path, ...(reply !== undefined && { reply }), ...(type !== undefined && { type }), limits };
  return ((target: object, member?: string | symbol) => {
    if (member === undefined) {
      updateClassRecord(target as Class, (record) => ({ ...record, socket }));
    } else {
      updateMemberRecord({ prototype: target, member }, '@WebSocket', () => ({ socket }));
    }
  }) as ClassDecorator & MethodDecorator;
}

/**
 * Handles one message `type` on a class-level `@WebSocket`. The return value is the reply, sent
 * with the request's `id`. An async handler must name its reply type (`{ reply: Dto }`), or
 * `{ reply: null }` when it answers nothing (a message with an id is then acknowledged with `data: null`).
 *
 * `example` / `examples` document the reply (its `data`); request examples come from `@Example`.
 * Examples are validated against the reply DTO at boot.
 *
 * @example `@OnMessage('move', { reply: MoveResult, example: { ok: true, turn: 2 } }) move(@Message() m: MoveDto) { ... }`
 */
export function OnMessage(
  type: string,
  options: { reply?: Class | readonly [Class] | null } & ExampleOptions = {},
): MethodDecorator {
  const replyExamples = exampleRecords(options);
  return (prototype, member) => {
    updateMemberRecord({ prototype, member }, '@OnMessage', (current) => ({
      handler: { kind: 'message', type, ...(options.reply !== undefined && { reply: options.reply }) },
      ...(replyExamples && { docs: { ...current.docs, replyExamples } }),
    }));
  };
}

/**
 * Runs after the upgrade, before any message is dispatched. Throw a `WsCloseError` (or call
 * `conn.close`) to reject the connection with a close code.
 *
 * @example `@OnConnect() hello(@Conn() conn: Connection) { conn.join('lobby'); }`
 */
export function OnConnect(): MethodDecorator {
  return (prototype, member) => {
    updateMemberRecord({ prototype, member }, '@OnConnect', () => ({ handler: { kind: 'connect' } }));
  };
}

/**
 * Runs after a `$auth` frame re-authenticated the connection (its upgrade guards passed with the
 * new credential), before the client gets the `$auth` reply: `@Identity()` and `conn.identity`
 * are the new identity. Throw as in `@OnConnect` to close the connection (a `WsCloseError` with
 * its code, an `HttpError` with `4000 + status`). One per socket; the socket needs upgrade guards.
 *
 * @example `@OnReauth() moved(@Conn() conn: Connection, @Identity() user: User) { conn.set('role', user.role); }`
 */
export function OnReauth(): MethodDecorator {
  return (prototype, member) => {
    updateMemberRecord({ prototype, member }, '@OnReauth', () => ({ handler: { kind: 'reauth' } }));
  };
}

/** Runs once the socket has closed. @example `@OnDisconnect() bye(@Conn() c: Connection, @CloseCode() code: number)` */
export function OnDisconnect(): MethodDecorator {
  return (prototype, member) => {
    updateMemberRecord({ prototype, member }, '@OnDisconnect', () => ({ handler: { kind: 'disconnect' } }));
  };
}

/**
 * Documents a push the server sends on this socket (`{ "type": event, "data": ... }`).
 * On a class or on the handler that emits it. `example` / `examples` are the push's `data`,
 * validated against `type` at boot.
 *
 * @example `@Emits('player.joined', PlayerJoined, { example: { name: 'ann' } })`
 */
export function Emits(
  event: string,
  type: Class | readonly [Class],
  options: { summary?: string; description?: string } & ExampleOptions = {},
): ClassDecorator & MethodDecorator {
  const examples = exampleRecords(options);
  const record: EmitRecord = {
    event,
    type,
    ...(options.summary !== undefined && { summary: options.summary }),
    ...(options.description !== undefined && { description: options.description }),
    ...(examples && { examples }),
  };
  return ((target: object, member?: string | symbol) => {
    if (member === undefined) {
      updateClassRecord(target as Class, (current) => ({ ...current, emits: [record, ...current.emits] }));
    } else {
      updateMemberRecord({ prototype: target, member }, '@Emits', (current) => ({
        emits: [record, ...current.emits],
      }));
    }
  }) as ClassDecorator & MethodDecorator;
}
