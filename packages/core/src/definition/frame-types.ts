import type { AppDefinition } from './app-definition.js';

/** Frame types of the protocol itself (docs/websocket-protocol.md), on every route. */
const protocolTypes = ['reply', 'error', '$ping', '$pong', 'presence.joined', 'presence.left'];

/**
 * Route pattern → every frame type that route can carry: the protocol's own, its `@OnMessage`
 * types and every `@Emits` event (class- and handler-level). Fixed at boot, so the metrics'
 * labels and the admin's latency rows can be bounded by it: anything else counts as `other`.
 *
 * @example frameTypesByRoute(app.halyard.definition).get('/chat')?.has('send') // true
 */
export function frameTypesByRoute(definition: AppDefinition): Map<string, ReadonlySet<string>> {
  const byRoute = new Map<string, ReadonlySet<string>>();
  for (const socket of definition.sockets) {
    const types = new Set(protocolTypes);
    for (const type of socket.handlers.keys()) types.add(type);
    for (const emit of socket.emits) types.add(emit.event);
    for (const handler of socket.handlers.values()) for (const emit of handler.emits) types.add(emit.event);
    byRoute.set(socket.path, types);
  }
  return byRoute;
}
