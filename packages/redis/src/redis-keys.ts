/**
 * Every key and channel the adapter uses, derived from the key prefix. Kept in one place so the
 * README's key table and the code cannot drift apart.
 *
 * | key                             | type   | holds                                                   |
 * | ------------------------------- | ------ | ------------------------------------------------------- |
 * | `{p}:bus`                       | channel| every message, presence event and disconnect request    |
 * | `{p}:presence:room:{room}`      | hash   | member id -> `{"instance","data","at"}`                  |
 * | `{p}:presence:rooms`            | set    | rooms whose hash is not empty                           |
 * | `{p}:presence:instances`        | set    | instance ids that registered and did not stop           |
 * | `{p}:presence:instance:{id}`    | set    | that instance's memberships, each `["room","member"]`   |
 * | `{p}:presence:alive:{id}`       | string | that instance's liveness, expires after `presenceTtlMs` |
 * | `{p}:stream:{room}`             | stream | a stream room's messages, ids `{offset}-0`, fields f, t |
 * | `{p}:stream-meta:{room}`        | hash   | a stream room's `epoch` and `top` (last offset)         |
 * | `{p}:session-secret`            | string | the HMAC secret of resume tokens (streams only)         |
 */
export class RedisKeys {
  readonly channel: string;
  readonly rooms: string;
  readonly instances: string;
  readonly session: string;
  readonly #prefix: string;

  constructor(prefix: string) {
    this.#prefix = prefix;
    this.channel = `${prefix}:bus`;
    this.rooms = `${prefix}:presence:rooms`;
    this.instances = `${prefix}:presence:instances`;
    this.session = `${prefix}:session-secret`;
  }

  room(room: string): string {
    return `${this.#prefix}:presence:room:${room}`;
  }

  memberships(instanceId: string): string {
    return `${this.#prefix}:presence:instance:${instanceId}`;
  }

  stream(room: string): string {
    return `${this.#prefix}:stream:${room}`;
  }

  streamMeta(room: string): string {
    return `${this.#prefix}:stream-meta:${room}`;
  }

  alive(instanceId: string): string {
    return `${this.#prefix}:presence:alive:${instanceId}`;
  }
}

/** One entry of an instance's membership set; JSON so that room names may contain any character. */
export function membershipEntry(room: string, memberId: string): string {
  return JSON.stringify([room, memberId]);
}

export function parseMembershipEntry(entry: string): { room: string; memberId: string } | undefined {
  try {
    const parsed: unknown = JSON.parse(entry);
    if (Array.isArray(parsed) && typeof parsed[0] === 'string' && typeof parsed[1] === 'string')
      return { room: parsed[0], memberId: parsed[1] };
  } catch {
    // Fall through: an entry we did not write is ignored like any other foreign data.
  }
  return undefined;
}
