/** A positive integer from the environment variable `name`, or `fallback` when it is unset or empty. */
export function positiveFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1)
    throw new Error(`${name} must be a positive integer, got "${raw}"`);
  return value;
}

/**
 * One number per key, each `Number(process.env[name] ?? fallback)` (unchecked, as the older
 * suites always read their sizes), from a table of `key: [name, fallback]`.
 *
 * @example numbersFromEnv({ rounds: ['BENCH_ROUNDS', 3] }) // { rounds: 3 } when BENCH_ROUNDS is unset
 */
export function numbersFromEnv<Key extends string>(
  table: Readonly<Record<Key, readonly [name: string, fallback: number]>>,
): Record<Key, number> {
  const entries = Object.entries<readonly [string, number]>(table);
  return Object.fromEntries(
    entries.map(([key, [name, fallback]]) => [key, Number(process.env[name] ?? fallback)]),
  ) as Record<Key, number>;
}
