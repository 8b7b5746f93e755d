import type { PresenceMember } from '@halyard/core';
import { byJoinOrder, type MemberRecord } from './presence-store.js';
import type { LocalMember } from './presence-sync.js';

/**
 * This instance's own room members, the truth the adapter re-writes to Redis after an outage,
 * and the members that left while Redis could not be told (their `left` is published on the next
 * re-sync, since the restarted Redis no longer knows they were there).
 *
 * @example
 * ```ts
 * const local = new LocalMembers();
 * local.add('room:1', { id: 'c1' }, Date.now()); // true: the first member of room:1 here
 * local.remove('room:1', 'c1'); // { member: { id: 'c1' }, lastHere: true }
 * ```
 */
export class LocalMembers {
  readonly #rooms = new Map<string, Map<string, LocalMember>>();
  #departed = new Map<string, Map<string, PresenceMember>>();

  /** The rooms and their members, read by the presence re-sync. */
  get rooms(): ReadonlyMap<string, ReadonlyMap<string, LocalMember>> {
    return this.#rooms;
  }

  /** Adds a member (a rejoin cancels a pending departure); `true` when it is the room's first here. */
  add(room: string, member: PresenceMember, at: number): boolean {
    let members = this.#rooms.get(room);
    const firstHere = !members;
    if (!members) this.#rooms.set(room, (members = new Map()));
    members.set(member.id, { member, at });
    this.#departed.get(room)?.delete(member.id);
    return firstHere;
  }

  /** Removes a member; `undefined` when it was not here, else the member and whether the room emptied. */
  remove(room: string, memberId: string): { member: PresenceMember; lastHere: boolean } | undefined {
    const members = this.#rooms.get(room);
    const entry = members?.get(memberId);
    if (!members || !entry) return undefined;
    members.delete(memberId);
    const lastHere = members.size === 0;
    if (lastHere) this.#rooms.delete(room);
    return { member: entry.member, lastHere };
  }

  has(room: string, memberId: string): boolean {
    return this.#rooms.get(room)?.has(memberId) ?? false;
  }

  roomNames(): string[] {
    return [...this.#rooms.keys()];
  }

  /** The room's members here as presence records of `instanceId`, in join order. */
  records(room: string, instanceId: string): MemberRecord[] {
    return [...(this.#rooms.get(room)?.values() ?? [])]
      .map(({ member, at }) => ({ member, at, instance: instanceId }))
      .sort(byJoinOrder);
  }

  /** Remembers a member whose leave could not be written to Redis. */
  markDeparted(room: string, member: PresenceMember): void {
    let members = this.#departed.get(room);
    if (!members) this.#departed.set(room, (members = new Map()));
    members.set(member.id, member);
  }

  /** Hands the pending departures to a re-sync; give them back with `restoreDeparted` if it fails. */
  takeDeparted(): Map<string, Map<string, PresenceMember>> {
    const departed = this.#departed;
    this.#departed = new Map();
    return departed;
  }

  /** Puts back departures a failed re-sync did not publish, except members that have rejoined since. */
  restoreDeparted(departed: ReadonlyMap<string, ReadonlyMap<string, PresenceMember>>): void {
    for (const [room, members] of departed)
      for (const member of members.values()) if (!this.has(room, member.id)) this.markDeparted(room, member);
  }

  /** Sizes for `inspect()`: rooms and members here, and departures not yet published. */
  counts(): { rooms: number; members: number; departed: number } {
    let members = 0;
    for (const room of this.#rooms.values()) members += room.size;
    let departed = 0;
    for (const room of this.#departed.values()) departed += room.size;
    return { rooms: this.#rooms.size, members, departed };
  }

  clear(): void {
    this.#rooms.clear();
    this.#departed.clear();
  }
}
