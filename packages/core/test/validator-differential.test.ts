/**
 * The compiled validator against class-transformer + class-validator, property-based.
 *
 * fast-check generates DTO classes (every built-in class-validator decorator, `each`, messages and
 * options, `@IsOptional`/`@ValidateIf`, nested and array DTOs with and without `@Type`,
 * discriminators, `@Type` functions that read their options, base classes and overrides, Set/Map and
 * class defaults, `registerDecorator` validators, constraint classes, async constraints,
 * `@Transform`/`@Expose`/`@Exclude`), validation settings and a source, then payloads for that DTO
 * (valid, nearly valid, wrong types, unknown and reserved keys, text for text sources). Per case:
 *
 * - the compiled path compiles exactly the DTOs it can reproduce (the spec model says which) and,
 *   when it compiles, answers every payload exactly as the reference path does: same verdict, same
 *   error list in the same order, an equal instance (prototypes, keys, values);
 * - the public `compileValidator` answers the same with `compiled: true` and `compiled: false`.
 *
 * `HALYARD_FUZZ_RUNS=5000 npx tap packages/core/test/validator-differential.test.ts` runs longer
 * (default 300 DTOs for the first property). A failure prints fast-check's seed and path; replay it with
 * `HALYARD_FUZZ_SEED=<seed> HALYARD_FUZZ_PATH=<path>`.
 */
import 'reflect-metadata';
import assert from 'node:assert/strict';
import t from 'tap';
import fc from 'fast-check';
import {
  compileClassValidatorDto,
  isTextSource,
  usesAsyncConstraints,
} from '../src/validation/class-validator-dto.js';
import { compileFastDtoOrReason } from '../src/validation/compiled-validator.js';
import { compileValidator, type Validator } from '../src/validation/dto-validator.js';
import type { Class } from '../src/types.js';
import type { ValueSource } from '../src/validation/field-error.js';
import { defaultValidationSettings, type ValidationSettings } from '../src/validation/validation-settings.js';
import { DtoBuilder } from './differential/dto-classes.js';
import { dtoSpecArb, type ClassSpec } from './differential/dto-specs.js';
import { Describer, outcome } from './differential/outcomes.js';
import { clone, payloadArb } from './differential/payloads.js';
import { expectedDecline } from './differential/spec-model.js';

const runs = Number(process.env['HALYARD_FUZZ_RUNS'] ?? 300);
// Chosen here rather than by fast-check so that a passing run can be replayed too.
const seed = Number(process.env['HALYARD_FUZZ_SEED'] ?? Math.floor(Math.random() * 2 ** 31));
const replay: { seed: number; path?: string } = {
  seed,
  ...(process.env['HALYARD_FUZZ_PATH'] && { path: process.env['HALYARD_FUZZ_PATH'] }),
};
const payloadsPerDto = 24;

const settingsArb: fc.Arbitrary<ValidationSettings> = fc.record({
  whitelist: fc.boolean(),
  forbidNonWhitelisted: fc.boolean(),
  forbidUnknownValues: fc.boolean(),
  stopAtFirstError: fc.boolean(),
  compiled: fc.constant(true),
  // The input bounds run before either path and are tested on their own (input-bounds.test.ts).
  maxDepth: fc.constant(defaultValidationSettings.maxDepth),
  maxKeys: fc.constant(defaultValidationSettings.maxKeys),
  maxItems: fc.constant(defaultValidationSettings.maxItems),
  transform: fc.oneof(
    { weight: 14, arbitrary: fc.constant(undefined) },
    {
      weight: 1,
      arbitrary: fc.constantFrom({ exposeDefaultValues: true }, { enableImplicitConversion: true }),
    },
  ),
});

const sourceArb = fc.constantFrom<ValueSource>('body', 'message', 'query', 'params', 'headers');

interface Case {
  readonly spec: ClassSpec;
  readonly settings: ValidationSettings;
  readonly source: ValueSource;
  readonly payloads: readonly unknown[];
}

function caseArb(reserved: readonly string[]): fc.Arbitrary<Case> {
  const spec = fc.oneof(
    { weight: 3, arbitrary: dtoSpecArb('plain') },
    { weight: 1, arbitrary: dtoSpecArb('exotic') },
  );
  return fc.tuple(spec, settingsArb, sourceArb).chain(([spec, settings, source]) =>
    fc.record({
      spec: fc.constant(spec),
      settings: fc.constant(settings),
      source: fc.constant(source),
      payloads: fc.array(payloadArb(spec, source, reserved), {
        minLength: payloadsPerDto / 2,
        maxLength: payloadsPerDto,
      }),
    }),
  );
}

interface Tally {
  cases: number;
  compiled: number;
  declined: number;
  valid: number;
  invalid: number;
  threw: number;
  bootThrew: number;
  reasons: Map<string, number>;
  thrown: Map<string, number>;
}

const newTally = (): Tally => ({
  cases: 0,
  compiled: 0,
  declined: 0,
  valid: 0,
  invalid: 0,
  threw: 0,
  bootThrew: 0,
  reasons: new Map(),
  thrown: new Map(),
});

