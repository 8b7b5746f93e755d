import type { ValidationArguments } from 'class-validator';
import type { Class } from '../types.js';
import {
  compileClassValidatorDto,
  fail,
  forbidsNonWhitelisted,
  isPlainObject,
  isTextSource,
  notObject,
  ok,
  transformOptions,
  type ValidationResult,
} from './class-validator-dto.js';
import {
  compileClassPlan,
  message,
  replaceTokens,
  type Check,
  type ClassPlan,
  type NestedRule,
  type PropertyPlan,
  type Rule,
} from './compiled-constraints.js';
import { BAIL, Decline, isJsonPrototype, TransformCompiler } from './compiled-transform.js';
import type { FieldError, ValueSource } from './field-error.js';
import { checkInputBounds } from './input-bounds.js';
import { compileTextRule } from './text-values.js';
import type { ValidationSettings } from './validation-settings.js';

type Plain = Record<string, unknown>;
type Constraints = Record<string, string>;

const isPromise = (value: unknown): value is Promise<unknown> =>
  value !== null && typeof value === 'object' && typeof (value as { then?: unknown }).then === 'function';

/** What class-validator iterates for `each: true` and `@ValidateNested()`: arrays, and Sets and Maps (class defaults). */
const isCollection = (value: unknown): value is unknown[] | Set<unknown> | Map<unknown, unknown> =>
  Array.isArray(value) || value instanceof Set || value instanceof Map;

/** class-validator's `convertToArray`: a Map gives its values. */
const items = (value: unknown[] | Set<unknown> | Map<unknown, unknown>): unknown[] =>
  value instanceof Map ? Array.from(value.values()) : Array.isArray(value) ? value : Array.from(value);

/**
 * A sync validator that returned a promise which settled false: validateSync subscribes to it and
 * builds the error's message (user code may run) when it settles, after the error list was
 * returned, so only the message is built; it lands in no reported error, here as there.
 */
function late(rule: Rule, check: Check, args: ValidationArguments): void {
  message(rule, check.instance, args);
}

/** Runs compiled plans the way class-validator's ValidationExecutor runs metadata, emitting flattened errors. */
class PlanRunner {
  private readonly whitelist: boolean;
  private readonly forbid: boolean;
  private readonly forbidUnknown: boolean;
  private readonly stop: boolean;

  constructor(
    private readonly source: ValueSource,
    settings: ValidationSettings,
    private readonly plans: ReadonlyMap<unknown, ClassPlan>,
  ) {
    this.whitelist = settings.whitelist;
    this.forbid = forbidsNonWhitelisted(source, settings);
    this.forbidUnknown = settings.forbidUnknownValues;
    this.stop = settings.stopAtFirstError;
  }

  run(instance: object, out: FieldError[]): void {
    const plan = this.plans.get(instance.constructor);
    if (!plan) throw BAIL;
    this.execute(instance as Plain, plan, '', out);
  }

  // eslint-disable-next-line @typescript-eslint/max-params -- per-property recursion of the compiled validator: no options object allocated per property
  private execute(object: Plain, plan: ClassPlan, prefix: string, out: FieldError[]): void {
    if (plan.unknown && this.forbidUnknown) {
      // class-validator leaves `property` undefined here, so the flattened path is `undefined` or `prefix.undefined`.
      const path = (prefix ? `${prefix}.undefined` : undefined) as string;
      const text = 'an unknown value was passed to the validate function';
      out.push({ in: this.source, path, constraint: 'unknownValue', message: text });
      return;
    }
    if (this.whitelist) {
      const grouped = plan.grouped as Record<string, { length?: number } | undefined>;
      for (const key of Object.keys(object)) {
        const group = grouped[key];
        if (group && group.length !== 0) continue;
        if (!this.forbid) delete object[key];
        else
          out.push({
            in: this.source,
            path: prefix ? `${prefix}.${key}` : key,
            constraint: 'whitelistValidation',
            message: `property ${key} should not exist`,
          });
      }
    }
    for (const prop of plan.props)
      this.property(object, object[prop.name], prop, plan.targetName, prefix, out);
  }

  // eslint-disable-next-line @typescript-eslint/max-params -- per-property recursion of the compiled validator: no options object allocated per property
  private property(
    object: Plain,
    value: unknown,
    prop: PropertyPlan,
    targetName: string,
    prefix: string,
    out: FieldError[],
  ): void {
    if (prop.conditions.length !== 0) {
      // Every condition runs (class-validator maps, then reduces).
      let pass: unknown = true;
      for (const constraints of prop.conditions) {
        const result: unknown = (constraints as Array<(o: unknown, v: unknown) => unknown>)[0]!(
          object,
          value,
        );
        pass = pass && result;
      }
      if (!pass) return;
    }
    let constraints = this.rules(object, value, prop.defined, targetName, null);
    constraints = this.rules(object, value, prop.customs, targetName, constraints);
    const path = prefix ? `${prefix}.${prop.name}` : prop.name;
    if (prop.nested.length === 0 || value === undefined) this.emit(constraints, path, out);
    else this.nested(value, prop.nested, path, constraints, out);
  }

