/**
 * Hostile WebSocket frames for the fuzz app: envelopes written as JSON text by hand (duplicate,
 * reserved and unknown fields, `type` and `id` of every kind, hostile `data`), broken JSON,
 * binary frames, and the frames that end a connection (invalid UTF-8, above `maxPayload`).
 *
 * Every valid `id` is unique in a run (a counter is part of it), so the suite can tell which frame
 * an answer belongs to and whether one came twice.
 */
import fc from 'fast-check';
import { dtoShapedTextArb, typedMessageArb } from './dto-shapes.js';
import { declaredFields, socketTypes } from './fuzz-app.js';
import {
  brokenJsonTextArb,
  extremeJsonTextArb,
  hostileStringArb,
  invalidUtf8Arb,
  jsonTextArb,
  reservedKeys,
  stringLiteral,
} from './hostile-json.js';

/** One frame to send; `text` is a function of the run's id counter so ids stay unique. */
export interface HostileFrame {
  readonly kind: 'envelope' | 'broken' | 'binary';
  readonly build: (uniqueId: number) => string | Buffer;
}

/** A frame after which the server closes the connection, with the close code it must use. */
export interface ClosingFrame {
  readonly kind: 'invalid-utf8' | 'too-large';
  readonly bytes: Buffer;
  readonly closeCode: number;
}

/** The `"id"` member's text, given the unique number; some are invalid on purpose. */
type IdText = (unique: number) => string;

const idArb: fc.Arbitrary<IdText> = fc.oneof(
  {
    weight: 6,
    arbitrary: hostileStringArb.map(
      (prefix): IdText =>
        (n) =>
          stringLiteral(`${prefix.slice(0, 100)}#${n}`),
    ),
  },
  {
    weight: 3,
    arbitrary: fc.constantFrom<IdText>(
      (n) => String(n),
      (n) => String(-n),
      (n) => `${n}.5`,
      (n) => `${n}e3`,
      (n) => String(2 ** 53 + n * 2),
      // Past 2^53 the text loses digits when parsed; the leading counter keeps it unique.
      (n) => `${n}${'0'.repeat(21)}1`,
    ),
  },
  // Invalid: the answer carries no id.
  {
    weight: 1,
    arbitrary: fc.constantFrom<IdText>(
      () => 'null',
      () => 'true',
      () => '{"id":1}',
      () => '[1]',
      (n) => stringLiteral(`${'x'.repeat(130)}${n}`),
      () => '1e999',
    ),
  },
);

const typeTextArb: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...socketTypes, '$ping').map(stringLiteral) },
  { weight: 2, arbitrary: fc.oneof(hostileStringArb, fc.constantFrom(...reservedKeys)).map(stringLiteral) },
  { weight: 1, arbitrary: fc.constantFrom('1', 'null', '{}', '["profile"]', 'true') },
);

const dataTextArb: fc.Arbitrary<string> = fc.oneof(
  { weight: 5, arbitrary: dtoShapedTextArb },
  { weight: 4, arbitrary: jsonTextArb(declaredFields) },
  { weight: 1, arbitrary: extremeJsonTextArb },
);

/** An envelope's members in any order, some missing, some repeated, some unknown. */
const envelopeArb: fc.Arbitrary<HostileFrame> = fc
  .record({
    // Half the time a declared type with data shaped like its DTO, so nested items are reached.
    typeAndData: fc.oneof(
      typedMessageArb,
      fc.tuple(
        fc.option(typeTextArb, { freq: 8, nil: undefined }),
        fc.option(dataTextArb, { freq: 6, nil: undefined }),
      ),
    ),
    id: fc.option(idArb, { freq: 6, nil: undefined }),
    extra: fc.array(fc.tuple(fc.constantFrom(...reservedKeys, 'payload', 'ID'), dataTextArb), {
      maxLength: 2,
    }),
    duplicateType: fc.option(typeTextArb, { freq: 1, nil: undefined }),
    order: fc.array(fc.nat(), { minLength: 8, maxLength: 8 }),
  })
  .map(({ typeAndData: [type, data], id, extra, duplicateType, order }) => ({
    kind: 'envelope' as const,
    build: (unique: number) => {
      const members: string[] = [];
      if (type !== undefined) members.push(`"type":${type}`);
      if (id !== undefined) members.push(`"id":${id(unique)}`);
      if (data !== undefined) members.push(`"data":${data}`);
      for (const [key, value] of extra) members.push(`${stringLiteral(key)}:${value}`);
      if (duplicateType !== undefined) members.push(`"type":${duplicateType}`);
      const shuffled = members
        .map((member, i) => [order[i % order.length] ?? 0, member] as const)
        .sort(([a], [b]) => a - b)
        .map(([, member]) => member);
      return `{${shuffled.join(',')}}`;
    },
  }));

export const hostileFrameArb: fc.Arbitrary<HostileFrame> = fc.oneof(
  { weight: 10, arbitrary: envelopeArb },
  {
    weight: 1,
    arbitrary: fc.oneof(brokenJsonTextArb, dataTextArb).map((text) => ({
      kind: 'broken' as const,
      build: () => text,
    })),
  },
  {
    weight: 1,
    arbitrary: fc.uint8Array({ maxLength: 64 }).map((bytes) => ({
      kind: 'binary' as const,
      build: () => Buffer.from(bytes),
    })),
  },
);

export const closingFrameArb: fc.Arbitrary<ClosingFrame> = fc.oneof(
  invalidUtf8Arb.map((bytes) => ({ kind: 'invalid-utf8' as const, bytes, closeCode: 1007 })),
  fc.integer({ min: 1_048_577, max: 1_060_000 }).map((size) => ({
    kind: 'too-large' as const,
    bytes: Buffer.from(`{"type":"note","id":"big","data":{"text":"${'x'.repeat(size)}"}}`),
    closeCode: 1009,
  })),
);

/** The id the server reads from a text frame (JSON.parse's: the last `"id"` wins), if it must echo it. */
export function expectedId(text: string): string | number | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    if (error instanceof SyntaxError) return undefined;
    throw error;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined;
  if (!Object.hasOwn(parsed, 'id')) return undefined;
  const id = (parsed as { id: unknown }).id;
  if (typeof id === 'string' && id.length <= 128) return id;
  if (typeof id === 'number' && Number.isFinite(id)) return id;
  return undefined;
}
