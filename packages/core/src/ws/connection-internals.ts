/**
 * Runtime-only members of `Connection`, keyed by symbols that only the framework's own modules
 * import (fastify's style for `kRequest`, `kReply`): application code sees the public surface,
 * the heartbeat and the parameter resolvers reach the rest. Not exported from `src/index.ts`.
 */

/** Set when the last ping got no pong yet; the heartbeat terminates such peers. */
export const awaitingPong: unique symbol = Symbol('halyard.connection.awaitingPong');

/** Named `@Query('x')` / `@Headers('x')` values of the upgrade request, converted once. */
export const upgradeValues: unique symbol = Symbol('halyard.connection.upgradeValues');

/** The socket closed: settles `connected`, fails pending `ask()`s, logs the drop total. */
export const socketClosed: unique symbol = Symbol('halyard.connection.socketClosed');

/**
 * A copy of `text` (ASCII, such as a UUID) in one flat string. `randomUUID()` returns a rope of ~20 concatenated pieces
 * (about 480 bytes of heap); an id kept for the life of a connection is worth flattening once.
 */
export function flatString(text: string): string {
  return Buffer.from(text, 'latin1').toString('latin1');
}
