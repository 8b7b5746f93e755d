import { plainToInstance, type ClassTransformOptions } from 'class-transformer';
import { getMetadataStorage, validate, validateSync, type ValidatorOptions } from 'class-validator';
import type { TypeRef } from '../definition/app-definition.js';
import type { Class, ConcreteClass } from '../types.js';
import { flattenErrors, type FieldError, type ValueSource } from './field-error.js';
import type { ValidationSettings } from './validation-settings.js';

export type ValidationResult =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly errors: readonly FieldError[] };

/** A validator compiled at boot for one type and one source; sync unless the DTO has async constraints. */
export type Validator = (input: unknown) => ValidationResult | Promise<ValidationResult>;

const ok = (value: unknown): ValidationResult => ({ ok: true, value });
const fail = (errors: FieldError[]): ValidationResult => ({ ok: false, errors });

function usesAsyncConstraints(dto: Class, seen = new Set<Class>()): boolean {
  if (seen.has(dto)) return false;
  seen.add(dto);
  const storage = getMetadataStorage();
  for (const meta of storage.getTargetValidationMetadatas(dto, '', true, false)) {
    if (meta.constraintCls && storage.getTargetValidatorConstraints(meta.constraintCls).some((c) => c.async))
      return true;
  }
  return false;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function convertText(
  value: unknown,
  type: 'string' | 'number' | 'boolean',
  source: ValueSource,
  path: string,
): ValidationResult {
  if (value === undefined) {
    // A single query value or header is optional (use a DTO to require it); a path parameter is always present.
    return source === 'query' || source === 'headers'
      ? ok(undefined)
      : fail([{ in: source, path, constraint: 'isDefined', message: `${path} is required` }]);
  }
  if (type === 'string') return ok(String(value));
  if (type === 'number') {
    const number = typeof value === 'number' ? value : Number(value);
    return Number.isFinite(number) && String(value).trim() !== ''
      ? ok(number)
      : fail([{ in: source, path, constraint: 'isNumber', message: `${path} must be a number` }]);
  }
  if (value === true || value === 'true') return ok(true);
  if (value === false || value === 'false') return ok(false);
  return fail([{ in: source, path, constraint: 'isBoolean', message: `${path} must be true or false` }]);
}

function compileDto(dto: Class, source: ValueSource, settings: ValidationSettings): Validator {
  // Text sources (URL and headers) carry only strings, so class-transformer converts to the declared types.
  const transform: ClassTransformOptions = {
    ...(source !== 'body' && source !== 'message' && { enableImplicitConversion: true }),
    ...settings.transform,
  };
  const options: ValidatorOptions = {
    whitelist: settings.whitelist,
    // Requests always carry headers nobody declares (host, user-agent, ...): strip them, never reject.
    forbidNonWhitelisted: source === 'headers' ? false : settings.forbidNonWhitelisted,
    forbidUnknownValues: settings.forbidUnknownValues,
    stopAtFirstError: settings.stopAtFirstError,
    validationError: { target: false, value: false },
  };
  const notObject = (): ValidationResult =>
    fail([{ in: source, path: '', constraint: 'isObject', message: `${source} must be a JSON object` }]);

  if (usesAsyncConstraints(dto)) {
    return async (input) => {
      if (!isPlainObject(input)) return notObject();
      const instance = plainToInstance(dto as ConcreteClass, input, transform) as object;
      const errors = await validate(instance, options);
      return errors.length === 0 ? ok(instance) : fail(flattenErrors(errors, source));
    };
  }
  return (input) => {
    if (!isPlainObject(input)) return notObject();
    const instance = plainToInstance(dto as ConcreteClass, input, transform) as object;
    const errors = validateSync(instance, options);
    return errors.length === 0 ? ok(instance) : fail(flattenErrors(errors, source));
  };
}

function compileArray(item: Validator, source: ValueSource): Validator {
  return (input) => {
    if (!Array.isArray(input))
      return fail([
        { in: source, path: '', constraint: 'isArray', message: `${source} must be a JSON array` },
      ]);
    const values: unknown[] = [];
    const errors: FieldError[] = [];
    const pending: Array<Promise<void>> = [];
    input.forEach((element, index) => {
      const collect = (result: ValidationResult): void => {
        if (result.ok) values[index] = result.value;
        else
          errors.push(
            ...result.errors.map((error) => ({
              ...error,
              path: error.path ? `${index}.${error.path}` : String(index),
            })),
          );
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
      return compileArray(compileValidator(ref.items, source, settings), source);
    case 'primitive': {
      const type = ref.type;
      return (input) => convertText(input, type, source, name);
    }
    case 'date':
      return (input) => {
        const date = new Date(String(input));
        return Number.isNaN(date.getTime())
          ? fail([{ in: source, path: name, constraint: 'isDate', message: `${name} must be a date` }])
          : ok(date);
      };
    case 'unknown':
      return ok;
    default: {
      const exhaustive: never = ref;
      throw new TypeError(`unhandled type ref ${JSON.stringify(exhaustive)}`);
    }
  }
}
