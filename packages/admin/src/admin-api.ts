import { httpErrorFromTable, type HttpError, type Hub } from '@halyard/core';
import type { FastifyInstance } from 'fastify';
import { parseDisconnect, parseSend, type SendCommand } from './admin-commands.js';
import { connectionViews, roomViews } from './admin-views.js';
import { adminErrorTable } from './errors.js';
import type { LatencyTable } from './latency-table.js';

/** What `POST send` answers. Other instances' recipients are not counted: the adapter delivers there. */
export interface SendResult {
  readonly target: SendCommand['target'];
  readonly type: string;
  /** Connections of this instance the push was handed to. */
  readonly localRecipients: number;
}

function notConnected(id: string): HttpError {
  return httpErrorFromTable(adminErrorTable, 'HALYARD_ERR_ADMIN_CONNECTION_NOT_FOUND', { id });
}

/**
 * An id that is not on this instance is an error with the in-process adapter; with a cross-instance
 * adapter (Redis) it may be connected elsewhere, so the command is forwarded through the hub.
 */
function requireReachable(hub: Hub, id: string): void {
  if (!hub.connection(id) && hub.adapterName === 'memory') throw notConnected(id);
}

async function send(hub: Hub, command: SendCommand): Promise<SendResult> {
  const { target, type, data } = command;
  switch (command.target) {
    case 'connection': {
      requireReachable(hub, command.id);
      const localRecipients = hub.connection(command.id) ? 1 : 0;
      await hub.toConnection(command.id, type, data);
      return { target, type, localRecipients };
    }
    case 'room': {
      const room = command.room;
      await hub.toRoom(room, type, data);
      const localRecipients = hub.connections().filter((connection) => connection.rooms.has(room)).length;
      return { target, type, localRecipients };
    }
    case 'all':
      await hub.broadcast(type, data);
      return { target, type, localRecipients: hub.connections().length };
    default: {
      const exhaustive: never = command;
      throw new Error(`unknown send target ${JSON.stringify(exhaustive)}`);
    }
  }
}

/** `GET connections | rooms | stats | latency`, `POST send | disconnect` under `{prefix}/api/`. */
export function registerAdminApi(
  app: FastifyInstance,
  options: { prefix: string; hub: Hub; latency: LatencyTable | undefined },
): void {
  const { hub, latency } = options;
  const api = `${options.prefix}/api`;

  app.get(`${api}/connections`, async () => ({ connections: connectionViews(hub) }));
  app.get(`${api}/rooms`, async () => ({ rooms: await roomViews(hub) }));
  app.get(`${api}/stats`, async () => hub.stats());
  // Without `latency: false` the table exists; with it, the route is unknown like any other path.
  if (latency) app.get(`${api}/latency`, async () => latency.report());

  app.post(`${api}/send`, async (request) => {
    const command = parseSend(request.body);
    const result = await send(hub, command);
    request.log.info({ admin: 'send', ...result }, 'admin sent a message');
    return result;
  });

  app.post(`${api}/disconnect`, async (request) => {
    const command = parseDisconnect(request.body);
    requireReachable(hub, command.id);
    await hub.disconnect(command.id, command.code, command.reason);
    request.log.info({ admin: 'disconnect', ...command }, 'admin disconnected a connection');
    return command;
  });
}
