import type { PresenceMember } from '@halyard/core';
import type { Redis } from 'ioredis';
import { readMember } from './bus-message.js';
import { forgetInstanceScript, joinScript, leaveScript } from './lua-script.js';
import { membershipEntry, parseMembershipEntry, type RedisKeys } from './redis-keys.js';

/** A member as stored in its room's hash: who, on which instance, joined when. */
export interface MemberRecord {
  readonly member: PresenceMember;
  readonly instance: string;
  /** Join time (ms since epoch) on the owning instance; members are listed in join order. */
  readonly at: number;
}

function encodeRecord(record: MemberRecord): string {
  return JSON.stringify({
    instance: record.instance,
    at: record.at,
    ...(record.member.data !== undefined && { data: record.member.data }),
  });
}

function decodeRecord(memberId: string, raw: string): MemberRecord | undefined {
  try {
    const parsed = JSON.parse(raw) as { instance?: unknown; at?: unknown; data?: unknown };
    const member = readMember({ id: memberId, data: parsed.data });
    if (!member || typeof parsed.instance !== 'string' || typeof parsed.at !== 'number') return undefined;
    return { member, instance: parsed.instance, at: parsed.at };
  } catch {
    return undefined;
  }
}

/** Sorts by join time, then id, so every instance lists a room the same way. */
export function byJoinOrder(a: MemberRecord, b: MemberRecord): number {
  return a.at - b.at || (a.member.id < b.member.id ? -1 : a.member.id > b.member.id ? 1 : 0);
}

/**
 * The Redis side of presence: room hashes, the rooms index, per-instance membership sets and
 * liveness keys. Knows nothing about the bus or local connections; every method is one or a few
 * round trips and throws what the client throws (the adapter decides how to degrade).
 */
export class PresenceStore {
  readonly #client: Redis;
  readonly #keys: RedisKeys;
  readonly #instanceId: string;
  readonly #ttlMs: number;

  constructor(options: { client: Redis; keys: RedisKeys; instanceId: string; ttlMs: number }) {
    this.#client = options.client;
    this.#keys = options.keys;
    this.#instanceId = options.instanceId;
    this.#ttlMs = options.ttlMs;
  }

  /** Marks this instance alive and listed. */
  async register(): Promise<void> {
    await this.#client
      .multi()
      .set(this.#keys.alive(this.#instanceId), String(Date.now()), 'PX', this.#ttlMs)
      .sadd(this.#keys.instances, this.#instanceId)
      .exec();
  }

  /** Refreshes the liveness key; `true` when it had expired (others may have swept our members). */
  async heartbeat(): Promise<boolean> {
    const previous = await this.#client.set(
      this.#keys.alive(this.#instanceId),
      String(Date.now()),
      'PX',
      this.#ttlMs,
      'GET',
    );
    return previous === null;
  }

  /** Adds or updates one of this instance's members; `true` if it was not in the room yet. */
  async add(room: string, member: PresenceMember, at: number): Promise<boolean> {
    const record = encodeRecord({ member, instance: this.#instanceId, at });
    const added = await joinScript.run(
      this.#client,
      [this.#keys.room(room), this.#keys.rooms, this.#keys.memberships(this.#instanceId)],
      [member.id, record, room, membershipEntry(room, member.id)],
    );
    return added === 1;
  }

  /**
   * Removes one of this instance's members; resolves with it if it was there, `'moved'` when
   * another instance holds it now (a resumed connection took it over), so nobody is told it left.
   */
  remove(room: string, memberId: string): Promise<PresenceMember | 'moved' | undefined> {
    return this.#leave(room, memberId, { instance: this.#instanceId, mode: 'own' });
  }

  /** Removes a member of another instance, only if that instance is (still) dead and still holds it. */
  async removeDead(instance: string, room: string, memberId: string): Promise<PresenceMember | undefined> {
    const removed = await this.#leave(room, memberId, { instance, mode: 'dead' });
    return removed === 'moved' ? undefined : removed;
  }

  /** The secret every instance on this prefix shares for resume tokens: the first one to start sets it. */
  async sharedSecret(candidate: string): Promise<string> {
    await this.#client.set(this.#keys.session, candidate, 'NX');
    return (await this.#client.get(this.#keys.session)) ?? candidate;
  }

  /** Removes a membership of `instance`; in `dead` mode only while its liveness key is gone. */
  async #leave(
    room: string,
    memberId: string,
    { instance, mode }: { instance: string; mode: 'own' | 'dead' },
  ): Promise<PresenceMember | 'moved' | undefined> {
    const raw = await leaveScript.run(
      this.#client,
      [this.#keys.room(room), this.#keys.rooms, this.#keys.memberships(instance), this.#keys.alive(instance)],
      [memberId, room, membershipEntry(room, memberId), mode, instance],
    );
    if (typeof raw !== 'string') return undefined;
    if (raw === 'moved') return 'moved';
    return decodeRecord(memberId, raw)?.member ?? { id: memberId };
  }

  /** Memberships an instance has in Redis. */
  async memberships(instance: string): Promise<Array<{ room: string; memberId: string }>> {
    const entries = await this.#client.smembers(this.#keys.memberships(instance));
    return entries.flatMap((entry) => parseMembershipEntry(entry) ?? []);
  }

  /** The members recorded for each room (one pipelined round trip). */
  async readRooms(rooms: readonly string[]): Promise<Map<string, MemberRecord[]>> {
    const result = new Map<string, MemberRecord[]>();
    if (rooms.length === 0) return result;
    const pipeline = this.#client.pipeline();
    for (const room of rooms) pipeline.hgetall(this.#keys.room(room));
    const replies = (await pipeline.exec()) ?? [];
    rooms.forEach((room, index) => {
      const [error, hash] = replies[index] ?? [new Error('no reply'), null];
      if (error) throw error;
      const records = Object.entries((hash ?? {}) as Record<string, string>).flatMap(
        ([memberId, raw]) => decodeRecord(memberId, raw) ?? [],
      );
      result.set(room, records);
    });
    return result;
  }

  /** Rooms listed in the index (some may only hold members of dead instances). */
  roomNames(): Promise<string[]> {
    return this.#client.smembers(this.#keys.rooms);
  }

  /** Instances that registered and have not been forgotten. */
  instances(): Promise<string[]> {
    return this.#client.smembers(this.#keys.instances);
  }

  /** Which of these instances have a live liveness key. */
  async alive(instances: readonly string[]): Promise<Set<string>> {
    if (instances.length === 0) return new Set();
    const values = await this.#client.mget(...instances.map((instance) => this.#keys.alive(instance)));
    return new Set(instances.filter((_instance, index) => values[index] !== null));
  }

  /** Drops a dead instance from the index once it has no memberships left. */
  async forget(instance: string): Promise<void> {
    await forgetInstanceScript.run(
      this.#client,
      [this.#keys.instances, this.#keys.memberships(instance), this.#keys.alive(instance)],
      [instance],
    );
  }

  /** Deletes this instance's liveness key and listing (after its memberships were removed). */
  async unregister(): Promise<void> {
    await this.#client
      .multi()
      .del(this.#keys.alive(this.#instanceId), this.#keys.memberships(this.#instanceId))
      .srem(this.#keys.instances, this.#instanceId)
      .exec();
  }
}
