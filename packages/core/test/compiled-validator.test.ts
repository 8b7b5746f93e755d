/**
 * The compiled validator against class-transformer + class-validator on a hand-written corpus
 * (differential/corpus-*.ts): seeded inputs for every DTO, source and setting, and hand-picked
 * edge cases, must get the same answer from both paths. What the compiler declines, and the
 * `validation.compiled` setting through the app, are in compiled-validator-fallback.test.ts.
 */
import 'reflect-metadata';
import { isDeepStrictEqual } from 'node:util';
import t from 'tap';
import { compileClassValidatorDto } from '../src/validation/class-validator-dto.js';
import { compileFastDto, compileFastDtoOrReason } from '../src/validation/compiled-validator.js';
import type { Class } from '../src/types.js';
import type { ValueSource } from '../src/validation/field-error.js';
import { defaultValidationSettings, type ValidationSettings } from '../src/validation/validation-settings.js';
import {
  DatesDto,
  DefaultsDto,
  EmptyDto,
  ListHolderDto,
  NestedDto,
  SearchQuery,
  StringsDto,
} from './differential/corpus-dtos.js';
import { hash, jsonInput, mulberry32, textInput } from './differential/corpus-inputs.js';
import { samples } from './differential/corpus-samples.js';

const protoIds = new Map<unknown, number>();
const protoId = (proto: unknown): number => {
  if (!protoIds.has(proto)) protoIds.set(proto, protoIds.size);
  return protoIds.get(proto) as number;
};

/** Everything observable about a value: prototypes, own enumerable keys in order, dates, -0 and NaN. */
function describe(value: unknown): unknown {
  if (value === undefined) return { undefined: true };
  if (typeof value === 'number')
    return Object.is(value, -0) || Number.isNaN(value) ? { number: String(value) } : value;
  if (typeof value !== 'object' || value === null) return value;
  const proto = protoId(Object.getPrototypeOf(value));
  if (value instanceof Date) return { proto, date: String(value.getTime()) };
  const entries = Object.keys(value).map((key) => [key, describe((value as Record<string, unknown>)[key])]);
  return Array.isArray(value) ? { proto, length: value.length, entries } : { proto, entries };
}

type Run = (input: unknown) => unknown;

function outcome(run: Run, input: unknown): unknown {
  try {
    const result = run(input) as { ok: boolean; value?: unknown; errors?: unknown };
    return result.ok ? { ok: true, value: describe(result.value) } : { ok: false, errors: result.errors };
  } catch (error) {
    return { threw: `${(error as Error).name}: ${(error as Error).message}` };
  }
}

const variants: Array<[string, ValidationSettings]> = [
  ['defaults', defaultValidationSettings],
  ['strip', { ...defaultValidationSettings, forbidNonWhitelisted: false }],
  ['no whitelist', { ...defaultValidationSettings, whitelist: false, forbidNonWhitelisted: false }],
  [
    'unknown allowed',
    { ...defaultValidationSettings, forbidUnknownValues: false, forbidNonWhitelisted: false },
  ],
  ['stop at first', { ...defaultValidationSettings, stopAtFirstError: true }],
];
const sources: ValueSource[] = ['body', 'message', 'query', 'params', 'headers'];
const inputsPerCase = 150;

t.test('every corpus DTO compiles, for every source and setting', async (t) => {
  for (const dto of samples.keys()) {
    for (const source of sources) {
      for (const [name, settings] of variants) {
        const compiled = compileFastDtoOrReason(dto, source, settings);
        if (typeof compiled === 'string') t.fail(`${dto.name} ${source} ${name}: ${compiled}`);
      }
    }
  }
  t.pass(`${samples.size} DTOs × ${sources.length} sources × ${variants.length} settings`);
});

t.test('fast and class-validator paths agree on every generated input', async (t) => {
  let total = 0;
  for (const [dto, sample] of samples) {
    let perDto = 0;
    let failures = 0;
    const kinds = { ok: 0, fail: 0, threw: 0 };
    for (const source of sources) {
      for (const [name, settings] of variants) {
        const fast = compileFastDto(dto, source, settings) as Run;
        const slow = compileClassValidatorDto(dto, source, settings) as Run;
        const seed = hash(`${dto.name}|${source}|${name}`);
        for (let n = 0; n < inputsPerCase; n++) {
          // Each path gets its own copy: generated twice from the same seed.
          const make = (): unknown => {
            const rng = mulberry32(seed + n * 2654435761);
            return source === 'body' || source === 'message'
              ? jsonInput(rng, sample)
              : textInput(rng, sample);
          };
          const expected = outcome(slow, make());
          const kind =
            'threw' in (expected as object) ? 'threw' : (expected as { ok: boolean }).ok ? 'ok' : 'fail';
          kinds[kind]++;
          const actual = outcome(fast, make());
          perDto++;
          if (!isDeepStrictEqual(actual, expected) && failures++ < 3) {
            t.strictSame(actual, expected, `${dto.name} ${source} ${name}: ${JSON.stringify(make())}`);
          }
        }
      }
    }
    const counts = `${kinds.ok} valid, ${kinds.fail} invalid, ${kinds.threw} throwing`;
    t.equal(failures, 0, `${dto.name}: ${perDto} inputs (${counts}), ${failures} differences`);
    total += perDto;
  }
  t.ok(total >= samples.size * 3000, `${total} inputs compared`);
});

t.test('hand-picked inputs at the edges agree too', async (t) => {
  const cases: Array<[Class, ValueSource, unknown]> = [
    [NestedDto, 'body', JSON.parse('{"address":{"city":"Paris","__proto__":{"x":1}},"__proto__":5}')],
    [NestedDto, 'body', { address: { city: 'Rome' }, extra: { constructor: 1 } }],
    [NestedDto, 'body', { address: { city: 'Rome' }, extra: { constructor: 0, a: { toString: 1 } } }],
    [DatesDto, 'body', { when: { toString: 1, valueOf: 2 }, stamp: '2024-01-02' }],
    [EmptyDto, 'body', {}],
    [ListHolderDto, 'body', { empties: [{}, 1, [2]], date: '2024-01-02' }],
    [SearchQuery, 'query', { since: { a: 1 }, tags: { 0: 'a', length: 3 }, filter: { city: 'x' } }],
    [DefaultsDto, 'body', new Date(0)],
    [DefaultsDto, 'body', { page: new Date(0), sort: new Map() }],
    [StringsDto, 'body', { name: 'abc', tags: new Set(['a']) }],
  ];
  for (const [dto, source, input] of cases) {
    for (const [name, settings] of variants) {
      const fast = compileFastDto(dto, source, settings) as Run;
      const slow = compileClassValidatorDto(dto, source, settings) as Run;
      t.strictSame(outcome(fast, input), outcome(slow, input), `${dto.name} ${name}`);
    }
  }
});
