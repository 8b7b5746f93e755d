import type { PresenceEvent, PresenceMember } from '@halyard/core';
import type { MemberRecord, PresenceStore } from './presence-store.js';

/** One of this instance's members, as the adapter keeps it locally. */
export interface LocalMember {
  readonly member: PresenceMember;
  /** Join time, ms since epoch with sub-millisecond precision. */
  readonly at: number;
}

/** What the reconciliation needs from the adapter. */
export interface PresenceSyncHost {
  readonly instanceId: string;
  readonly store: PresenceStore;
  /** This instance's members by room: the truth Redis is made to match. */
  readonly local: ReadonlyMap<string, ReadonlyMap<string, LocalMember>>;
  /** Publishes a presence event to the other instances; never throws. */
  publish(event: PresenceEvent): Promise<void>;
  /** Tells this instance's connections (a member of another instance was removed here). */
  deliver(event: PresenceEvent): void;
  /** A removal that failed on the side (the caller's answer does not depend on it). */
  failed(operation: string, error: unknown): void;
}

/**
 * Keeps Redis and the local view of presence consistent: re-writes this instance's memberships
 * after a (re)connect or a lapse, filters and removes the members of dead instances, and removes
 * everything of this instance on stop. Whoever removes a record publishes its `left` event; the
 * store's scripts make each removal happen once, so each event is published once.
 */
export class PresenceSync {
  readonly #host: PresenceSyncHost;

  constructor(host: PresenceSyncHost) {
    this.#host = host;
  }

  /**
   * Makes Redis match the local memberships, publishing `joined` / `left` for what the other
   * instances missed. Each write is issued only if the local state still calls for it at that
   * moment; a later join or leave is issued after it on the same connection, so they cannot cross.
   *
   * `departed` holds members that left this instance while Redis could not be told. When Redis
   * still has them, removing them publishes their `left`; when it lost them (a restart without
   * persistence) their `left` is published anyway, or the other instances' clients, which only
   * heard the `joined`, would keep listing them.
   */
  async resync(
    departed: ReadonlyMap<string, ReadonlyMap<string, PresenceMember>> = new Map(),
  ): Promise<void> {
    const { store, local, instanceId } = this.#host;
    await store.register();
    const stored = await store.memberships(instanceId);
    const writes: Array<Promise<unknown>> = [];
    const inRedis = new Set(stored.map(({ room, memberId }) => JSON.stringify([room, memberId])));
    for (const [room, members] of departed)
      for (const [memberId, member] of members)
        if (!local.get(room)?.has(memberId) && !inRedis.has(JSON.stringify([room, memberId])))
          writes.push(this.#host.publish({ room, kind: 'left', member }));
    for (const { room, memberId } of stored) {
      if (local.get(room)?.has(memberId)) continue;
      writes.push(
        store
          .remove(room, memberId)
          .then((member) =>
            member && member !== 'moved' ? this.#host.publish({ room, kind: 'left', member }) : undefined,
          ),
      );
    }
    for (const [room, members] of local)
      for (const { member, at } of members.values())
        writes.push(
          store
            .add(room, member, at)
            .then((added) => (added ? this.#host.publish({ room, kind: 'joined', member }) : undefined)),
        );
    await Promise.all(writes);
  }

  /** The members of one room recorded in Redis by the other instances that are still alive. */
  async liveRemoteRoom(room: string): Promise<MemberRecord[]> {
    const records = (await this.#host.store.readRooms([room])).get(room) ?? [];
    const remote = await this.liveRemote(new Map([[room, records]]));
    return remote.get(room) ?? [];
  }

  /**
   * The members of other live instances, by room. Records of instances whose liveness key expired
   * are left out and removed; this instance's own records are left out too (its local map is the
   * truth for them).
   */
  async liveRemote(byRoom: ReadonlyMap<string, MemberRecord[]>): Promise<Map<string, MemberRecord[]>> {
    const { store, instanceId } = this.#host;
    const instances = new Set<string>();
    for (const records of byRoom.values())
      for (const record of records) if (record.instance !== instanceId) instances.add(record.instance);
    const alive = await store.alive([...instances]);
    const live = new Map<string, MemberRecord[]>();
    const dead: Array<Promise<void>> = [];
    for (const [room, records] of byRoom) {
      const kept: MemberRecord[] = [];
      for (const record of records) {
        if (record.instance === instanceId) continue;
        if (alive.has(record.instance)) kept.push(record);
        else dead.push(this.#removeDead(record.instance, room, record.member.id));
      }
      live.set(room, kept);
    }
    await Promise.all(dead);
    return live;
  }

  /** Removes the members of every instance whose liveness key expired, then forgets it. */
  async sweep(): Promise<void> {
    const { store, instanceId } = this.#host;
    const others = (await store.instances()).filter((instance) => instance !== instanceId);
    const alive = await store.alive(others);
    for (const instance of others) {
      if (alive.has(instance)) continue;
      const memberships = await store.memberships(instance);
      await Promise.all(memberships.map(({ room, memberId }) => this.#removeDead(instance, room, memberId)));
      await store.forget(instance);
    }
  }

  /** On stop: removes every membership of this instance, tells the others, drops its keys. */
  async removeAll(): Promise<void> {
    const { store, local, instanceId } = this.#host;
    const entries = new Map<string, { room: string; memberId: string }>();
    for (const { room, memberId } of await store.memberships(instanceId))
      entries.set(JSON.stringify([room, memberId]), { room, memberId });
    for (const [room, members] of local)
      for (const memberId of members.keys())
        entries.set(JSON.stringify([room, memberId]), { room, memberId });
    await Promise.all(
      [...entries.values()].map(async ({ room, memberId }) => {
        const member = await store.remove(room, memberId);
        // 'moved': a resumed connection holds it on another instance; it did not leave.
        if (member && member !== 'moved') await this.#host.publish({ room, kind: 'left', member });
      }),
    );
    await store.unregister();
  }

  async #removeDead(instance: string, room: string, memberId: string): Promise<void> {
    try {
      const member = await this.#host.store.removeDead(instance, room, memberId);
      if (!member) return;
      const event: PresenceEvent = { room, kind: 'left', member };
      this.#host.deliver(event);
      await this.#host.publish(event);
    } catch (error) {
      this.#host.failed('sweep', error);
    }
  }
}
