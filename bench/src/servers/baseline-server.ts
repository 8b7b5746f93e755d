import websocket from '@fastify/websocket';
import Fastify from 'fastify';

interface ChatMessage {
  text: string;
  seq: number;
  replyTo?: string;
}

/** Hand-written checks equal to the DTO's decorators, as a careful Fastify user would write them. */
function check(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'data must be an object';
  const message = value as Record<string, unknown>;
  for (const key of Object.keys(message))
    if (key !== 'text' && key !== 'seq' && key !== 'replyTo') return `property ${key} should not exist`;
  const { text, seq, replyTo } = message;
  if (typeof text !== 'string' || text.length < 1 || text.length > 500)
    return 'text must be a string of 1-500 characters';
  if (typeof seq !== 'number' || !Number.isInteger(seq) || seq < 0 || seq > 1_000_000)
    return 'seq must be an integer in 0..1000000';
  if (replyTo !== undefined && (typeof replyTo !== 'string' || replyTo.length > 40))
    return 'replyTo must be a string of at most 40 characters';
  return undefined;
}

let next = 0;

/** The baseline: plain fastify + @fastify/websocket, same envelope, same checks, same reply. */
export async function startBaseline(port: number): Promise<() => Promise<void>> {
  const app = Fastify({ logger: false });
  await app.register(websocket, { options: { maxPayload: 1024 * 1024, perMessageDeflate: false } });
  app.get('/ws/chat/:room', { websocket: true }, (socket, request) => {
    const room = (request.params as { room: string }).room;
    socket.on('message', (raw, isBinary) => {
      if (isBinary) {
        socket.send(
          JSON.stringify({
            type: 'error',
            error: { code: 'BINARY', message: 'binary frames are not accepted' },
          }),
        );
        return;
      }
      let envelope: { type?: unknown; id?: unknown; data?: unknown };
      try {
        envelope = JSON.parse(raw.toString()) as typeof envelope;
      } catch (error) {
        socket.send(
          JSON.stringify({
            type: 'error',
            error: { code: 'MALFORMED_JSON', message: (error as Error).message },
          }),
        );
        return;
      }
      const problem = check(envelope.data);
      if (problem) {
        socket.send(
          JSON.stringify({ type: 'error', id: envelope.id, error: { code: 'VALIDATION', message: problem } }),
        );
        return;
      }
      const data = envelope.data as ChatMessage;
      socket.send(
        JSON.stringify({
          type: 'reply',
          id: envelope.id,
          to: 'chat',
          data: { messageId: next++, text: data.text, room, timestamp: new Date() },
        }),
      );
    });
  });
  await app.listen({ port, host: '127.0.0.1' });
  return () => app.close();
}
