import websocket from '@fastify/websocket';
import Fastify from 'fastify';
import type { WebSocket } from 'ws';
import { chatPath, chatReply, errorFrame, handleJsonFrame, type ChatData } from './chat-protocol.js';
import type { RunningSystem } from './system.js';
import { listenOnFreePort } from '../process-helpers.js';

/** The same rules as the WebSocket checks, as the JSON Schema a Fastify user gives a route. */
const chatBodySchema = {
  type: 'object',
  additionalProperties: false,
  required: ['room', 'text', 'userId'],
  properties: {
    room: { type: 'string', minLength: 1 },
    text: { type: 'string', minLength: 1, maxLength: 1000 },
    userId: { type: 'integer', minimum: 1 },
  },
} as const;

/** The reply echoes the body's fields (by type: it is serialized, not checked again) plus the counter. */
const chatReplySchema = {
  type: 'object',
  properties: {
    ...Object.fromEntries(
      Object.entries(chatBodySchema.properties).map(([field, { type }]) => [field, { type }]),
    ),
    counter: { type: 'integer' },
  },
} as const;

let counter = 0;

/**
 * The baseline Halyard measures itself against: plain fastify + @fastify/websocket with
 * hand-written checks, and `POST /chat` validated by a JSON schema (the REST baseline).
 */
export async function startFastifyWs(): Promise<RunningSystem> {
  const app = Fastify({ logger: false });
  await app.register(websocket, { options: { maxPayload: 1024 * 1024, perMessageDeflate: false } });
  const sockets = new Set<WebSocket>();
  const broadcast = (frame: string): void => {
    for (const socket of sockets) socket.send(frame);
  };
  app.get(chatPath, { websocket: true }, (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    const reply = (frame: string): void => socket.send(frame);
    socket.on('message', (raw, isBinary) => {
      if (isBinary) reply(errorFrame(undefined, 'BINARY', 'binary frames are not accepted'));
      else handleJsonFrame(raw.toString(), reply, broadcast);
    });
  });
  app.post('/chat', { schema: { body: chatBodySchema, response: { 200: chatReplySchema } } }, (request) =>
    chatReply(request.body as ChatData, counter++),
  );
  return listenOnFreePort(app, 'fastify');
}
