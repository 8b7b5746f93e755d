import type { ValidationArguments } from 'class-validator';
import { describeDto } from '../dto/describe-dto.js';
import type { DtoModel, ValidationMetadata as Metadata } from '../dto/dto-model.js';
import type { Class } from '../types.js';
import { Decline } from './compiled-transform.js';

type Message = Metadata['message'] | undefined;

interface ConstraintInstance {
  validate(value: unknown, args: ValidationArguments): unknown;
  defaultMessage?(args: ValidationArguments): string;
}

/** One registered constraint of one decorator: what `customValidations` runs. */
export interface Check {
  readonly type: string;
  readonly instance: ConstraintInstance;
}

/** One validation decorator (`@IsString()`, `@IsDefined()`, a `registerDecorator` one). */
export interface Rule {
  readonly meta: Metadata;
  readonly property: string;
  readonly constraints: unknown[] | undefined;
  readonly message: Message;
  readonly each: boolean;
  readonly checks: readonly Check[];
}

/** One `@ValidateNested()`; a non-object value is reported with the class as the `object`. */
export interface NestedRule {
  readonly target: Class;
  readonly targetName: string | undefined;
  readonly property: string;
  readonly constraints: unknown[] | undefined;
  readonly message: Message;
}

export interface PropertyPlan {
  readonly name: string;
  /** The `constraints` arrays of `@IsOptional`/`@ValidateIf`; class-validator calls `constraints[0](object, value)`. */
  readonly conditions: ReadonlyArray<unknown[]>;
  readonly defined: readonly Rule[];
  readonly customs: readonly Rule[];
  readonly nested: readonly NestedRule[];
}

export interface ClassPlan {
  readonly targetName: string;
  /** No metadata at all: `forbidUnknownValues` rejects the object. */
  readonly unknown: boolean;
  /** class-validator's own grouping object, read exactly as its whitelist check reads it. */
  readonly grouped: Readonly<Record<string, unknown>>;
  readonly props: readonly PropertyPlan[];
}

/** registerDecorator wraps a `{ validate, defaultMessage }` object in this class: it has no state of its own. */
function isRegisteredWrapper(cls: { name: string; prototype: unknown }): boolean {
  const names = Object.getOwnPropertyNames(cls.prototype as object).sort();
  return cls.name === 'CustomConstraint' && names.join() === 'constructor,defaultMessage,validate';
}

function compileRule(model: DtoModel, meta: Metadata, where: string): Rule {
  const checks = (model.constraints.get(meta) ?? []).map((constraint): Check => {
    if (constraint.async) throw new Decline(`${where}: async constraint ${constraint.name}`);
    if (!isRegisteredWrapper(constraint.target))
      throw new Decline(`${where}: constraint class ${constraint.target.name}`);
    const type = constraint.name ? constraint.name : meta.type;
    if (type === '__proto__') throw new Decline(`${where}: constraint named __proto__`);
    return { type, instance: constraint.instance as ConstraintInstance };
  });
  return {
    meta,
    property: meta.propertyName,
    constraints: meta.constraints,
    message: meta.message,
    each: Boolean(meta.each),
    checks,
  };
}

function compileProperty(model: DtoModel, name: string, where: string): PropertyPlan {
  const metas = (model.grouped as Readonly<Record<string, readonly Metadata[]>>)[name] as readonly Metadata[];
  const rest = metas.filter((m) => m.type !== 'isDefined' && m.type !== 'whitelistValidation');
  if (rest.some((m) => m.type === 'promiseValidation')) throw new Decline(`${where}: @ValidatePromise`);
  const conditions = rest
    .filter((m) => m.type === 'conditionalValidation')
    .map((m) => {
      if (!Array.isArray(m.constraints) || typeof m.constraints[0] !== 'function')
        throw new Decline(`${where}: conditional validation without a function`);
      return m.constraints;
    });
  const nested = rest
    .filter((m) => m.type === 'nestedValidation')
    .map((m): NestedRule => {
      if (typeof m.target !== 'function') throw new Decline(`${where}: schema-based validation`);
      const constructor = (m.target as { constructor?: { name: string } }).constructor;
      return {
        target: m.target as Class,
        targetName: constructor ? constructor.name : undefined,
        property: m.propertyName,
        constraints: m.constraints,
        message: m.message,
      };
    });
  return {
    name,
    conditions,
    defined: metas.filter((m) => m.type === 'isDefined').map((m) => compileRule(model, m, where)),
    customs: rest.filter((m) => m.type === 'customValidation').map((m) => compileRule(model, m, where)),
    nested,
  };
}

/**
 * The validation plan of one class, from the same storage calls class-validator makes per object:
 * `getTargetValidationMetadatas` (inheritance and its de-duplication included) and `groupByPropertyName`.
 * Groups, `always` and `context` need no special case: without validator groups every metadata is
 * included whatever its groups, and contexts only reach `ValidationError.contexts`, which is not reported.
 */
export function compileClassPlan(type: Class): ClassPlan {
  const model = describeDto(type);
  const grouped = model.grouped;
  if (!grouped)
    throw new Decline(
      `${type.name}.${model.reservedNames[0] as string}: property named like an Object.prototype member`,
    );
  return {
    targetName: type.name,
    unknown: model.metadatas.length === 0,
    grouped,
    props: Object.keys(grouped).map((name) => compileProperty(model, name, `${type.name}.${name}`)),
  };
}

function constraintToString(constraint: unknown): string {
  if (Array.isArray(constraint)) return constraint.join(', ');
  if (typeof constraint === 'symbol') return `${constraint.description}`;
  return `${constraint as string}`;
}

/** class-validator's `ValidationUtils.replaceMessageSpecialTokens`, step for step (it is not exported). */
export function replaceTokens(message: Message | string, args: ValidationArguments): string {
  let text: string | undefined;
  if (message instanceof Function) text = message(args);
  else if (typeof message === 'string') text = message;
  if (text && Array.isArray(args.constraints)) {
    args.constraints.forEach((constraint: unknown, index: number) => {
      text = (text as string).replace(
        new RegExp(`\\$constraint${index + 1}`, 'g'),
        constraintToString(constraint),
      );
    });
  }
  const value: unknown = args.value;
  if (text && value !== undefined && value !== null && ['string', 'boolean', 'number'].includes(typeof value))
    text = text.replace(/\$value/g, value as string);
  if (text) text = text.replace(/\$property/g, args.property);
  if (text) text = text.replace(/\$target/g, args.targetName);
  return text as string;
}

/**
 * `createValidationError`: the decorator's message, else the constraint's default, then tokens.
 * `args` are the arguments the failed check was validated with.
 */
export function message(rule: Rule, instance: ConstraintInstance, args: ValidationArguments): string {
  let text: Message | string = rule.message || '';
  if (!rule.message && instance.defaultMessage instanceof Function) text = instance.defaultMessage(args);
  return replaceTokens(text, args);
}
