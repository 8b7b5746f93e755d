/**
 * The `Hub`'s runtime-only members, keyed by symbols as fastify keys its internals (`kRoutePrefix`,
 * ...): the socket routes, the registrar, the frame intake and `createApp` reach them, while an
 * app's `hub` shows only its documented methods (docs/websocket.md#the-hub). `src/index.ts` does not
 * export this module; `@halyard/core/internal` re-exports it for Halyard's own packages and tests,
 * with no compatibility promise.
 */

/** `start(): Promise<void>`: starts the adapter (and the resume sessions) at `onReady`. */
export const kStart = Symbol('halyard.hub.start');
/** `stop(): Promise<void>`: waits for closing sockets to leave their rooms, stops the adapter. */
export const kStop = Symbol('halyard.hub.stop');
/** Setter, once at boot from `websocket.roomPolicies`: every join passes it first. */
export const kRoomPolicy = Symbol('halyard.hub.roomPolicy');
/** `(connection, resumed?)`: a socket opened; `resumed` when it took its id from a token. */
export const kRegister = Symbol('halyard.hub.register');
/** `(connection): Promise<void>`: a socket closed; it leaves every room (presence `left`). */
export const kUnregister = Symbol('halyard.hub.unregister');
/** `(token): string | undefined`: the connection id a valid `halyard_session` token names. */
export const kResumedId = Symbol('halyard.hub.resumedId');
/** Getter: whether `$resume` frames are understood (some room pattern is a stream). */
export const kResumable = Symbol('halyard.hub.resumable');
/** `(connection, message, reject)`: a `$resume` frame (see StreamResume). */
export const kResume = Symbol('halyard.hub.resume');
/** Getter: the socket observers (`app.halyard.observeSockets`). */
export const kObservers = Symbol('halyard.hub.observers');
/** Getter: the stats recorder (connection and traffic counts; errors go through the reporter). */
export const kRecorder = Symbol('halyard.hub.recorder');
/** Getter: the one reporter of socket refusals, failures and closes (it counts `stats.errors`). */
export const kReporter = Symbol('halyard.hub.reporter');
/** `(connection, data, bytes)`: an incoming frame, counted and shown to traffic observers. */
export const kCountIn = Symbol('halyard.hub.countIn');
/** Getter: what a `Connection` calls back (`ConnectionHost`: rooms, outgoing counts, errors). */
export const kConnectionHost = Symbol('halyard.hub.connectionHost');
/** `(): HubSizes`: the sizes of the hub's structures and the adapter's, for `inspectRuntime`. */
export const kInspect = Symbol('halyard.hub.inspect');
