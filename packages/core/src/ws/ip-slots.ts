import { isIPv4, isIPv6 } from 'node:net';

const mappedIpv4 = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i;

/**
 * The key one client address counts under: an IPv4 address as it is, an IPv6 address by its /64
 * prefix (one host usually owns a whole /64 and can pick any address in it), an IPv4-mapped IPv6
 * address as its IPv4 address.
 *
 * @example `addressKey('2001:db8:1:2::17') // '2001:db8:1:2::/64'`
 */
export function addressKey(address: string | undefined): string {
  if (address === undefined || address === '') return 'unknown';
  const mapped = mappedIpv4.exec(address);
  if (mapped?.[1]) return mapped[1];
  if (isIPv4(address) || !isIPv6(address)) return address;
  const [head = '', tail] = address.toLowerCase().split('%', 1)[0]?.split('::') ?? [];
  // A dotted IPv4 tail stands for two groups; only the first four groups matter here anyway.
  const groups = (part: string): string[] =>
    part === '' ? [] : part.split(':').flatMap((group) => (group.includes('.') ? ['0', '0'] : [group]));
  const first = groups(head);
  const last = tail === undefined ? [] : groups(tail);
  const all =
    tail === undefined ? first : [...first, ...Array(8 - first.length - last.length).fill('0'), ...last];
  return `${all
    .slice(0, 4)
    .map((group) => Number.parseInt(group, 16).toString(16))
    .join(':')}::/64`;
}

const noop = (): void => undefined;

/**
 * Connections per client address across every socket route of the app (`maxConnectionsPerIp`),
 * so one address cannot multiply its per-connection rate limit or fill `maxConnections` alone.
 * A slot is taken by the upgrade check and given back when the upgrade's TCP socket closes, its
 * one owner, whatever happened in between (refused, failed, opened and closed).
 */
export class IpSlots {
  readonly #held = new Map<string, number>();
  #slots = 0;

  constructor(private readonly max: number) {}

  /** Addresses holding a slot, and the slots held. */
  get addresses(): number {
    return this.#held.size;
  }

  get slots(): number {
    return this.#slots;
  }

  /** False when `maxConnectionsPerIp` is off: a release then has nothing to give back. */
  get counting(): boolean {
    return this.max !== Infinity;
  }

  /** Takes a slot for `address`; its (idempotent) release, or `undefined` when the address is full. */
  reserve(address: string | undefined): (() => void) | undefined {
    // Off (Infinity): nothing is counted, nothing costs.
    if (this.max === Infinity) return noop;
    const key = addressKey(address);
    const count = this.#held.get(key) ?? 0;
    if (count >= this.max) return undefined;
    this.#held.set(key, count + 1);
    this.#slots++;
    let held = true;
    return () => {
      if (!held) return;
      held = false;
      this.#slots--;
      const left = (this.#held.get(key) ?? 1) - 1;
      if (left === 0) this.#held.delete(key);
      else this.#held.set(key, left);
    };
  }
}
