import 'reflect-metadata';
import { Exclude, Expose, Transform, Type } from 'class-transformer';
import {
  Allow,
  getMetadataStorage,
  IsDefined,
  IsOptional,
  Validate,
  ValidateIf,
  ValidateNested,
  ValidatePromise,
  ValidatorConstraint,
  type ValidationArguments,
  type ValidationOptions,
  type ValidatorConstraintInterface,
} from 'class-validator';
import type { Class, ConcreteClass } from '../../src/types.js';
import { customConstraint, notLater, type CustomConstraint } from '../helpers/custom-constraint.js';
import { catalog } from './constraint-catalog.js';
import type { ClassSpec, ConstraintSpec, CustomSpec, DefaultSpec, Design, PropSpec } from './dto-specs.js';

type Plain = Record<string, unknown>;

@ValidatorConstraint({ name: 'classBased' })
class ClassBased implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return typeof value === 'string';
  }
  defaultMessage(): string {
    return '$property is not classy';
  }
}

@ValidatorConstraint({ name: 'asyncClassBased', async: true })
class AsyncClassBased implements ValidatorConstraintInterface {
  async validate(value: unknown): Promise<boolean> {
    return value !== 'taken';
  }
}

function options(spec: ConstraintSpec | CustomSpec): ValidationOptions {
  const out: ValidationOptions = { each: spec.each };
  if ('message' in spec) {
    if (spec.message === 'template')
      out.message = '$property of $target: $value ($constraint1, $constraint2) $&';
    if (spec.message === 'function')
      out.message = (args: ValidationArguments) =>
        `${args.property}/${args.targetName}/${typeof args.value}/${String(args.constraints?.length)}`;
    if (spec.message === 'empty') out.message = '';
    if (spec.extra === 'always') out.always = true;
    if (spec.extra === 'groups') out.groups = ['admin'];
    if (spec.extra === 'context') out.context = { code: 7 };
    if (spec.extra === 'validateIf') out.validateIf = (object: object) => !('b' in object);
  }
  return out;
}

function applyCustom(spec: CustomSpec, target: object, propertyName: string): void {
  const register = (constraint: CustomConstraint): void =>
    customConstraint(constraint, options(spec))(target, propertyName);
  switch (spec.kind) {
    case 'object':
      return register({
        name: 'isShort',
        constraints: [3],
        validator: {
          validate: (value: unknown, args: ValidationArguments) =>
            typeof value === 'string' && value.length <= (args.constraints[0] as number),
          defaultMessage: (args: ValidationArguments) =>
            `$property of $target must be at most $constraint1 long (got ${JSON.stringify(args.value) ?? 'nothing'})`,
        },
      });
    case 'promise':
      return register(notLater);
    case 'unnamed':
      return register({
        name: '',
        constraints: ['a'],
        validator: {
          validate: (value: unknown, args: ValidationArguments) => value !== (args.object as Plain)['a'],
        },
      });
    case 'class':
      return Validate(ClassBased, [1], options(spec))(target, propertyName);
    case 'async':
      return register({
        name: 'isFree',
        async: true,
        validator: {
          validate: async (value: unknown) => value !== 'taken',
          defaultMessage: () => '$property is taken',
        },
      });
    case 'asyncClass':
      return Validate(AsyncClassBased, options(spec))(target, propertyName);
    case 'validatePromise':
      return ValidatePromise(options(spec))(target, propertyName);
    default: {
      const exhaustive: never = spec.kind;
      throw new TypeError(`unknown custom kind ${String(exhaustive)}`);
    }
  }
}

const designTypes: Record<Exclude<Design, 'Child' | 'None'>, unknown> = {
  String,
  Number,
  Boolean,
  Date,
  Array,
  Object,
  Set,
  Map,
};

const scalarTypes = { Number, String, Boolean, Date } as const;

/** Builds the decorated classes of a spec, applying decorators as functions, as tsc's output does. */
export class DtoBuilder {
  private readonly built = new Map<ClassSpec, Class>();
  private count = 0;

  constructor(private readonly label: string) {}

  /**
   * Forgets the built classes in class-validator's storage. It lists every class ever decorated and
   * walks that list on each validated object (to find inherited metadata), so thousands of
   * generated classes would make each run slower than the one before.
   */
  dispose(): void {
    const storage = getMetadataStorage() as unknown as {
      validationMetadatas: Map<unknown, Array<{ constraintCls?: unknown }>>;
      constraintMetadatas: Map<unknown, unknown>;
    };
    for (const type of this.built.values()) {
      for (const meta of storage.validationMetadatas.get(type) ?? []) {
        if (meta.constraintCls !== ClassBased && meta.constraintCls !== AsyncClassBased)
          storage.constraintMetadatas.delete(meta.constraintCls);
      }
      storage.validationMetadatas.delete(type);
    }
    this.built.clear();
  }

