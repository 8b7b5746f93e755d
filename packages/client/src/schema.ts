/**
 * Describes one socket for the type checker: each message type with the `data` it sends and the
 * `data` of its reply, each push event with its `data`, and (optional) each request the server
 * sends with `conn.ask()` (`@Requests`) with the `data` it carries and the `reply` an
 * `onRequest` handler returns. Write it with `DefineSchema`, or by hand as a type alias (an
 * `interface` has no index signature and does not fit).
 *
 * @example
 * ```ts
 * type Chat = {
 *   messages: { say: { data: { text: string }; reply: { id: number } } };
 *   events: { said: { from: string; text: string } };
 *   requests: { confirm: { data: { text: string }; reply: { ok: boolean } } };
 * };
 * ```
 */
export type SocketSchema = {
  messages: { [type: string]: { data: unknown; reply: unknown } };
  events: { [event: string]: unknown };
  requests?: { [type: string]: { data: unknown; reply: unknown } };
};

/** The schema of an untyped client: any message type, `unknown` data and replies. */
export type AnySchema = {
  messages: { [type: string]: { data: unknown; reply: unknown } };
  events: { [event: string]: unknown };
  requests: { [type: string]: { data: unknown; reply: unknown } };
};

/** A room member as presence events describe it: its connection id and its presence data. */
export interface PresenceMember {
  readonly id: string;
  readonly data?: Record<string, unknown>;
}

/** The `data` of `presence.joined` and `presence.left`. */
export interface PresenceChange {
  readonly room: string;
  readonly member: PresenceMember;
}

/** Push events every Halyard socket may send: a member joined or left a room this connection is in. */
export type PresenceEvents = {
  'presence.joined': PresenceChange;
  'presence.left': PresenceChange;
};

type FunctionLike = (...args: never[]) => unknown;
type Primitive = string | number | boolean | null | undefined | void;

/**
 * What a value of type `T` becomes after `JSON.stringify` and `JSON.parse`: a `Date` arrives as
 * its ISO string, methods disappear. Replies and pushes are typed with it.
 *
 * @example `Jsonify<{ at: Date; tags: string[] }>` is `{ at: string; tags: string[] }`
 */
export type Jsonify<T> = T extends Primitive
  ? T
  : T extends bigint | symbol | FunctionLike
    ? never
    : T extends { toJSON(): infer J }
      ? Jsonify<J>
      : T extends readonly (infer U)[]
        ? Jsonify<U>[]
        : T extends object
          ? { [K in keyof T as T[K] extends FunctionLike ? never : K]: Jsonify<T[K]> }
          : T;

/**
 * What may be sent where the server expects a DTO of type `T`: its data properties, with a
 * `Date` given as a `Date` or an ISO string (the server's `@Type(() => Date)` turns it back).
 *
 * @example `JsonInput<{ at: Date; hello(): void }>` is `{ at: Date | string }`
 */
export type JsonInput<T> = T extends Primitive
  ? T
  : T extends Date
    ? Date | string
    : T extends bigint | symbol | FunctionLike
      ? never
      : T extends readonly (infer U)[]
        ? readonly JsonInput<U>[]
        : T extends object
          ? { [K in keyof T as T[K] extends FunctionLike ? never : K]: JsonInput<T[K]> }
          : T;

/**
 * Builds a `SocketSchema` from the DTO classes of a socket: `[message DTO, reply type]` per
 * message type, the push events with their DTOs, and `[data DTO, reply DTO]` per server request
 * (`@Requests`). Use `void` for a message without data or a handler without a reply. Replies,
 * pushes and server requests are typed as they arrive (`Jsonify`), answers as they are sent.
 *
 * @example
 * ```ts
 * type GameSchema = DefineSchema<
 *   { move: [MoveDto, MoveResult]; join: [JoinDto, void]; leave: [void, void] },
 *   { 'player.joined': PlayerJoined },
 *   { confirm: [ConfirmDto, ConfirmReply] }
 * >;
 * const game = connect<GameSchema>('wss://example.com/game/7');
 * const result = await game.request('move', { x: 1, y: 2 }); // Jsonify<MoveResult>
 * game.onRequest('confirm', ({ text }) => ({ ok: window.confirm(text) })); // JsonInput<ConfirmReply>
 * ```
 */
export type DefineSchema<
  Messages extends { [type: string]: readonly [data: unknown, reply: unknown] },
  Events extends { [event: string]: unknown } = Record<never, never>,
  Requests extends { [type: string]: readonly [data: unknown, reply: unknown] } = Record<never, never>,
> = {
  messages: { [K in keyof Messages]: { data: JsonInput<Messages[K][0]>; reply: Jsonify<Messages[K][1]> } };
  events: { [K in keyof Events]: Jsonify<Events[K]> };
  requests: { [K in keyof Requests]: { data: Jsonify<Requests[K][0]>; reply: JsonInput<Requests[K][1]> } };
};

/** The message types of a schema. */
export type MessageType<S extends SocketSchema> = Extract<keyof S['messages'], string>;
/** What `request`/`send` take as `data` for message type `T`. */
export type MessageData<S extends SocketSchema, T extends MessageType<S>> = S['messages'][T]['data'];
/** What `request` resolves with for message type `T`. */
export type ReplyData<S extends SocketSchema, T extends MessageType<S>> = S['messages'][T]['reply'];
/** The push events of a schema, presence events included. */
export type EventName<S extends SocketSchema> = Extract<keyof (S['events'] & PresenceEvents), string>;
/** The `data` a handler of push event `E` receives. */
export type EventData<S extends SocketSchema, E extends EventName<S>> = (S['events'] & PresenceEvents)[E];

/** The `requests` of a schema; none when it has no `requests`. */
type RequestsOf<S extends SocketSchema> = S extends { requests: infer R extends object }
  ? R
  : Record<never, never>;
/** The request types the server may send with `conn.ask()` (`@Requests`). */
export type ServerRequestType<S extends SocketSchema> = Extract<keyof RequestsOf<S>, string>;
/** The `data` an `onRequest` handler of server request `T` receives. */
export type ServerRequestData<
  S extends SocketSchema,
  T extends ServerRequestType<S>,
> = RequestsOf<S>[T] extends { data: infer D } ? D : never;
/** What an `onRequest` handler of server request `T` returns (or resolves with) as the `$reply` `data`. */
export type ServerReplyData<
  S extends SocketSchema,
  T extends ServerRequestType<S>,
> = RequestsOf<S>[T] extends { reply: infer R } ? R : never;