const count = (map: Map<string, number>, key: string): void => {
  map.set(key, (map.get(key) ?? 0) + 1);
};

const list = (map: Map<string, number>): string =>
  [...map].map(([reason, times]) => `${reason} (${times})`).join(', ');

async function check(c: Case, tally: Tally): Promise<void> {
  const builder = new DtoBuilder('Dto');
  try {
    await compare(c, builder.build(c.spec), tally);
  } finally {
    builder.dispose();
  }
}

async function compare(c: Case, dto: Class, tally: Tally): Promise<void> {
  const { settings, source } = c;
  const hasTransform = settings.transform !== undefined && Object.keys(settings.transform).length > 0;
  const expected = expectedDecline(c.spec, isTextSource(source), hasTransform);
  // What dto-validator's compileDto does: async DTOs never reach the compiler.
  const fast = usesAsyncConstraints(dto)
    ? 'usesAsyncConstraints'
    : compileFastDtoOrReason(dto, source, settings);
  const declined = typeof fast === 'string';
  assert.equal(
    declined ? `declined: ${fast}` : 'compiled',
    expected === undefined ? 'compiled' : `declined: ${fast as string}`,
    `the spec model expects ${expected === undefined ? 'a compiled DTO' : `a decline (${expected})`}`,
  );
  if (declined) {
    tally.declined++;
    const reason = fast.replace(/\bDto\d+(\.[\w-]+)?:? ?/g, '');
    count(tally.reasons, reason);
  } else tally.compiled++;
  const reference = compileClassValidatorDto(dto, source, settings);
  // Boot can throw (class-validator cannot group a property named `toString`): then both must.
  const boot = (compiled: boolean): Validator | string => {
    try {
      return compileValidator({ kind: 'dto', type: dto }, source, { ...settings, compiled });
    } catch (error) {
      return `boot threw ${String(error)}`;
    }
  };
  const publicOn = boot(true);
  const publicOff = boot(false);
  if (typeof publicOn === 'string' || typeof publicOff === 'string') {
    assert.equal(publicOn, publicOff, 'compileValidator at boot, compiled vs not');
    tally.bootThrew++;
    return;
  }
  for (const payload of c.payloads) {
    // Each path gets its own copy: class-transformer deletes discriminator keys, whitelist strips.
    const inner = new Describer();
    const expectedOutcome = (await outcome(reference, clone(payload), inner)) as {
      ok?: boolean;
      threw?: string;
    };
    if (!declined) {
      const actual = await outcome(fast, clone(payload), inner);
      assert.deepStrictEqual(
        actual,
        expectedOutcome,
        `compiled path vs reference for ${JSON.stringify(payload)}`,
      );
    }
    const outer = new Describer();
    const off = await outcome(publicOff, clone(payload), outer);
    const on = await outcome(publicOn, clone(payload), outer);
    assert.deepStrictEqual(on, off, `compileValidator compiled vs not for ${JSON.stringify(payload)}`);
    tally.cases++;
    if (expectedOutcome.threw !== undefined) {
      tally.threw++;
      count(tally.thrown, expectedOutcome.threw.replace(/\bDto\d+/g, 'Dto'));
    } else if (expectedOutcome.ok) tally.valid++;
    else tally.invalid++;
  }
}

function summary(name: string, tally: Tally): string {
  return (
    `${name}: ${tally.cases} (DTO, payload, settings) cases compared over ${tally.compiled + tally.declined} DTOs ` +
    `(${tally.compiled} compiled, ${tally.declined} declined, ${tally.bootThrew} throwing at boot); reference verdicts ${tally.valid} valid, ` +
    `${tally.invalid} invalid, ${tally.threw} throwing (${list(tally.thrown)}); declined for ${list(tally.reasons)}`
  );
}

t.test('generated DTOs × payloads × settings: compiled path and reference agree', async (t) => {
  const tally = newTally();
  await fc.assert(
    fc.asyncProperty(caseArb([]), (c) => check(c, tally)),
    { numRuns: runs, ...replay },
  );
  t.comment(`seed ${seed} (HALYARD_FUZZ_SEED=${seed} replays this run)`);
  t.comment(summary('all sources', tally));
  t.ok(tally.cases >= runs, summary('all sources', tally));
  // A replayed counterexample is a single run.
  if (replay.path === undefined) {
    t.ok(tally.compiled > runs / 4 && tally.declined > 0, 'both compiled and declined DTOs were generated');
    t.ok(tally.valid > 0 && tally.invalid > 0, 'both valid and invalid payloads were generated');
  }
});

t.test('inputs with own "constructor" keys at any level agree too', async (t) => {
  const tally = newTally();
  await fc.assert(
    fc.asyncProperty(caseArb(['constructor', 'constructor']), (c) => check(c, tally)),
    { numRuns: Math.max(10, Math.round(runs / 3)), ...replay },
  );
  t.comment(summary('constructor keys', tally));
  t.ok(tally.cases > 0, summary('constructor keys', tally));
});
