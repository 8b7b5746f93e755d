import fc from 'fast-check';
import { catalog, catalogNames, commonValues } from './constraint-catalog.js';

/** The `design:type` tsc would emit: `Child` is the property's nested class, `None` no metadata at all. */
export type Design =
  'String' | 'Number' | 'Boolean' | 'Date' | 'Array' | 'Object' | 'Set' | 'Map' | 'Child' | 'None';

export interface ConstraintSpec {
  readonly name: string;
  readonly variant: number;
  readonly each: boolean;
  readonly message: 'default' | 'template' | 'function' | 'empty';
  /** Options that must not change the result: groups, `always`, a context; or a `validateIf` option. */
  readonly extra: 'none' | 'always' | 'groups' | 'context' | 'validateIf';
}

/**
 * `registerDecorator` with a validator object (compiled), one whose sync `validate` sometimes
 * answers a promise, an unnamed one without a default message; a constraint class (declined), async
 * ones (class-validator's `validate`), and `@ValidatePromise()` (declined).
 */
export type CustomKind =
  'object' | 'promise' | 'unnamed' | 'class' | 'async' | 'asyncClass' | 'validatePromise';

export interface CustomSpec {
  readonly kind: CustomKind;
  readonly each: boolean;
}

export interface NestedSpec {
  readonly each: boolean;
  /** `@Type(() => Child)`, none, a function reading its options, or a discriminator over child and alt. */
  readonly type: 'none' | 'static' | 'args' | 'discriminator';
  readonly child: ClassSpec;
  readonly alt: ClassSpec;
  readonly keepDiscriminator: boolean;
  readonly message: boolean;
}

export type DefaultSpec =
  | { readonly kind: 'none' }
  | { readonly kind: 'value'; readonly value: unknown }
  | { readonly kind: 'set'; readonly values: readonly unknown[] }
  | { readonly kind: 'map'; readonly values: readonly unknown[] }
  | { readonly kind: 'child' }
  | { readonly kind: 'childSet' };

export interface PropSpec {
  readonly key: string;
  readonly design: Design;
  readonly condition: 'none' | 'IsOptional' | 'ValidateIfSibling' | 'ValidateIfNotNull' | 'ValidateIfNever';
  readonly defined: boolean;
  readonly allow: boolean;
  readonly constraints: readonly ConstraintSpec[];
  readonly customs: readonly CustomSpec[];
  readonly nested: NestedSpec | undefined;
  /** `@Type(() => Number)` and friends on a scalar property. */
  readonly scalarType: 'none' | 'Number' | 'String' | 'Boolean' | 'Date';
  readonly defaultValue: DefaultSpec;
  readonly transformer: 'none' | 'Transform' | 'Expose' | 'Exclude';
}

export interface ClassSpec {
  readonly props: readonly PropSpec[];
  readonly base: ClassSpec | undefined;
  /** A class field without decorators: always on the instance, never declared. */
  readonly undeclaredDefault: boolean;
}

const rarely = fc.constantFrom(false, false, false, true);

/** `arb` one time in `every`, `undefined` otherwise. */
const sometimes = <T>(arb: fc.Arbitrary<T>, every: number): fc.Arbitrary<T | undefined> =>
  fc.oneof({ weight: every - 1, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: arb });

export const propertyKeys = ['a', 'b', 'c', 'name', 'count', 'tags', 'kind', '10', 'x-id'] as const;

/** A name class-validator's `groupByPropertyName` trips over (it reads `{}['toString']`): declined. */
const exoticKeys = [...propertyKeys, 'toString'] as const;

const constraintArb: fc.Arbitrary<ConstraintSpec> = fc
  .record({
    name: fc.constantFrom(...catalogNames),
    variant: fc.nat(3),
    each: rarely,
    message: fc.constantFrom('default', 'default', 'default', 'template', 'function', 'empty'),
    extra: fc.constantFrom('none', 'none', 'none', 'none', 'always', 'groups', 'context', 'validateIf'),
  })
  .map((spec) => ({ ...spec, variant: spec.variant % (catalog[spec.name]?.variants.length ?? 1) }));

const compiledCustoms: CustomKind[] = ['object', 'object', 'promise', 'unnamed'];
const declinedCustoms: CustomKind[] = ['class', 'async', 'asyncClass', 'validatePromise'];

const scalarValue = fc.constantFrom(
  ...commonValues.filter((value) => typeof value !== 'object' || value === null),
);

