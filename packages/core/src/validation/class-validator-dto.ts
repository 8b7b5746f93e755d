import { plainToInstance, type ClassTransformOptions } from 'class-transformer';
import { validate, validateSync, type ValidationError, type ValidatorOptions } from 'class-validator';
import { usesAsyncConstraints } from '../dto/dto-graph.js';
import type { Class, ConcreteClass } from '../types.js';
import { flattenErrors, type FieldError, type ValueSource } from './field-error.js';
import { compileNullItemCheck } from './discriminated-nulls.js';
import { checkInputBounds } from './input-bounds.js';
import { compileTextRule } from './text-values.js';
import type { ValidationSettings } from './validation-settings.js';

export type ValidationResult =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly errors: readonly FieldError[] };

/** A validator compiled at boot for one type and one source; sync unless the DTO has async constraints. */
export type Validator = (input: unknown) => ValidationResult | Promise<ValidationResult>;

export const ok = (value: unknown): ValidationResult => ({ ok: true, value });
export const fail = (errors: FieldError[]): ValidationResult => ({ ok: false, errors });

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The error for a DTO source that is not a JSON object. */
export function notObject(source: ValueSource): ValidationResult {
  return fail([{ in: source, path: '', constraint: 'isObject', message: `${source} must be a JSON object` }]);
}

export { usesAsyncConstraints } from '../dto/dto-graph.js';

/** Query, path parameters and headers: text, converted to the declared property types. */
export const isTextSource = (source: ValueSource): boolean => source !== 'body' && source !== 'message';

/** The class-transformer options the reference path uses for a source. */
export function transformOptions(source: ValueSource, settings: ValidationSettings): ClassTransformOptions {
  // Text sources (URL and headers) carry only strings, so class-transformer converts to the declared types.
  return {
    ...(isTextSource(source) && { enableImplicitConversion: true }),
    ...settings.transform,
  };
}

/** Requests always carry headers nobody declares (host, user-agent, ...): strip them, never reject. */
export function forbidsNonWhitelisted(source: ValueSource, settings: ValidationSettings): boolean {
  return source === 'headers' ? false : settings.forbidNonWhitelisted;
}

/**
 * The reference path: input bounds, `plainToInstance`, then class-validator, errors flattened. The
 * compiled fast path must give exactly what this gives, and falls back to it for whatever it cannot
 * compile.
 */
export function compileClassValidatorDto(
  dto: Class,
  source: ValueSource,
  settings: ValidationSettings,
): Validator {
  const transform = transformOptions(source, settings);
  const textRule = isTextSource(source) ? compileTextRule(dto, transform) : undefined;
  const nullItem = compileNullItemCheck(dto, source);
  const options: ValidatorOptions = {
    whitelist: settings.whitelist,
    forbidNonWhitelisted: forbidsNonWhitelisted(source, settings),
    forbidUnknownValues: settings.forbidUnknownValues,
    stopAtFirstError: settings.stopAtFirstError,
    validationError: { target: false, value: false },
  };

  /**
   * Everything before class-validator runs: `ok(instance)`, which is also the answer when no
   * constraint fails (no second allocation), or the refusal.
   */
  const prepare = (input: unknown): ValidationResult => {
    if (!isPlainObject(input)) return notObject(source);
    // class-transformer's per-object work is quadratic in keys and it recurses per level: bounded first.
    const outside = checkInputBounds(input, settings, source);
    if (outside) return fail([outside]);
    const missing = nullItem?.(input);
    if (missing) return fail([missing]);
    const instance = plainToInstance(dto as ConcreteClass, input, transform) as object;
    textRule?.(instance, input);
    return ok(instance);
  };
  const answer = (prepared: ValidationResult, errors: ValidationError[]): ValidationResult =>
    errors.length === 0 ? prepared : fail(flattenErrors(errors, source));

  if (usesAsyncConstraints(dto)) {
    return async (input) => {
      const prepared = prepare(input);
      return prepared.ok ? answer(prepared, await validate(prepared.value as object, options)) : prepared;
    };
  }
  return (input) => {
    const prepared = prepare(input);
    return prepared.ok ? answer(prepared, validateSync(prepared.value as object, options)) : prepared;
  };
}
