import 'reflect-metadata';
import { isDeepStrictEqual } from 'node:util';
import t from 'tap';
import { Exclude, Expose, Transform, Type } from 'class-transformer';
import {
  Allow,
  ArrayMaxSize,
  ArrayMinSize,
  ArrayNotEmpty,
  Contains,
  Equals,
  IsBoolean,
  IsDate,
  IsDateString,
  IsDefined,
  IsEmail,
  IsEnum,
  IsIn,
  IsInt,
  IsNegative,
  IsNotEmpty,
  IsNotIn,
  IsNumber,
  IsObject,
  IsOptional,
  IsPositive,
  IsString,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  MinDate,
  MinLength,
  registerDecorator,
  Validate,
  ValidateIf,
  ValidateNested,
  ValidatePromise,
  ValidatorConstraint,
  type ValidationArguments,
  type ValidationOptions,
  type ValidatorConstraintInterface,
} from 'class-validator';
import { Body, Controller, Post } from '../src/index.js';
import { compileClassValidatorDto } from '../src/validation/class-validator-dto.js';
import { compileFastDto, compileFastDtoOrReason } from '../src/validation/compiled-validator.js';
import type { Class } from '../src/types.js';
import type { ValueSource } from '../src/validation/field-error.js';
import { defaultValidationSettings, type ValidationSettings } from '../src/validation/validation-settings.js';
import { CreateRoomDto, ListQuery, TraceHeaders } from './fixtures/room-dtos.js';
import { ChatMessage, GameQuery, MoveDto } from './fixtures/socket-controllers.js';
import { createQuietApp } from './helpers/logged-app.js';
import { fieldErrors } from './helpers/problem.js';

// ---------------------------------------------------------------------------------------------
// The corpus
// ---------------------------------------------------------------------------------------------

function IsMultipleOf(factor: number, options?: ValidationOptions) {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'isMultipleOf',
      target: object.constructor,
      propertyName,
      constraints: [factor],
      options,
      validator: {
        validate: (value: unknown, args: ValidationArguments) =>
          typeof value === 'number' && value % (args.constraints[0] as number) === 0,
        defaultMessage: (args: ValidationArguments) =>
          `${args.property} of ${args.targetName} must be a multiple of $constraint1 (got ${JSON.stringify(args.value)})`,
      },
    });
}

/** Compares with another property of the same object; unnamed and without a default message. */
function IsAbove(related: string, options?: ValidationOptions) {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: '',
      target: object.constructor,
      propertyName,
      constraints: [related],
      options,
      validator: {
        validate: (value: unknown, args: ValidationArguments) =>
          typeof value === 'number' && value > Number((args.object as Record<string, unknown>)[related]),
      },
    });
}

/** A synchronous validator that sometimes answers with a promise: validateSync never waits for it. */
function IsNotLater(options?: ValidationOptions) {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'isNotLater',
      target: object.constructor,
      propertyName,
      options,
      validator: {
        validate: (value: unknown) =>
          typeof value === 'string' && value.startsWith('p') ? Promise.resolve(false) : value !== 'later',
        defaultMessage: () => '$property must not be later',
      },
    });
}

enum Color {
  Red = 'red',
  Green = 'green',
}
enum Level {
  Low = 1,
  High = 5,
}

class StringsDto {
  @IsString() @Length(3, 10) name!: string;
  @IsOptional()
  @Matches(/^[a-z]+$/)
  @Matches(/^.{2,4}$/, { message: 'slug: $value is not 2-4 long' })
  slug?: string;
  @MinLength(2) @MaxLength(5) code!: string;
  @IsEmail() email!: string;
  @ArrayMaxSize(3) @IsString({ each: true }) @MaxLength(4, { each: true }) tags!: string[];
  @IsNotEmpty() @Contains('x') marker!: string;
}

class NumbersDto {
  @IsInt() @Min(0) @Max(100) count!: number;
  @IsNumber({ maxDecimalPlaces: 2 }) @IsPositive() price!: number;
  @IsOptional() @IsNumber() @IsNegative() delta?: number;
  @IsMultipleOf(5) @IsAbove('count') total!: number;
  @Type(() => Number) @IsNumber() coerced!: number;
}

class ChoicesDto {
  @IsEnum(Color) color!: Color;
  @IsEnum(Level, { message: ({ value }) => `level ${String(value)} is unknown` }) level!: Level;
  @IsIn(['a', 'b', 1]) pick!: string | number;
  @IsBoolean() flag!: boolean;
  @Equals('yes') consent!: string;
  @IsOptional() @IsNotIn(['root', 'admin']) user?: string;
  @Allow() free?: unknown;
}

