import type { TypeRef } from '../definition/app-definition.js';
import { describeDto } from '../dto/describe-dto.js';
import { assertServable } from '../dto/dto-graph.js';
import type { Class } from '../types.js';
import {
  compileClassValidatorDto,
  fail,
  ok,
  usesAsyncConstraints,
  type ValidationResult,
  type Validator,
} from './class-validator-dto.js';
import { compileFastDto } from './compiled-validator.js';
import type { FieldError, ValueSource } from './field-error.js';
import { checkInputBounds } from './input-bounds.js';
import { decimalNumber, textDate } from './text-values.js';
import type { ValidationSettings } from './validation-settings.js';

export type { ValidationResult, Validator } from './class-validator-dto.js';

/** A single query value or header is optional (use a DTO to require it); a path parameter is always present. */
function absent(source: ValueSource, path: string): ValidationResult {
  return source === 'query' || source === 'headers'
    ? ok(undefined)
    : fail([{ in: source, path, constraint: 'isDefined', message: `${path} is required` }]);
}

/** The converter of one named text value (`@Query('n') n: number`), built once per parameter at boot. */
function textConverter(type: 'string' | 'number' | 'boolean', source: ValueSource, path: string): Validator {
  return (value) => {
    if (value === undefined) return absent(source, path);
    if (type === 'string') return ok(String(value));
    if (type === 'number') {
      // Decimal text only: `Number()` would take '0x1F' as 31, '1e3' as 1000 and '' as 0.
      const number = typeof value === 'string' ? decimalNumber(value) : value;
      return typeof number === 'number' && Number.isFinite(number)
        ? ok(number)
        : fail([{ in: source, path, constraint: 'isNumber', message: `${path} must be a number` }]);
    }
    if (value === true || value === 'true') return ok(true);
    if (value === false || value === 'false') return ok(false);
    return fail([{ in: source, path, constraint: 'isBoolean', message: `${path} must be true or false` }]);
  };
}

/** The compiled fast path when it reproduces the DTO exactly and `compiled` is on; class-validator otherwise. */
function compileDto(dto: Class, source: ValueSource, settings: ValidationSettings): Validator {
  assertServable(dto);
  const fast =
    settings.compiled !== false && !usesAsyncConstraints(dto)
      ? compileFastDto(dto, source, settings)
      : undefined;
  const validator = fast ?? compileClassValidatorDto(dto, source, settings);
  return source === 'body' || source === 'message' ? validator : withTextBooleans(dto, source, validator);
}

/**
 * Query, params and headers are text. class-transformer's implicit conversion turns any non-empty
 * string into `true` for a boolean property (`?flag=false` would be true), so such properties take
 * `true`/`false` here, and anything else is reported instead of passing as `true`.
 */
function withTextBooleans(dto: Class, source: ValueSource, validator: Validator): Validator {
  const model = describeDto(dto);
  const booleans = Object.keys(model.grouped ?? {}).filter(
    (property) => model.properties.get(property)?.design === Boolean,
  );
  if (booleans.length === 0) return validator;
  return (input) => {
    if (typeof input !== 'object' || input === null || Array.isArray(input)) return validator(input);
    const text = input as Record<string, unknown>;
    const converted: Record<string, unknown> = { ...text };
    const wrong: FieldError[] = [];
    for (const property of booleans) {
      const value = text[property];
      if (value === undefined || typeof value === 'boolean') continue;
      if (value === 'true' || value === 'false') converted[property] = value === 'true';
      else
        wrong.push({
          in: source,
          path: property,
          constraint: 'isBoolean',
          message: `${property} must be true or false`,
        });
    }
    const merge = (result: ValidationResult): ValidationResult => {
      if (wrong.length === 0) return result;
      // The validator saw the wrong value as `true`; only its other errors are kept.
      const others = result.ok
        ? []
        : result.errors.filter((error) => !wrong.some((bad) => bad.path === error.path));
      return fail([...wrong, ...others]);
    };
    const result = validator(converted);
    return result instanceof Promise ? result.then(merge) : merge(result);
  };
}

function compileArray(item: Validator, source: ValueSource, settings: ValidationSettings): Validator {
  return (input) => {
    if (!Array.isArray(input))
      return fail([
        { in: source, path: '', constraint: 'isArray', message: `${source} must be a JSON array` },
      ]);
    // The whole array is the root of the depth count; each item's own check then always passes.
    const outside = checkInputBounds(input, settings, source);
    if (outside) return fail([outside]);
    const values: unknown[] = [];
    const errors: FieldError[] = [];
    const pending: Array<Promise<void>> = [];
    input.forEach((element, index) => {
      const collect = (result: ValidationResult): void => {
        if (result.ok) {
          values[index] = result.value;
          return;
        }
        // A loop, not push(...): an item may report more errors than a call takes arguments.
        for (const error of result.errors)
          errors.push({ ...error, path: error.path ? `${index}.${error.path}` : String(index) });
      };
      const result = item(element);
      if (result instanceof Promise) pending.push(result.then(collect));
      else collect(result);
    });
    const finish = (): ValidationResult => (errors.length === 0 ? ok(values) : fail(errors));
    return pending.length > 0 ? Promise.all(pending).then(finish) : finish();
  };
}

/**
 * Compiles, once at boot, the function that turns untrusted input into a validated value:
 * DTO instances via class-transformer + class-validator, scalars converted from text.
 * `name` is the property path reported for a single named value (`@Param('id')`).
 */
// eslint-disable-next-line @typescript-eslint/max-params -- predates the rule (issue 15); turn into an options object when this signature next changes
export function compileValidator(
  ref: TypeRef,
  source: ValueSource,
  settings: ValidationSettings,
  name = '',
): Validator {
  switch (ref.kind) {
    case 'dto':
      return compileDto(ref.type, source, settings);
    case 'array':
      return compileArray(compileValidator(ref.items, source, settings), source, settings);
    case 'primitive':
      return textConverter(ref.type, source, name);
    case 'date':
      return (input) => {
        if (input === undefined) return absent(source, name);
        // ISO 8601 or an HTTP date: `new Date()` alone would take '1' as the year 2001.
        const date = input instanceof Date ? input : typeof input === 'string' ? textDate(input) : undefined;
        return date && !Number.isNaN(date.getTime())
          ? ok(date)
          : fail([{ in: source, path: name, constraint: 'isDate', message: `${name} must be a date` }]);
      };
    case 'unknown':
      return ok;
    default: {
      const exhaustive: never = ref;
      throw new TypeError(`unhandled type ref ${JSON.stringify(exhaustive)}`);
    }
  }
}
