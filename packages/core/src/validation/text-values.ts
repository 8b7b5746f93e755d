import type { ClassTransformOptions } from 'class-transformer';
import { describeDto } from '../dto/describe-dto.js';
import type { Class } from '../types.js';

// Decimal text only: `Number()` also reads hex (`0x1F`), exponents (`1e3`), padding (` 1 `), `Infinity`, and `''` as 0.
const decimal = /^-?\d+(?:\.\d+)?$/;

// The ECMAScript date-time string format (ISO 8601: `2024-01-02`, `2024-01-02T03:04:05.678Z`), or an
// HTTP date (`Tue, 02 Jan 2024 03:04:05 GMT`). `new Date()` also guesses at anything else (`'1'` is 2001).
const isoDate =
  /^(?:\d{4}|[+-]\d{6})(?:-\d{2}(?:-\d{2})?)?(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})?)?$/;
const httpDate = /^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/;

/**
 * The number a path, query or header value stands for: decimal text with a finite value, else
 * `undefined` (the value is then not a number, and stays text).
 */
export function decimalNumber(text: string): number | undefined {
  if (!decimal.test(text)) return undefined;
  const number = Number(text);
  return Number.isFinite(number) ? number : undefined;
}

/** The date a path, query or header value stands for (ISO 8601 or an HTTP date), else `undefined`. */
export function textDate(text: string): Date | undefined {
  if (!isoDate.test(text) && !httpDate.test(text)) return undefined;
  const date = new Date(text);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

type Restore = (made: unknown, raw: string) => unknown;

/** class-transformer made `Number(raw)`; a text that is not decimal keeps its text instead. */
const restoreNumber: Restore = (made, raw) =>
  decimalNumber(raw) === undefined && Object.is(made, Number(raw)) ? raw : made;

/** class-transformer made `new Date(raw)`; a text that is not a date keeps its text instead. */
const restoreDate: Restore = (made, raw) =>
  made instanceof Date && textDate(raw) === undefined && Object.is(made.getTime(), new Date(raw).getTime())
    ? raw
    : made;

function restoreValue(made: unknown, raw: unknown, restore: Restore): unknown {
  if (typeof raw === 'string') return restore(made, raw);
  // A repeated query key: class-transformer converted every element of a fresh array.
  if (!Array.isArray(raw) || !Array.isArray(made) || made.length !== raw.length) return made;
  const kept = made.map((item: unknown, index) => {
    const text: unknown = raw[index];
    return typeof text === 'string' ? restore(item, text) : item;
  });
  return kept.some((item, index) => item !== made[index]) ? kept : made;
}

/** Undoes, on a built instance, the conversions the text rule does not allow. */
export type TextRule = (instance: object, input: object) => void;

/**
 * The text rule for a query, params or headers DTO, or `undefined` when it has no number or date
 * property. class-transformer converts such properties with `Number()` and `new Date()`; the rule
 * keeps a value that is not decimal text (or not an ISO 8601 / HTTP date) as the text it was, so
 * the DTO's own constraints report it (`limit must be an integer number`) instead of `'0x1F'`
 * passing as 31 or `''` as 0. Both validation paths apply it to the instance they built, which is
 * how they stay in agreement. Only the DTO's own properties are text: nested objects in a query
 * exist only with a custom query-string parser and are converted as class-transformer does.
 */
export function compileTextRule(dto: Class, options: ClassTransformOptions): TextRule | undefined {
  const implicit = options.enableImplicitConversion === true;
  const rules: Array<{ property: string; key: string; restore: Restore }> = [];
  for (const model of describeDto(dto).properties.values()) {
    const property = model.name;
    if (property === '__proto__' || property === 'constructor') continue;
    const target = implicit ? model.implicitPlainTarget : model.plainTarget;
    if (target?.type === Number) rules.push({ property, key: target.key, restore: restoreNumber });
    else if (target?.type === Date) rules.push({ property, key: target.key, restore: restoreDate });
  }
  if (rules.length === 0) return undefined;
  return (instance, input) => {
    const built = instance as Record<string, unknown>;
    for (const { property, key, restore } of rules) {
      if (!Object.prototype.hasOwnProperty.call(input, key)) continue;
      const made = built[property];
      const kept = restoreValue(made, (input as Record<string, unknown>)[key], restore);
      if (kept !== made) built[property] = kept;
    }
  };
}