class ConditionalDto {
  @IsIn(['email', 'phone', 'none']) kind!: string;
  @ValidateIf((o: ConditionalDto) => o.kind === 'email') @IsEmail() email?: string;
  @ValidateIf((o: ConditionalDto) => o.kind === 'phone') @IsString() @Length(5, 15) phone?: string;
  @IsOptional() @IsDefined() @IsString() note?: string;
  @IsString({ validateIf: (o: ConditionalDto) => o.kind !== 'none' }) @IsNotLater() label?: string;
  @IsDefined({ message: '$property is required on $target' }) required!: unknown;
}

class TagDto {
  @IsString() @Length(1, 5) label!: string;
}

class ItemDto {
  @IsString() sku!: string;
  @IsInt() @Min(1) qty!: number;
  @IsOptional() @ValidateNested({ each: true }) @Type(() => TagDto) @ArrayMaxSize(2) tags?: TagDto[];
}

class AddressDto {
  @IsString() @MinLength(2) city!: string;
  @IsOptional() @IsString() @Length(4, 6) zip?: string;
}

class NestedDto {
  @ValidateNested() @Type(() => AddressDto) address!: AddressDto;
  @IsOptional()
  @ValidateNested({ each: true })
  @Type(() => ItemDto)
  @ArrayMinSize(1)
  @ArrayMaxSize(4)
  items?: ItemDto[];
  @IsOptional() @ValidateNested() untyped?: Record<string, unknown>;
  @IsOptional() @IsObject() extra?: Record<string, unknown>;
  @IsOptional() @ValidateNested({ each: true }) @Type(() => TagDto) matrix?: TagDto[][];
  @IsOptional() @ValidateNested() @ValidateNested({ message: 'twice' }) @Type(() => TagDto) twice?: TagDto;
}

class DatesDto {
  @Type(() => Date) @IsDate() when!: Date;
  @IsOptional() @Type(() => Date) @MinDate(new Date('2020-01-01T00:00:00Z')) since?: Date;
  @IsDateString() stamp!: string;
  @IsOptional() @Type(() => String) @IsString() text?: string;
  @IsOptional() @Type(() => Boolean) @IsBoolean() yes?: boolean;
}

class MessagesDto {
  @IsString({ message: '$property ($target) must be text, not $value' }) a!: string;
  @Length(2, 3, { message: (args) => `${args.property}: $constraint1..$constraint2 (${String(args.value)})` })
  b!: string;
  @IsInt({ each: true, message: 'every $property must be an integer' }) @ArrayNotEmpty() c!: number[];
  @Min(3, { message: '' }) d!: number;
  @IsIn([['x', 'y'], 'z']) e!: unknown;
}

class BaseDto {
  @IsString() id!: string;
  @IsInt() @Min(0) version!: number;
  @IsOptional() @IsString() owner?: string;
}

class ChildDto extends BaseDto {
  @Length(1, 3) override id!: string;
  @IsBoolean() active!: boolean;
}

class GrandChildDto extends ChildDto {
  @Max(10) override version!: number;
  @IsOptional() @ValidateNested() @Type(() => ChildDto) parent?: ChildDto;
}

class DefaultsDto {
  @IsInt() @Min(1) page = 1;
  @IsOptional() @IsString() sort = 'asc';
  @IsOptional() @IsIn(['x', 'y']) mode?: string;
  @IsString() @Length(2, 4) '10'!: string;
  get upper(): string {
    return this.sort.toUpperCase();
  }
  describe(): string {
    return `page ${this.page}`;
  }
}

class UndeclaredDefaultDto {
  @IsString() name!: string;
  undeclared = 'always here';
}

class GroupsDto {
  @IsString({ groups: ['admin'] }) @Length(2, 5, { always: true }) name!: string;
  @IsInt({ context: { code: 7 } }) @Min(0, { always: false }) age!: number;
}

class EmptyDto {
  name?: string;
}

class ListHolderDto {
  @IsOptional() @ValidateNested({ each: true }) @Type(() => EmptyDto) empties?: EmptyDto[];
  @IsOptional() @ValidateNested() @Type(() => Date) date?: Date;
}

enum Mode {
  Fast = 'fast',
  Slow = 'slow',
}