  build(spec: ClassSpec): Class {
    const known = this.built.get(spec);
    if (known) return known;
    const Base = spec.base ? this.build(spec.base) : undefined;
    const defaults = spec.props
      .filter((prop) => prop.defaultValue.kind !== 'none')
      .map((prop) => [prop.key, this.defaultMaker(prop)] as const);
    const undeclared = spec.undeclaredDefault;
    const init = (instance: Plain): void => {
      for (const [key, make] of defaults) instance[key] = make();
      if (undeclared) instance['undeclared'] = 'always here';
    };
    const Made = (
      Base
        ? class extends (Base as new () => Plain) {
            constructor() {
              super();
              init(this);
            }
          }
        : class {
            constructor() {
              init(this as unknown as Plain);
            }
          }
    ) as Class;
    Object.defineProperty(Made, 'name', { value: `${this.label}${this.count++}` });
    this.built.set(spec, Made);
    for (const prop of spec.props) this.decorate(Made, prop);
    return Made;
  }

  private defaultMaker(prop: PropSpec): () => unknown {
    const value: DefaultSpec = prop.defaultValue;
    const child = (): object => {
      const Child = this.build((prop.nested as NonNullable<PropSpec['nested']>).child) as new () => Plain;
      return Object.assign(new Child(), { [prop.key]: 'default' });
    };
    switch (value.kind) {
      case 'none':
        return () => undefined;
      case 'value':
        return () => structuredClone(value.value);
      case 'set':
        return () => new Set(value.values);
      case 'map':
        return () => new Map(value.values.map((item, index) => [`k${index}`, item]));
      case 'child':
        return child;
      case 'childSet':
        return () => new Set([child(), 'text']);
      default: {
        const exhaustive: never = value;
        throw new TypeError(`unknown default ${JSON.stringify(exhaustive)}`);
      }
    }
  }

  private decorate(Made: Class, prop: PropSpec): void {
    const proto = Made.prototype as object;
    const key = prop.key;
    const nested = prop.nested;
    const child = nested ? this.build(nested.child) : undefined;
    const alt = nested ? this.build(nested.alt) : undefined;
    // tsc emits design:type for every decorated property.
    if (prop.design === 'Child') Reflect.defineMetadata('design:type', child, proto, key);
    else if (prop.design !== 'None')
      Reflect.defineMetadata('design:type', designTypes[prop.design], proto, key);
    switch (prop.condition) {
      case 'none':
        break;
      case 'IsOptional':
        IsOptional()(proto, key);
        break;
      case 'ValidateIfSibling':
        ValidateIf((object: Plain) => object['a'] !== undefined)(proto, key);
        break;
      case 'ValidateIfNotNull':
        ValidateIf((_object: unknown, value: unknown) => value !== null)(proto, key);
        break;
      case 'ValidateIfNever':
        ValidateIf(() => false)(proto, key);
        break;
      default: {
        const exhaustive: never = prop.condition;
        throw new TypeError(`unknown condition ${String(exhaustive)}`);
      }
    }
    if (prop.defined) IsDefined()(proto, key);
    if (prop.allow) Allow()(proto, key);
    for (const constraint of prop.constraints) {
      const entry = catalog[constraint.name];
      if (!entry) throw new TypeError(`no catalog entry ${constraint.name}`);
      (entry.variants[constraint.variant] ?? entry.variants[0])!(options(constraint))(proto, key);
    }
    for (const custom of prop.customs) applyCustom(custom, proto, key);
    if (nested && child && alt) {
      ValidateNested({
        each: nested.each,
        ...(nested.message && { message: 'nested $property of $target' }),
      })(proto, key);
      switch (nested.type) {
        case 'none':
          break;
        case 'static':
          Type(() => child)(proto, key);
          break;
        case 'args':
          Type((opts) => ((opts?.object as Plain | undefined)?.['kind'] === 'B' ? alt : child))(proto, key);
          break;
        case 'discriminator':
          Type(() => child, {
            discriminator: {
              property: 'kind',
              subTypes: [
                { name: 'A', value: child as ConcreteClass },
                { name: 'B', value: alt as ConcreteClass },
              ],
            },
            keepDiscriminatorProperty: nested.keepDiscriminator,
          })(proto, key);
          break;
        default: {
          const exhaustive: never = nested.type;
          throw new TypeError(`unknown nested type ${String(exhaustive)}`);
        }
      }
    }
    if (prop.scalarType !== 'none')
      Type(() => scalarTypes[prop.scalarType as keyof typeof scalarTypes])(proto, key);
    switch (prop.transformer) {
      case 'none':
        break;
      case 'Transform':
        Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))(
          proto,
          key,
        );
        break;
      case 'Expose':
        Expose({ name: `wire_${key}` })(proto, key);
        break;
      case 'Exclude':
        Exclude()(proto, key);
        break;
      default: {
        const exhaustive: never = prop.transformer;
        throw new TypeError(`unknown transformer ${String(exhaustive)}`);
      }
    }
  }
}
