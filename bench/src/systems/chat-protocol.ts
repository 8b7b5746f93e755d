/**
 * The work every system in the side-by-side suite does, written once so the hand-written systems
 * cannot drift apart: the message shape, the checks equal to the Halyard / NestJS DTO's
 * decorators, and the frames they answer with.
 */

/** Where every WebSocket system listens (socket.io uses its own `/socket.io/` path). */
export const chatPath = '/ws/chat/bench';

/** What a valid `chat` message carries. */
export interface ChatData {
  room: string;
  text: string;
  userId: number;
}

/**
 * Hand-written checks equal to the DTO: room a non-empty string, text 1..1000 characters, userId a
 * positive integer, no other property. Returns the first problem, or undefined.
 */
export function checkChat(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'data must be an object';
  const message = value as Record<string, unknown>;
  for (const key in message)
    if (key !== 'room' && key !== 'text' && key !== 'userId') return `property ${key} should not exist`;
  const { room, text, userId } = message;
  if (typeof room !== 'string' || room.length === 0) return 'room must be a non-empty string';
  if (typeof text !== 'string' || text.length < 1 || text.length > 1000)
    return 'text must be a string of 1-1000 characters';
  if (typeof userId !== 'number' || !Number.isInteger(userId) || userId < 1)
    return 'userId must be a positive integer';
  return undefined;
}

let served = 0;

/**
 * Replies built in this process so far. The suite reads it with the CPU time in one step, so CPU
 * per message is exact even when a deep pipeline delays that read by a whole event-loop turn.
 */
export const servedReplies = (): number => served;

/** The reply's data: the message's fields plus the server's counter (and one more served reply). */
export const chatReply = (data: ChatData, counter: number) => {
  served++;
  return { room: data.room, text: data.text, userId: data.userId, counter };
};

/** An error frame in Halyard's wire shape, which the hand-written JSON systems copy. */
export const errorFrame = (id: unknown, code: string, message: string): string =>
  JSON.stringify({ type: 'error', id, error: { code, message } });

/**
 * Answers one text frame of the JSON protocol (`chat` request/reply, `bcast` to everyone) the way a
 * careful hand-written server does; shared by raw `ws` and fastify + @fastify/websocket.
 */
export function handleJsonFrame(
  raw: string,
  reply: (frame: string) => void,
  broadcast: (frame: string) => void,
): void {
  let envelope: { type?: unknown; id?: unknown; data?: unknown };
  try {
    envelope = JSON.parse(raw) as typeof envelope;
  } catch (error) {
    reply(errorFrame(undefined, 'MALFORMED_JSON', (error as Error).message));
    return;
  }
  if (typeof envelope !== 'object' || envelope === null) {
    reply(errorFrame(undefined, 'BAD_ENVELOPE', 'a frame must be a JSON object'));
    return;
  }
  if (envelope.type === 'chat') {
    const problem = checkChat(envelope.data);
    if (problem) {
      reply(errorFrame(envelope.id, 'VALIDATION', problem));
      return;
    }
    reply(
      JSON.stringify({
        type: 'reply',
        id: envelope.id,
        to: 'chat',
        data: chatReply(envelope.data as ChatData, next++),
      }),
    );
    return;
  }
  if (envelope.type === 'bcast') {
    broadcast(JSON.stringify({ type: 'bcast', data: envelope.data }));
    return;
  }
  reply(errorFrame(envelope.id, 'UNKNOWN_TYPE', `unknown message type ${String(envelope.type)}`));
}

let next = 0;