class SearchQuery {
  @IsOptional() @IsInt() @Min(1) @Max(100) limit?: number;
  @IsOptional() @IsNumber() ratio?: number;
  @IsOptional() @IsBoolean() exact?: boolean;
  @IsOptional() @IsString() @MinLength(2) search?: string;
  @IsOptional() @IsDate() since?: Date;
  @IsOptional() @IsString({ each: true }) tags?: string[];
  @IsOptional() @IsEnum(Mode) mode?: Mode;
  @IsOptional() @IsIn([1, 2, 3]) page?: number;
  @IsOptional() @ValidateNested() filter?: AddressDto;
}

class TraceDto {
  @IsString() @Length(4, 64) 'x-trace-id'!: string;
  @IsOptional() @IsInt() 'x-retries'?: number;
  @IsOptional() @IsBoolean() 'x-debug'?: boolean;
}

// ---------------------------------------------------------------------------------------------
// Deterministic inputs
// ---------------------------------------------------------------------------------------------

type Rng = () => number;

const hash = (text: string): number =>
  [...text].reduce((h, char) => Math.imul(h ^ char.charCodeAt(0), 16777619) >>> 0, 2166136261);

function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let r = Math.imul(a ^ (a >>> 15), 1 | a);
    r = (r + Math.imul(r ^ (r >>> 7), 61 | r)) ^ r;
    return ((r ^ (r >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng() * items.length)] as T;

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

function randomValue(rng: Rng, depth: number): unknown {
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

type Sample = (rng: Rng) => Record<string, unknown>;

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
function jsonInput(rng: Rng, sample: Sample): unknown {
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
function textInput(rng: Rng, sample: Sample): unknown {
  const json = jsonInput(rng, sample);
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return json;
  const out = Object.create(null) as Record<string, unknown>;
  for (const [key, value] of Object.entries(json)) out[key] = rng() < 0.1 ? value : text(rng, value);
  return out;
}

const some = <T>(rng: Rng, make: () => T, max = 3): T[] =>
  Array.from({ length: Math.floor(rng() * (max + 1)) }, make);

const samples = new Map<Class, Sample>([
  [
    StringsDto,
    (r) => ({
      name: pick(r, ['abc', 'hello', 'ab', 'xxxxxxxxxxxx']),
      slug: pick(r, ['ab', 'abcd', 'ABC', 'abcdef', '$&']),
      code: pick(r, ['ab', 'abcde', 'a', 'abcdef']),
      email: pick(r, ['a@b.co', 'nope', 'user@example.com']),
      tags: some(r, () => pick(r, ['a', 'abcd', 'abcde', 5])),
      marker: pick(r, ['x', 'mixed x', '', 'y']),
    }),
  ],
  [
    NumbersDto,
    (r) => ({
      count: pick(r, [0, 5, 100, 101, -1, 1.5, '5']),
      price: pick(r, [1, 2.25, 0.001, -1, 0]),
      delta: pick(r, [-1, -3.75, 0, 1, null]),
      total: pick(r, [10, 15, 20, 7, 100]),
      coerced: pick(r, ['12', 12, 'abc', true, null, [1, '2']]),
    }),
  ],
  [
    ChoicesDto,
    (r) => ({
      color: pick(r, ['red', 'green', 'blue', 1]),
      level: pick(r, [1, 5, 2, '1']),
      pick: pick(r, ['a', 'b', 'c', 1, '1']),
      flag: pick(r, [true, false, 'true', 0]),
      consent: pick(r, ['yes', 'no']),
      user: pick(r, ['bob', 'root', undefined]),
      free: randomValue(r, 2),
    }),
  ],
  [
    ConditionalDto,
    (r) => ({
      kind: pick(r, ['email', 'phone', 'none', 'fax']),
      email: pick(r, ['a@b.co', 'nope', undefined]),
      phone: pick(r, ['12345', '123', 12345, undefined]),
      note: pick(r, ['hi', null, undefined, 5]),
      label: pick(r, ['ok', 'later', 'pending', 3, undefined]),
      required: pick(r, [1, null, undefined, 'x']),
    }),
  ],
  [
    NestedDto,
    (r) => ({
      address: pick(r, [{ city: 'Paris', zip: '75001' }, { city: 'P' }, 'Paris', null, [{ city: 'Rome' }]]),
      items:
        r() < 0.2
          ? undefined
          : some(r, () => ({
              sku: 'a',
              qty: pick(r, [1, 0, '2']),
              tags: some(r, () => ({ label: 'ab' }), 3),
            })),
      untyped: pick(r, [undefined, { a: 1 }, 5]),
      extra: pick(r, [{ a: 1 }, [], 'x', undefined]),
      matrix: some(r, () => some(r, () => pick(r, [{ label: 'ok' }, { label: '' }, 3, null]), 2), 2),
      twice: pick(r, [{ label: 'ok' }, { label: 'toolong' }, 4, undefined]),
    }),
  ],
  [
    DatesDto,
    (r) => ({
      when: pick(r, ['2024-01-02', 'not a date', 0, 1700000000000, true, null]),
      since: pick(r, ['2024-01-02T03:04:05Z', '2019-05-05', undefined]),
      stamp: pick(r, ['2024-01-02T03:04:05Z', '2024-13-45', 5]),
      text: pick(r, [5, 'five', null, { a: 1 }]),
      yes: pick(r, ['false', 0, 1, '']),
    }),
  ],
  [
    MessagesDto,
    (r) => ({
      a: pick(r, ['ok', 5, true, null, '$&']),
      b: pick(r, ['ab', 'a', 'abcd', 7]),
      c: pick(r, [[1, 2], [], [1, 'x'], 'x', [1.5]]),
      d: pick(r, [3, 1, 'x']),
      e: pick(r, ['z', 'x', ['x', 'y']]),
    }),
  ],
  [
    GrandChildDto,
    (r) => ({
      id: pick(r, ['a', 'abcd', 5]),
      version: pick(r, [0, 5, 11, -1, 'v']),
      owner: pick(r, ['me', 3, undefined]),
      active: pick(r, [true, 'yes']),
      parent: pick(r, [
        { id: 'ab', version: 1, active: false },
        { id: 'toolong', version: -1 },
        'x',
        undefined,
      ]),
    }),
  ],
  [
    DefaultsDto,
    (r) => ({
      page: pick(r, [1, 2, 0, undefined, '3']),
      sort: pick(r, ['desc', null, undefined, 4]),
      mode: pick(r, ['x', 'z', undefined]),
      10: pick(r, ['ab', 'a', 12]),
      upper: pick(r, ['X', undefined]),
      describe: pick(r, ['no', undefined]),
    }),
  ],
  [UndeclaredDefaultDto, (r) => ({ name: pick(r, ['n', 1]), undeclared: pick(r, ['y', undefined]) })],
  [GroupsDto, (r) => ({ name: pick(r, ['ab', 'a', 4]), age: pick(r, [3, -1, 'x']) })],
  [EmptyDto, (r) => ({ name: pick(r, ['n', undefined]) })],
  [
    ListHolderDto,
    (r) => ({
      empties: some(r, () => pick(r, [{ name: 'a' }, {}, 3])),
      date: pick(r, ['2024-01-02', 5, undefined, null]),
    }),
  ],
  [
    SearchQuery,
    (r) => ({
      limit: pick(r, ['10', '0', '101', 'abc', '', '1.5', undefined]),
      ratio: pick(r, ['0.5', 'x', undefined]),
      exact: pick(r, ['true', 'false', '', undefined]),
      search: pick(r, ['ab', 'a', undefined]),
      since: pick(r, ['2024-01-02', 'nope', undefined]),
      tags: pick(r, ['a', ['a', 'b'], undefined]),
      mode: pick(r, ['fast', 'slow', 'medium', undefined]),
      page: pick(r, ['1', '4', undefined]),
      filter: pick(r, [{ city: 'Paris' }, 'Paris', undefined]),
    }),
  ],
  [
    TraceDto,
    (r) => ({
      'x-trace-id': pick(r, ['abcd-1234', 'ab', undefined]),
      'x-retries': pick(r, ['3', 'three', undefined]),
      'x-debug': pick(r, ['true', '1', undefined]),
      host: 'localhost',
    }),
  ],
  [
    CreateRoomDto,
    (r) => ({
      name: pick(r, ['general', 'ab', 5]),
      visibility: pick(r, ['public', 'private', 'secret', undefined]),
      topics: some(r, () => ({ name: pick(r, ['cats', '', 5]) }), 4),
    }),
  ],
  [ListQuery, (r) => ({ limit: pick(r, ['1', '500', 'x', undefined]), search: pick(r, ['gen', undefined]) })],
  [TraceHeaders, (r) => ({ 'x-trace-id': pick(r, ['abcd-1234', 'ab', undefined]), accept: '*/*' })],
  [ChatMessage, (r) => ({ text: pick(r, ['hello', '', 5]) })],
  [MoveDto, (r) => ({ x: pick(r, [0, 7, 8, '3']), y: pick(r, [1, -1]) })],
  [GameQuery, (r) => ({ name: pick(r, ['al', 'a']), side: pick(r, ['white', 'red', undefined]) })],
]);

// ---------------------------------------------------------------------------------------------
// Comparing the two paths
// ---------------------------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------------------------
// What the compiler declines
// ---------------------------------------------------------------------------------------------

@ValidatorConstraint({ name: 'classBased' })
class ClassBasedConstraint implements ValidatorConstraintInterface {
  calls = 0;
  validate(): boolean {
    return ++this.calls % 2 === 0;
  }
}

class TransformedDto {
  @Transform(({ value }) => String(value).trim()) @IsString() name!: string;
}
class ExposedDto {
  @Expose({ name: 'full_name' }) @IsString() name!: string;
}
class ExcludedDto {
  @IsString() name!: string;
  @Exclude() secret?: string;
}
class Cat {
  @IsString() meow!: string;
}
class DiscriminatedDto {
  @ValidateNested()
  @Type(() => Object, { discriminator: { property: 'kind', subTypes: [{ name: 'cat', value: Cat }] } })
  pet!: Cat;
}
class TypeReadsObjectDto {
  @ValidateNested() @Type((options) => (options?.object ? Cat : Cat)) pet!: Cat;
}
class ConstraintClassDto {
  @Validate(ClassBasedConstraint) name!: string;
}
function IsSlowlyValid(options?: ValidationOptions) {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'isSlowlyValid',
      async: true,
      target: object.constructor,
      propertyName,
      options,
      validator: { validate: async () => true },
    });
}
class AsyncDto {
  @IsSlowlyValid() name!: string;
}
class AsyncNestedDto {
  @ValidateNested() @Type(() => AsyncDto) inner!: AsyncDto;
}
class PromiseDto {
  @ValidatePromise() @IsString() name!: Promise<string>;
}
class MapDto {
  @ValidateNested({ each: true }) @Type(() => Cat) cats!: Map<string, Cat>;
}
class CatList extends Array<Cat> {
  @IsString() owner!: string;
}

t.test('DTOs the compiler cannot reproduce exactly fall back', async (t) => {
  const declined: Array<[Class, RegExp]> = [
    [TransformedDto, /@Transform/],
    [ExposedDto, /@Expose/],
    [ExcludedDto, /@Exclude/],
    [DiscriminatedDto, /discriminator/],
    [TypeReadsObjectDto, /function reads its options/],
    [ConstraintClassDto, /constraint class ClassBasedConstraint/],
    [AsyncNestedDto, /async constraint isSlowlyValid/],
    [PromiseDto, /@ValidatePromise/],
    [MapDto, /Map or Set/],
    [CatList, /extends the built-in Array/],
  ];
  for (const [dto, reason] of declined) {
    t.equal(compileFastDto(dto, 'body', defaultValidationSettings), undefined, `${dto.name} is declined`);
    t.match(compileFastDtoOrReason(dto, 'body', defaultValidationSettings), reason);
  }
  const withTransform = { ...defaultValidationSettings, transform: { excludePrefixes: ['_'] } };
  t.equal(compileFastDto(ChatMessage, 'body', withTransform), undefined, 'settings.transform declines');
});

// ---------------------------------------------------------------------------------------------
// The setting, through the app
// ---------------------------------------------------------------------------------------------

/** Records whether class-validator's executor is on the stack when the constraint runs. */
const seenBy: string[] = [];
function RecordsCaller(options?: ValidationOptions) {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'recordsCaller',
      target: object.constructor,
      propertyName,
      options,
      validator: {
        validate: () => {
          seenBy.push(new Error().stack?.includes('ValidationExecutor') ? 'class-validator' : 'compiled');
          return true;
        },
      },
    });
}

class ProbeDto {
  @IsString() @RecordsCaller() name!: string;
}

@Controller('/probe')
class ProbeController {
  @Post('/')
  create(@Body() body: ProbeDto): string {
    return `${body.constructor.name}:${body.name}`;
  }
}

t.test('validation.compiled selects the path; both answer the same', async (t) => {
  for (const compiled of [true, false]) {
    seenBy.length = 0;
    const app = await createQuietApp(t, {
      controllers: [ProbeController],
      validation: { compiled },
    });
    const good = await app.inject({ method: 'POST', url: '/probe', payload: { name: 'x' } });
    t.equal(good.body, 'ProbeDto:x');
    const bad = await app.inject({ method: 'POST', url: '/probe', payload: { name: 1, more: 2 } });
    t.strictSame(
      bad.json().errors,
      fieldErrors('body', [
        ['more', 'whitelistValidation', 'property more should not exist'],
        ['name', 'isString', 'name must be a string'],
      ]),
    );
    t.strictSame(seenBy, compiled ? ['compiled', 'compiled'] : ['class-validator', 'class-validator']);
  }
});
