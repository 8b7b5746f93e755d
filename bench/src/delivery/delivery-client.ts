import type WebSocket from 'ws';
import { openSocket } from '../open-socket.js';

/** What the delivery suite measures against one instance; passed to the client process as JSON. */
export interface DeliveryPlan {
  /** The instance's socket URL without a query (`ws://127.0.0.1:<port>/ws/delivery`). */
  readonly url: string;
  /** Sockets in the room that receive every push. */
  readonly subscribers: number;
  /** Pushes per burst (and the replay's length: a stream room's log holds them all). */
  readonly messages: number;
  /** Alternating rounds: plain then stream, stream then plain, ... */
  readonly rounds: number;
}

/** Per round: pushes per second (the burst's messages, from sending it to the last receipt by every subscriber). */
export interface DeliveryResult {
  readonly plain: number[];
  readonly stream: number[];
  /** Per round: messages replayed per second (`$resume` from offset 0 to its `$resumed`). */
  readonly replay: number[];
}

interface Position {
  readonly offset: number;
  readonly epoch: string;
}

const now = (): number => performance.now();

/** One burst of `messages` pushes to `room`: pushes/s from the send to the last subscriber's last tick. */
async function burst(
  plan: DeliveryPlan,
  sender: WebSocket,
  room: string,
): Promise<{ perSecond: number; last?: Position }> {
  const url = `${plan.url}?room=${encodeURIComponent(room)}`;
  const subscribers = await Promise.all(Array.from({ length: plan.subscribers }, () => openSocket(url)));
  let last: Position | undefined;
  let done = 0;
  const finished = new Promise<void>((resolve) => {
    for (const socket of subscribers)
      socket.on('message', (raw: Buffer) => {
        const frame = JSON.parse(raw.toString()) as { type: string; data: { seq: number }; pos?: Position };
        if (frame.type !== 'tick' || frame.data.seq !== plan.messages) return;
        last = frame.pos;
        if (++done === subscribers.length) resolve();
      });
  });
  const started = now();
  sender.send(JSON.stringify({ type: 'burst', data: { room, count: plan.messages } }));
  await finished;
  const seconds = (now() - started) / 1000;
  for (const socket of subscribers) socket.close();
  return { perSecond: plan.messages / seconds, ...(last && { last }) };
}

/** A new socket in `room` resumes from offset 0 of `epoch`: messages replayed per second. */
async function replay(plan: DeliveryPlan, room: string, epoch: string): Promise<number> {
  const socket = await openSocket(`${plan.url}?room=${encodeURIComponent(room)}`);
  let replayed = 0;
  const resumed = new Promise<number>((resolve, reject) => {
    socket.on('message', (raw: Buffer) => {
      const text = raw.toString();
      if (text.startsWith('{"type":"tick"')) return void replayed++;
      const frame = JSON.parse(text) as { type: string; data: { replayed?: number } };
      if (frame.type === '$resumed') resolve(frame.data.replayed ?? -1);
      else if (frame.type === '$reset') reject(new Error(`replay was answered with $reset: ${text}`));
    });
  });
  const started = now();
  socket.send(JSON.stringify({ type: '$resume', data: { rooms: { [room]: { offset: 0, epoch } } } }));
  const count = await resumed;
  const seconds = (now() - started) / 1000;
  socket.close();
  if (count !== plan.messages || replayed !== plan.messages)
    throw new Error(`replayed ${replayed} frames, $resumed said ${count}, expected ${plan.messages}`);
  return replayed / seconds;
}

/** Runs the plan's rounds against one instance. */
export async function runDelivery(plan: DeliveryPlan): Promise<DeliveryResult> {
  const sender = await openSocket(`${plan.url}?room=sender`);
  const result: DeliveryResult = { plain: [], stream: [], replay: [] };
  for (let round = 0; round < plan.rounds; round++) {
    const order = round % 2 === 0 ? (['plain', 'stream'] as const) : (['stream', 'plain'] as const);
    for (const kind of order) {
      // A fresh room per round: each stream log starts empty.
      const room = `${kind}:${round}`;
      const { perSecond, last } = await burst(plan, sender, room);
      result[kind].push(perSecond);
      if (kind === 'stream') {
        if (!last) throw new Error(`the pushes to ${room} carried no position`);
        result.replay.push(await replay(plan, room, last.epoch));
      }
    }
  }
  sender.close();
  return result;
}
