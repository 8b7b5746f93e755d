/**
 * Deterministic inputs for the compiled-validator differential test: a seeded generator, the
 * values it draws from, and inputs shaped as a body or message (JSON) or as Fastify's text sources.
 */
export type Rng = () => number;

export const hash = (text: string): number =>
  [...text].reduce((h, char) => Math.imul(h ^ char.charCodeAt(0), 16777619) >>> 0, 2166136261);

export function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let r = Math.imul(a ^ (a >>> 15), 1 | a);
    r = (r + Math.imul(r ^ (r >>> 7), 61 | r)) ^ r;
    return ((r ^ (r >>> 14)) >>> 0) / 4294967296;
  };
}

export const pick = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng() * items.length)] as T;

const strings = [
  ...[
    '',
    ' ',
    'a',
    'x',
    'ab',
    'abc',
    'abcd',
    'hello',
    'HELLO',
    'xxxxxxxxxxxx',
    'mixed x',
    'later',
    'pending',
  ],
  ...['0', '1', '-5', '1.5', '1e3', '0x1F', '  42  ', '100', '101', 'NaN', 'Infinity', 'true', 'false'],
  ...['null', '2024-01-02', '2024-01-02T03:04:05Z', '2019-05-05', 'not a date', 'a@b.co', 'user@example.com'],
  ...['$value', '$property', '$&', 'red', 'green', 'email', 'phone', 'none', 'yes', 'root', 'fast', 'slow'],
  ...['constructor', '__proto__', 'toString', 'a', 'b', 'z', 'asc', '12345', 'Paris', 'Rome'],
];
const numbers = [
  0,
  -0,
  1,
  -1,
  2,
  3,
  4,
  5,
  7,
  10,
  11,
  15,
  20,
  42,
  99,
  100,
  101,
  1.5,
  2.25,
  0.001,
  -3.75,
  1e21,
  2 ** 53 + 2,
];
const keys = [
  ...['extra', 'x', '0', '7', '10', 'constructor', '__proto__', 'toString', 'valueOf', 'hasOwnProperty'],
  ...['length', 'then', 'name', 'id', 'upper', 'describe', 'undeclared', 'kind', 'qty', 'label', 'city'],
];

function define(object: Record<string, unknown>, key: string, value: unknown): void {
  // A plain assignment to `__proto__` would set the prototype; JSON.parse makes it an own key.
  Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
}

export function randomValue(rng: Rng, depth: number): unknown {
  const roll = rng();
  if (roll < 0.3) return pick(rng, strings);
  if (roll < 0.55) return pick(rng, numbers);
  if (roll < 0.62) return rng() < 0.5;
  if (roll < 0.68) return null;
  if (depth <= 0) return pick(rng, strings);
  if (roll < 0.84) return Array.from({ length: Math.floor(rng() * 4) }, () => randomValue(rng, depth - 1));
  const object: Record<string, unknown> = {};
  for (let n = Math.floor(rng() * 4); n > 0; n--)
    define(object, pick(rng, keys), randomValue(rng, depth - 1));
  return object;
}

export type Sample = (rng: Rng) => Record<string, unknown>;

function mutate(rng: Rng, value: unknown, depth: number): unknown {
  if (typeof value !== 'object' || value === null || depth > 3) return value;
  if (Array.isArray(value)) {
    const roll = rng();
    if (roll < 0.3) value.push(randomValue(rng, 2));
    else if (roll < 0.5 && value.length) value[Math.floor(rng() * value.length)] = randomValue(rng, 2);
    else if (value.length) mutate(rng, value[Math.floor(rng() * value.length)], depth + 1);
    return value;
  }
  const object = value as Record<string, unknown>;
  const own = Object.keys(object);
  const roll = rng();
  if (roll < 0.2 && own.length) delete object[pick(rng, own)];
  else if (roll < 0.45 && own.length) define(object, pick(rng, own), randomValue(rng, 2));
  else if (roll < 0.6) define(object, pick(rng, keys), randomValue(rng, 2));
  else if (own.length) mutate(rng, object[pick(rng, own)], depth + 1);
  return object;
}

/** JSON-shaped input for a body or message: a valid sample, one with 0-3 mutations, or garbage. */
export function jsonInput(rng: Rng, sample: Sample): unknown {
  const roll = rng();
  if (roll < 0.08) return randomValue(rng, 3);
  // Samples list a valid choice first: a damped generator yields mostly valid, unmutated objects.
  if (roll < 0.35) return JSON.parse(JSON.stringify(sample(() => rng() * 0.15))) as unknown;
  let value: unknown = sample(rng);
  for (let n = Math.floor(rng() * 4); n > 0; n--) value = mutate(rng, value, 0);
  return JSON.parse(JSON.stringify(value)) as unknown;
}

function text(rng: Rng, value: unknown): unknown {
  if (value === null || value === undefined) return pick(rng, strings);
  if (Array.isArray(value)) return value.map((item) => text(rng, item));
  if (typeof value === 'object') return rng() < 0.7 ? Object.prototype.toString.call(value) : value;
  return String(value);
}

/** Input as Fastify gives query, params and headers: a null-prototype object of strings (arrays for repeats). */
export function textInput(rng: Rng, sample: Sample): unknown {
  const json = jsonInput(rng, sample);
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return json;
  const out = Object.create(null) as Record<string, unknown>;
  for (const [key, value] of Object.entries(json)) out[key] = rng() < 0.1 ? value : text(rng, value);
  return out;
}

export const some = <T>(rng: Rng, make: () => T, max = 3): T[] =>
  Array.from({ length: Math.floor(rng() * (max + 1)) }, make);
