/** A positive integer from the environment variable `name`, or `fallback` when it is unset or empty. */
export function positiveFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1)
    throw new Error(`${name} must be a positive integer, got "${raw}"`);
  return value;
}

/** A suite's sizes: key → the environment variable it is read from and its default. */
export type SizeTable<Key extends string> = Readonly<Record<Key, readonly [name: string, fallback: number]>>;

function readTable<Key extends string>(
  table: SizeTable<Key>,
  read: (name: string, fallback: number) => number,
): Record<Key, number> {
  const entries = Object.entries<readonly [string, number]>(table);
  return Object.fromEntries(entries.map(([key, [name, fallback]]) => [key, read(name, fallback)])) as Record<
    Key,
    number
  >;
}

/**
 * One number per key, each `Number(process.env[name] ?? fallback)` (unchecked, as the older
 * suites always read their sizes).
 *
 * @example numbersFromEnv({ rounds: ['BENCH_ROUNDS', 3] }) // { rounds: 3 } when BENCH_ROUNDS is unset
 */
export const numbersFromEnv = <Key extends string>(table: SizeTable<Key>): Record<Key, number> =>
  readTable(table, (name, fallback) => Number(process.env[name] ?? fallback));

/** One positive integer per key, each read with `positiveFromEnv` (a bad value throws, naming the variable). */
export const positivesFromEnv = <Key extends string>(table: SizeTable<Key>): Record<Key, number> =>
  readTable(table, positiveFromEnv);
