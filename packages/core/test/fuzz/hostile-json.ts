/**
 * Arbitraries for hostile JSON: what an attacker with a plain HTTP or `ws` client can send. Values
 * are built as JSON text (not objects) where the text matters: duplicate keys, `__proto__` as an
 * own key, `-0`, `1e308`, numbers past 2^53 and lone surrogates survive only as text.
 */
import fc from 'fast-check';

/** Keys an object's prototype chain or a validator's bookkeeping could trip over. */
export const reservedKeys = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'valueOf',
  'hasOwnProperty',
  'isPrototypeOf',
  'toJSON',
  'then',
  'length',
  'type',
  'id',
  'data',
  'kind',
  '',
] as const;

/** Number literals that JSON.parse reads differently from how they look, written as text. */
const oddNumberTexts = [
  '-0',
  '0.0',
  '1e308',
  '-1e308',
  '1e309',
  '1e-7',
  '5e-324',
  '9007199254740993',
  '-9007199254740993',
  '123456789012345678901234567890',
  '1E3',
  '0.1',
  '2.5',
  '-1',
  '4294967296',
] as const;

/** A JSON text: a string literal escaping its content, including lone surrogates as `\ud800`. */
function stringLiteral(text: string): string {
  return JSON.stringify(text).replace(/[\ud800-\udfff]/g, (unit) => `\\u${unit.charCodeAt(0).toString(16)}`);
}

const loneSurrogateArb = fc
  .integer({ min: 0xd800, max: 0xdfff })
  .map((unit) => `a${String.fromCharCode(unit)}b`);

/** Strings: short, unicode, lone surrogates, control characters, long (within the limits). */
export const hostileStringArb: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: fc.string({ maxLength: 12 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 8 }) },
  { weight: 2, arbitrary: loneSurrogateArb },
  { weight: 2, arbitrary: fc.constantFrom(...reservedKeys) },
  { weight: 1, arbitrary: fc.constantFrom('0x1F', '1e3', ' 1 ', '', 'NaN', 'Infinity', 'true', 'null') },
  { weight: 1, arbitrary: fc.integer({ min: 200, max: 6_000 }).map((n) => 'x'.repeat(n)) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 20 }) },
);

/** Object keys: reserved names often, ordinary ones otherwise. */
export const hostileKeyArb: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...reservedKeys) },
  { weight: 3, arbitrary: fc.string({ maxLength: 6 }) },
  { weight: 1, arbitrary: loneSurrogateArb },
);

const numberTextArb: fc.Arbitrary<string> = fc.oneof(
  { weight: 2, arbitrary: fc.constantFrom(...oddNumberTexts) },
  { weight: 2, arbitrary: fc.integer().map(String) },
  {
    weight: 1,
    arbitrary: fc
      .double({ noNaN: true, noDefaultInfinity: true })
      .map((n) => (Object.is(n, -0) ? '-0' : JSON.stringify(n))),
  },
);

/**
 * A JSON text for one value, built by the caller's field names (`fields`, so that random shapes
 * often match a DTO's declared properties by name): scalars, odd numbers, objects with duplicate
 * and reserved keys, arrays with nulls and mixed items.
 */
export function jsonTextArb(fields: readonly string[], maxDepth = 4): fc.Arbitrary<string> {
  const keyArb = fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...fields) },
    { weight: 2, arbitrary: hostileKeyArb },
  );
  const { value } = fc.letrec<{ value: string }>((tie) => ({
    value: fc.oneof(
      { depthSize: 'small', maxDepth, withCrossShrink: true },
      fc.constantFrom('null', 'true', 'false', '{}', '[]'),
      numberTextArb,
      hostileStringArb.map(stringLiteral),
      fc
        .array(fc.tuple(keyArb, tie('value')), { maxLength: 6 })
        .map((entries) => `{${entries.map(([k, v]) => `${stringLiteral(k)}:${v}`).join(',')}}`),
      fc.array(tie('value'), { maxLength: 6 }).map((items) => `[${items.join(',')}]`),
    ),
  }));
  return value;
}

/** Shapes that stress the bounds: deep, wide, long arrays, many duplicate keys. */
export const extremeJsonTextArb: fc.Arbitrary<string> = fc.oneof(
  fc.integer({ min: 20, max: 3_000 }).map((depth) => `${'['.repeat(depth)}${']'.repeat(depth)}`),
  fc.integer({ min: 20, max: 2_000 }).map((depth) => `${'{"a":'.repeat(depth)}null${'}'.repeat(depth)}`),
  fc
    .integer({ min: 500, max: 4_000 })
    .map((n) => `{${Array.from({ length: n }, (_, i) => `"k${i}":0`).join(',')}}`),
  fc.integer({ min: 500, max: 4_000 }).map((n) => `[${Array.from({ length: n }, () => 'null').join(',')}]`),
  fc
    .integer({ min: 100, max: 3_000 })
    .map((n) => `{${Array.from({ length: n }, () => '"constructor":{"constructor":1}').join(',')}}`),
  fc
    .integer({ min: 100, max: 3_000 })
    .map((n) => `{${Array.from({ length: n }, (_, i) => `"k${i}":0`).join(',')},"zz":{"constructor":"x"}}`),
);

/** Bytes that are not valid UTF-8 (overlong forms, lone continuation bytes, surrogate halves). */
export const invalidUtf8Arb: fc.Arbitrary<Buffer> = fc
  .tuple(
    fc.string({ maxLength: 8 }),
    fc.constantFrom(
      [0xc0, 0xaf],
      [0xe0, 0x80, 0xaf],
      [0xed, 0xa0, 0x80],
      [0x80],
      [0xff, 0xfe],
      [0xf8, 0x88, 0x80, 0x80, 0x80],
      [0xe2, 0x82],
    ),
  )
  .map(([text, bytes]) =>
    Buffer.concat([Buffer.from(`{"type":"${text}`), Buffer.from(bytes), Buffer.from('"}')]),
  );

/** Raw text that is almost JSON. */
export const brokenJsonTextArb: fc.Arbitrary<string> = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.constantFrom(
    '{',
    '{"type":',
    '{"type":"echo",}',
    "{'type':'echo'}",
    '[1,2',
    'NaN',
    '\u0000',
    '{"a":1}{}',
  ),
);

export { stringLiteral };
