import { io, type Socket } from 'socket.io-client';
import WebSocket from 'ws';
import type { Transport } from '../systems/system.js';

/** The chat message the load client sends. */
export interface ChatPayload {
  room: unknown;
  text: unknown;
  userId: unknown;
}

/** What a broadcast carries, so the client can tell one broadcast from the next. */
export interface BcastPayload {
  seq: number;
  sentAt: number;
}

/** One client connection, whatever the system's protocol: request/reply, broadcasts out and in. */
export interface Peer {
  /** Sends a `chat` message; `done(true)` on its reply, `done(false)` on an error answer. */
  request(data: ChatPayload, done: (ok: boolean, detail: string) => void): void;
  sendBroadcast(data: BcastPayload): void;
  onBroadcast(listener: (data: BcastPayload) => void): void;
  close(): void;
}

class JsonPeer implements Peer {
  private readonly pending = new Map<number, (ok: boolean, detail: string) => void>();
  private next = 0;
  private broadcastListener: ((data: BcastPayload) => void) | undefined;

  constructor(private readonly socket: WebSocket) {
    socket.on('message', (raw) => {
      const text = String(raw);
      const frame = JSON.parse(text) as { type?: string; id?: number; data?: unknown };
      if (frame.type === 'bcast') {
        this.broadcastListener?.(frame.data as BcastPayload);
        return;
      }
      if (typeof frame.id !== 'number') return;
      const done = this.pending.get(frame.id);
      this.pending.delete(frame.id);
      done?.(frame.type === 'reply', text);
    });
  }

  request(data: ChatPayload, done: (ok: boolean, detail: string) => void): void {
    const id = this.next++;
    this.pending.set(id, done);
    this.socket.send(JSON.stringify({ type: 'chat', id, data }));
  }

  sendBroadcast(data: BcastPayload): void {
    this.socket.send(JSON.stringify({ type: 'bcast', data }));
  }

  onBroadcast(listener: (data: BcastPayload) => void): void {
    this.broadcastListener = listener;
  }

  close(): void {
    this.socket.terminate();
  }
}

class SocketIoPeer implements Peer {
  constructor(private readonly socket: Socket) {}

  request(data: ChatPayload, done: (ok: boolean, detail: string) => void): void {
    this.socket.emit('chat', data, (answer: { data?: unknown; error?: unknown }) =>
      done(answer.data !== undefined, JSON.stringify(answer)),
    );
  }

  sendBroadcast(data: BcastPayload): void {
    this.socket.emit('bcast', data);
  }

  onBroadcast(listener: (data: BcastPayload) => void): void {
    this.socket.on('bcast', listener);
  }

  close(): void {
    this.socket.disconnect();
  }
}

/** Opens one connection to a system on 127.0.0.1:`port` and resolves once it is open. */
export function connectPeer(transport: Transport, port: number, path: string): Promise<Peer> {
  return new Promise((resolve, reject) => {
    if (transport === 'json') {
      const socket = new WebSocket(`ws://127.0.0.1:${port}${path}`, { perMessageDeflate: false });
      socket.once('open', () => resolve(new JsonPeer(socket)));
      socket.once('error', reject);
      return;
    }
    const socket = io(`http://127.0.0.1:${port}`, {
      transports: ['websocket'],
      forceNew: true,
      reconnection: false,
    });
    socket.once('connect', () => resolve(new SocketIoPeer(socket)));
    socket.once('connect_error', reject);
  });
}
