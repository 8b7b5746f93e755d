import WebSocket from 'ws';
import type { SoakClientSummary } from './soak-protocol.js';

// The soak load client, in its own process:
// `node soak-client.js <url> <connections> <seconds> <messagesPerSecondPerConnection>`.
// Each of `connections` slots connects, talks for a random 2-20 s (mostly valid messages, some
// invalid ones, joins, leaves, room pushes, slow handlers, now and then a flood or an oversized
// frame that gets it closed), then closes cleanly or drops the TCP connection, and reconnects.

const [url = '', connectionsArg = '1000', secondsArg = '600', rateArg = '1'] = process.argv.slice(2);
const connections = Number(connectionsArg);
const seconds = Number(secondsArg);
const rate = Number(rateArg);
const deadline = Date.now() + seconds * 1000;

let connects = 0;
let refusedUpgrades = 0;
let sent = 0;
let replies = 0;
let unanswered = 0;
const errorFrames: Record<string, number> = {};
const closes: Record<string, number> = {};
const open = new Set<WebSocket>();

const random = (below: number): number => Math.floor(Math.random() * below);
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const count = (table: Record<string, number>, key: string): void => {
  table[key] = (table[key] ?? 0) + 1;
};

/** One connection's life; resolves when it is closed. */
async function live(index: number): Promise<void> {
  // About 50 members per room at 1000 connections: presence fan-out stays realistic.
  const rooms = `room-${index % 20}`;
  const socket = new WebSocket(`${url}?name=s${index}&rooms=${rooms}`, { perMessageDeflate: false });
  const opened = await new Promise<boolean>((resolve) => {
    socket.once('open', () => resolve(true));
    socket.once('unexpected-response', (_request, response) => {
      refusedUpgrades++;
      response.resume();
      socket.terminate();
      resolve(false);
    });
    socket.once('error', () => resolve(false));
  });
  if (!opened) return;
  connects++;
  open.add(socket);
  const pending = new Set<number | string>();
  let seq = 0;
  const closed = new Promise<void>((resolve) =>
    socket.once('close', (code) => {
      open.delete(socket);
      count(closes, String(code));
      resolve();
    }),
  );
  socket.on('error', () => socket.terminate());
  socket.on('message', (data, isBinary) => {
    if (isBinary) return;
    const frame = JSON.parse(String(data)) as {
      type: string;
      id?: number | string;
      error?: { code: string };
    };
    if (frame.type === 'error' && frame.error) count(errorFrames, frame.error.code);
    if (frame.id !== undefined && (frame.type === 'reply' || frame.type === 'error')) {
      pending.delete(frame.id);
      if (frame.type === 'reply') replies++;
    }
  });
  const send = (text: string | Buffer, id?: number): void => {
    if (socket.readyState !== WebSocket.OPEN) return;
    if (id !== undefined) pending.add(id);
    socket.send(text, { binary: typeof text !== 'string' });
    sent++;
  };
  const act = (): void => {
    const id = seq++;
    const roll = random(100);
    const room = `room-${random(20)}`;
    if (roll < 55) send(JSON.stringify({ type: 'say', id, data: { text: `hello ${id}`, seq: id } }), id);
    else if (roll < 63) send(JSON.stringify({ type: 'say', data: { text: 'no id', seq: id } }));
    else if (roll < 71) send(JSON.stringify({ type: 'join', id, data: { room } }), id);
    else if (roll < 76) send(JSON.stringify({ type: 'leave', id, data: { room } }), id);
    else if (roll < 81) send(JSON.stringify({ type: 'room', id, data: { room, text: 'to the room' } }), id);
    else if (roll < 85) send(JSON.stringify({ type: 'pause', id, data: { ms: 50 + random(250) } }), id);
    else if (roll < 88) send('{"type":"say","id":');
    else if (roll < 91) send(JSON.stringify({ type: 'say', id, data: { text: '', seq: -1 } }), id);
    else if (roll < 93) send(JSON.stringify({ type: 'shout', id, data: {} }), id);
    else if (roll < 95) send(Buffer.from([0, 1, 2, 3]));
    else if (roll < 97) send(JSON.stringify({ type: 'say', id, extra: true }), id);
    else if (roll < 98) send(JSON.stringify({ type: 'say', data: { text: 'x'.repeat(20_000), seq: 1 } }));
    else
      for (let frame = 0; frame < 80; frame++)
        send(JSON.stringify({ type: 'say', data: { text: 'flood', seq: frame } }));
  };
  const lifeEnds = Math.min(deadline, Date.now() + 2_000 + random(18_000));
  while (Date.now() < lifeEnds && socket.readyState === WebSocket.OPEN) {
    act();
    await Promise.race([pause((1000 / rate) * (0.5 + Math.random())), closed]);
  }
  if (socket.readyState === WebSocket.OPEN) {
    if (Math.random() < 0.5) {
      // A clean goodbye: every request with an id must have had its answer by then (10 s is far
      // beyond any answer time; a shared CI machine can still stall for a second or two).
      const waitUntil = Date.now() + 10_000;
      while (pending.size > 0 && Date.now() < waitUntil && socket.readyState === WebSocket.OPEN)
        await pause(20);
      if (socket.readyState === WebSocket.OPEN) unanswered += pending.size;
      socket.close(1000);
    } else {
      socket.terminate();
    }
  }
  await closed;
}

async function slot(index: number): Promise<void> {
  // Spread the first connects over a second so the start is not one burst of upgrades.
  await pause(random(1_000));
  while (Date.now() < deadline) {
    await live(index);
    await pause(50 + random(200));
  }
}

const started = Date.now();
await Promise.all(Array.from({ length: connections }, (_, index) => slot(index)));
for (const socket of open) socket.close(1000);
while (open.size > 0) await pause(20);
const summary: SoakClientSummary = {
  seconds: Math.round((Date.now() - started) / 1000),
  connects,
  refusedUpgrades,
  sent,
  replies,
  errorFrames,
  closes,
  unanswered,
};
console.log(JSON.stringify(summary));
