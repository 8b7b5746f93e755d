import type { SocketDefinition } from '../definition/app-definition.js';
import type { Container } from '../di/container.js';
import type { Connection } from '../ws/connection.js';
import type { MessageGuardContext } from './guard.js';
import { resolveGuards, runGuards } from './guard-runner.js';

/**
 * The guards of one `@OnMessage` handler. Resolves when every guard allowed the message; rejects
 * with the guard's `HttpError` (a `false` is `HALYARD_ERR_FORBIDDEN`), or with whatever it threw.
 */
export type MessageGuard = (connection: Connection, message: unknown) => Promise<void>;

function readOnlyIdentity(handler: string): never {
  throw new TypeError(
    `${handler}: a message guard cannot call setIdentity; the identity comes from the upgrade guards (or $auth)`,
  );
}

/**
 * Compiles the per-message guards of a socket's handlers, by message type. Handlers without
 * guards have no entry, so their messages pay nothing for the feature.
 */
export async function compileMessageGuards(
  socket: SocketDefinition,
  container: Container,
): Promise<ReadonlyMap<string, MessageGuard>> {
  const compiled = new Map<string, MessageGuard>();
  for (const handler of socket.handlers.values()) {
    if (handler.guards.length === 0) continue;
    const guards = await resolveGuards(handler.guards, container, handler.handlerName);
    const { type, handlerName } = handler;
    compiled.set(type, (connection, message) => {
      const context: MessageGuardContext = {
        kind: 'message',
        request: connection.request,
        handler: handlerName,
        identity: connection.identity,
        connection,
        type,
        message,
        setIdentity: () => readOnlyIdentity(handlerName),
      };
      return runGuards(guards, context);
    });
  }
  return compiled;
}
