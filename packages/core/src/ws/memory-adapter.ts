import type { AdapterHost, BroadcastAdapter, OutboundMessage, PresenceMember } from './broadcast-adapter.js';

/**
 * The default adapter: rooms and broadcasts inside one process.
 *
 * @example `createApp({ controllers, websocket: { adapter: new MemoryAdapter() } })`
 */
export class MemoryAdapter implements BroadcastAdapter {
  readonly name = 'memory';
  #host: AdapterHost | undefined;
  readonly #rooms = new Map<string, Map<string, PresenceMember>>();

  async start(host: AdapterHost): Promise<void> {
    this.#host = host;
  }

  #requireHost(): AdapterHost {
    if (!this.#host) throw new Error('MemoryAdapter used before start()');
    return this.#host;
  }

  async publish(message: OutboundMessage): Promise<void> {
    this.#requireHost().deliver(message);
  }

  async join(room: string, member: PresenceMember): Promise<void> {
    let members = this.#rooms.get(room);
    if (!members) this.#rooms.set(room, (members = new Map()));
    members.set(member.id, member);
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
    return { rooms: this.#rooms.size, members };
  }

  async stop(): Promise<void> {
    this.#rooms.clear();
  }
}