const defaultArb: fc.Arbitrary<DefaultSpec> = fc.oneof(
  { weight: 8, arbitrary: fc.constant({ kind: 'none' as const }) },
  { weight: 2, arbitrary: scalarValue.map((value) => ({ kind: 'value' as const, value })) },
  {
    weight: 1,
    arbitrary: fc.array(scalarValue, { maxLength: 3 }).map((values) => ({ kind: 'set' as const, values })),
  },
  {
    weight: 1,
    arbitrary: fc.array(scalarValue, { maxLength: 3 }).map((values) => ({ kind: 'map' as const, values })),
  },
);

const designs: Design[] = ['String', 'Number', 'Boolean', 'Date', 'Array', 'Object', 'None'];

/**
 * Generation mode: `plain` DTOs use only what the compiled path compiles (most of them, so the
 * comparison runs); `exotic` ones also use what it declines at boot (the decline is checked).
 */
export type Mode = 'plain' | 'exotic';

function propArb(child: fc.Arbitrary<ClassSpec> | undefined, mode: Mode): fc.Arbitrary<PropSpec> {
  const exotic = mode === 'exotic';
  const nestedTypes = exotic
    ? (['static', 'static', 'none', 'args', 'discriminator'] as const)
    : (['static', 'static', 'static', 'none'] as const);
  const nested: fc.Arbitrary<NestedSpec | undefined> = child
    ? sometimes(
        fc.record({
          each: fc.boolean(),
          type: fc.constantFrom(...nestedTypes),
          child,
          alt: child,
          keepDiscriminator: fc.boolean(),
          message: fc.boolean(),
        }),
        4,
      )
    : fc.constant(undefined);
  const customKinds = exotic ? [...compiledCustoms, ...declinedCustoms] : compiledCustoms;
  return fc
    .record({
      key: fc.constantFrom(...(exotic ? exoticKeys : propertyKeys)),
      // Set and Map design types are compiled for bodies; text sources convert by them and decline.
      design: fc.constantFrom<Design>(...designs, ...designs, 'Set', 'Map'),
      condition: fc.constantFrom(
        'none',
        'none',
        'none',
        'IsOptional',
        'IsOptional',
        'ValidateIfSibling',
        'ValidateIfNotNull',
        'ValidateIfNever',
      ),
      defined: rarely,
      allow: rarely,
      constraints: fc.array(constraintArb, { maxLength: 3 }),
      customs: fc.oneof(
        { weight: 5, arbitrary: fc.constant([]) },
        {
          weight: 1,
          arbitrary: fc.array(fc.record({ kind: fc.constantFrom(...customKinds), each: fc.boolean() }), {
            maxLength: 2,
          }),
        },
      ),
      nested,
      scalarType: fc.constantFrom('none', 'none', 'none', 'Number', 'String', 'Boolean', 'Date'),
      defaultValue: defaultArb,
      transformer: exotic
        ? fc.constantFrom('none', 'none', 'none', 'none', 'none', 'Transform', 'Expose', 'Exclude')
        : fc.constant('none' as const),
    })
    .map((prop): PropSpec => {
      // `@Type` on a Set or Map property is declined; plain DTOs keep it for the exotic ones.
      const typedCollection = prop.design === 'Set' || prop.design === 'Map';
      if (!exotic && typedCollection && prop.scalarType !== 'none') return { ...prop, scalarType: 'none' };
      if (!prop.nested) return prop;
      // A nested property is typed by its class (or an array, Set or Map of it), not by a scalar @Type.
      const collection =
        prop.design === 'Array' || (typedCollection && (exotic || prop.nested.type === 'none'));
      const design: Design = collection ? prop.design : 'Child';
      const defaultValue: DefaultSpec =
        prop.defaultValue.kind === 'set'
          ? { kind: 'childSet' }
          : prop.defaultValue.kind === 'value'
            ? { kind: 'child' }
            : prop.defaultValue;
      return { ...prop, design, scalarType: 'none', defaultValue };
    });
}

function classArb(
  child: fc.Arbitrary<ClassSpec> | undefined,
  base: fc.Arbitrary<ClassSpec | undefined>,
  mode: Mode,
): fc.Arbitrary<ClassSpec> {
  return fc.record({
    props: fc.uniqueArray(propArb(child, mode), { selector: (prop) => prop.key, maxLength: 4 }),
    base,
    undeclaredDefault: rarely,
  });
}

/** A DTO class (two levels of nesting at most), with an optional base class at each level. */
export function dtoSpecArb(mode: Mode): fc.Arbitrary<ClassSpec> {
  const none = fc.constant(undefined);
  const leaf = classArb(undefined, sometimes(classArb(undefined, none, mode), 4), mode);
  const middle = classArb(leaf, sometimes(classArb(leaf, none, mode), 4), mode);
  return classArb(middle, sometimes(classArb(middle, none, mode), 4), mode);
}