  // eslint-disable-next-line @typescript-eslint/max-params -- per-property recursion of the compiled validator: no options object allocated per property
  private rules(
    object: Plain,
    value: unknown,
    rules: readonly Rule[],
    targetName: string,
    found: Constraints | null,
  ): Constraints | null {
    let constraints = found;
    for (const rule of rules) {
      if (rule.meta.validateIf && !rule.meta.validateIf(object, value)) continue;
      for (const check of rule.checks) {
        if (this.stop && constraints !== null) continue;
        const args: ValidationArguments = {
          targetName,
          property: rule.property,
          object,
          value,
          constraints: rule.constraints as unknown[],
        };
        if (!rule.each || !isCollection(value)) {
          const valid = check.instance.validate(value, args);
          if (valid && !isPromise(valid)) continue;
          // A sync validator returning a promise: validateSync never waits for it, but does subscribe.
          if (isPromise(valid)) void valid.then((settled) => settled || late(rule, check, args));
          else {
            constraints ??= {};
            constraints[check.type] = message(rule, check.instance, args);
          }
          continue;
        }
        const results = items(value).map((item: unknown) => check.instance.validate(item, args));
        if (results.some(isPromise)) {
          void Promise.all(results.map((r) => (isPromise(r) ? r : Promise.resolve(r)))).then(
            (settled) => settled.every((valid) => valid) || late(rule, check, args),
          );
        } else if (!results.every((valid) => valid)) {
          constraints ??= {};
          constraints[check.type] = message(rule, check.instance, args);
        }
      }
    }
    return constraints;
  }

  /** `nestedValidations` for one error node; `value` is not undefined. */
  // eslint-disable-next-line @typescript-eslint/max-params -- per-property recursion of the compiled validator: no options object allocated per property
  private nested(
    value: unknown,
    rules: readonly NestedRule[],
    path: string,
    found: Constraints | null,
    out: FieldError[],
  ): void {
    if (Array.isArray(value) || value instanceof Object) {
      this.emit(found, path, out);
      if (this.stop && found !== null) return;
      for (let index = 0; index < rules.length; index++) {
        if (isCollection(value)) {
          // A Set is walked as an array (by index); a Map's values are named by their keys.
          const list = value instanceof Set ? Array.from(value) : value;
          list.forEach((item: unknown, at: unknown) => {
            if (item !== undefined)
              this.nested(item, rules, `${path}.${(at as { toString(): string }).toString()}`, null, out);
          });
        } else {
          const plan = this.plans.get((value as object).constructor);
          if (!plan) throw BAIL;
          this.execute(value as Plain, plan, path, out);
        }
      }
      return;
    }
    let constraints = found;
    for (const rule of rules) {
      if (this.stop && constraints !== null) continue;
      const args: ValidationArguments = {
        targetName: rule.targetName as string,
        property: rule.property,
        object: rule.target,
        value,
        constraints: rule.constraints as unknown[],
      };
      constraints ??= {};
      constraints['nestedValidation'] = replaceTokens(rule.message || '', args);
    }
    this.emit(constraints, path, out);
  }

  private emit(constraints: Constraints | null, path: string, out: FieldError[]): void {
    if (constraints === null) return;
    for (const constraint of Object.keys(constraints)) {
      out.push({ in: this.source, path, constraint, message: constraints[constraint] as string });
    }
  }
}

/** Like {@link compileFastDto}, but says why a DTO is not compiled. */
export function compileFastDtoOrReason(
  dto: Class,
  source: ValueSource,
  settings: ValidationSettings,
): ((input: unknown) => ValidationResult) | string {
  if (settings.transform && Object.keys(settings.transform).length > 0) return 'settings.transform is set';
  let build: (plain: object) => object;
  const plans = new Map<unknown, ClassPlan>();
  try {
    const transformer = new TransformCompiler(isTextSource(source));
    build = transformer.builder(dto);
    for (const type of [...transformer.classes, Object, Date]) plans.set(type, compileClassPlan(type));
  } catch (error) {
    return error instanceof Decline ? error.message : `cannot compile: ${String(error)}`;
  }
  const runner = new PlanRunner(source, settings, plans);
  // The same text rule as the reference path, on the instance built the same way.
  const textRule = isTextSource(source)
    ? compileTextRule(dto, transformOptions(source, settings))
    : undefined;
  // No async constraint anywhere (that declines), so the reference path is synchronous.
  const reference = compileClassValidatorDto(dto, source, settings) as (input: unknown) => ValidationResult;
  return (input) => {
    if (!isPlainObject(input)) return notObject(source);
    // The same bounds as the reference path, so a BAIL below never hands it unbounded input.
    const outside = checkInputBounds(input, settings, source);
    if (outside) return fail([outside]);
    let instance: object;
    const errors: FieldError[] = [];
    try {
      if (!isJsonPrototype(Object.getPrototypeOf(input))) throw BAIL;
      instance = build(input);
      textRule?.(instance, input);
      runner.run(instance, errors);
    } catch (error) {
      if (error === BAIL) return reference(input);
      throw error;
    }
    return errors.length === 0 ? ok(instance) : fail(errors);
  };
}

/**
 * Returns a validator equivalent to compileDto(dto, source, settings) in dto-validator.ts, or
 * undefined when the DTO uses anything it cannot compile. It reads the class-validator and
 * class-transformer metadata once, here; per call it builds the instance and runs the registered
 * constraint functions directly, in class-validator's order, with its messages.
 *
 * @example
 * const validate = compileFastDto(CreateRoomDto, 'body', defaultValidationSettings);
 * validate?.({ name: 'general' }); // { ok: true, value: CreateRoomDto { name: 'general' } }
 */
export function compileFastDto(
  dto: Class,
  source: ValueSource,
  settings: ValidationSettings,
): ((input: unknown) => ValidationResult) | undefined {
  const compiled = compileFastDtoOrReason(dto, source, settings);
  return typeof compiled === 'string' ? undefined : compiled;
}
