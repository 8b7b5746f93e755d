import { randomBytes } from 'node:crypto';
import type {
  AdapterHost,
  BroadcastAdapter,
  OutboundMessage,
  PresenceMember,
  StreamPosition,
  StreamRead,
  StreamWindow,
} from './broadcast-adapter.js';
import { MemoryStreamLog } from './memory-stream-log.js';

/**
 * The default adapter: rooms and broadcasts inside one process.
 *
 * @example `createApp({ controllers, websocket: { adapter: new MemoryAdapter() } })`
 */
export class MemoryAdapter implements BroadcastAdapter {
  readonly name = 'memory';
  #host: AdapterHost | undefined;
  readonly #rooms = new Map<string, Map<string, PresenceMember>>();
  #streams = new MemoryStreamLog();
  readonly #secret = randomBytes(32).toString('base64url');

  async start(host: AdapterHost): Promise<void> {
    this.#host = host;
    // Every start is a new log: positions handed out before it get a reset.
    this.#streams = new MemoryStreamLog();
  }

  #requireHost(): AdapterHost {
    if (!this.#host) throw new Error('MemoryAdapter used before start()');
    return this.#host;
  }

  async publish(message: OutboundMessage): Promise<void> {
    const host = this.#requireHost();
    const { stream, target } = message;
    if (stream && target.kind === 'room')
      host.deliver({ ...message, position: this.#streams.append(target.room, message.frame, stream) });
    else host.deliver(message);
  }

  async readStream(room: string, since: StreamPosition, window: StreamWindow): Promise<StreamRead> {
    return this.#streams.read(room, since, window);
  }

  async streamPosition(room: string, window: StreamWindow): Promise<StreamPosition> {
    return this.#streams.position(room, window);
  }

  async sessionSecret(): Promise<string> {
    // Per process, like the epochs: a token of a previous start is refused.
    return this.#secret;
  }

  async join(room: string, member: PresenceMember): Promise<void> {
    let members = this.#rooms.get(room);
    if (!members) this.#rooms.set(room, (members = new Map()));
    const already = members.has(member.id);
    members.set(member.id, member);
    // The same id again is a resumed connection taking its membership over: nobody hears a join.
    if (already) return;
    this.#requireHost().presence({ room, kind: 'joined', member });
  }

  async leave(room: string, memberId: string): Promise<void> {
    const members = this.#rooms.get(room);
    const member = members?.get(memberId);
    if (!members || !member) return;
    members.delete(memberId);
    if (members.size === 0) this.#rooms.delete(room);
    this.#requireHost().presence({ room, kind: 'left', member });
  }

  async members(room: string): Promise<PresenceMember[]> {
    return [...(this.#rooms.get(room)?.values() ?? [])];
  }

  async rooms(): Promise<string[]> {
    return [...this.#rooms.keys()].sort();
  }

  async disconnect(id: string, code: number, reason: string): Promise<void> {
    this.#requireHost().disconnect(id, code, reason);
  }

  inspect(): Readonly<Record<string, number>> {
    let members = 0;
    for (const room of this.#rooms.values()) members += room.size;
    // Streams are left out: they outlive their rooms' members by design (bounded by their window).
    return { rooms: this.#rooms.size, members };
  }

  async stop(): Promise<void> {
    this.#rooms.clear();
    this.#streams.clear();
  }
}
