import type { PresenceEvent, PresenceMember } from '@halyard/core';

/**
 * What this instance's connections were told about the members of other instances, for the
 * rooms it has members in. Presence events are pub/sub, so those published while this instance
 * was not subscribed (a Redis outage, a restart in which every instance reconnects at its own
 * pace) are lost; on recovery the view is compared with what Redis lists and the difference is
 * delivered as `joined` / `left`, so a client that follows the events ends with the true members.
 */
export class RemoteView {
  readonly #rooms = new Map<string, Map<string, PresenceMember>>();

  /** Starts following a room (its first local member joined). */
  track(room: string): void {
    if (!this.#rooms.has(room)) this.#rooms.set(room, new Map());
  }

  /** Stops following a room (its last local member left). */
  untrack(room: string): void {
    this.#rooms.delete(room);
  }

  /** Adds the remote members Redis listed when the room started being followed. */
  seed(room: string, members: readonly PresenceMember[]): void {
    const view = this.#rooms.get(room);
    if (view) for (const member of members) view.set(member.id, member);
  }

  /** Records a presence event about another instance's member that was delivered locally. */
  apply(event: PresenceEvent): void {
    const view = this.#rooms.get(event.room);
    if (!view) return;
    if (event.kind === 'joined') view.set(event.member.id, event.member);
    else view.delete(event.member.id);
  }

  /** Whether this instance's connections were told `memberId` is in `room` (as another instance's member). */
  has(room: string, memberId: string): boolean {
    return this.#rooms.get(room)?.has(memberId) ?? false;
  }

  /** The member is this instance's own now (a resumed connection took it over here). */
  forget(room: string, memberId: string): void {
    this.#rooms.get(room)?.delete(memberId);
  }

  /** Sizes for `inspect()`: rooms followed and the remote members known in them. */
  counts(): { rooms: number; members: number } {
    let members = 0;
    for (const view of this.#rooms.values()) members += view.size;
    return { rooms: this.#rooms.size, members };
  }

  rooms(): string[] {
    return [...this.#rooms.keys()];
  }

  /**
   * Replaces the view of each followed room listed in `current` (the live remote members Redis
   * lists now) and returns the events that bring local connections up to date: `left` for members
   * that are gone, then `joined` for members they never heard of.
   */
  reconcile(current: ReadonlyMap<string, readonly PresenceMember[]>): PresenceEvent[] {
    const events: PresenceEvent[] = [];
    for (const [room, members] of current) {
      const view = this.#rooms.get(room);
      if (!view) continue;
      const now = new Map(members.map((member) => [member.id, member]));
      for (const [id, member] of view) if (!now.has(id)) events.push({ room, kind: 'left', member });
      for (const [id, member] of now) if (!view.has(id)) events.push({ room, kind: 'joined', member });
      this.#rooms.set(room, now);
    }
    return events;
  }
}
