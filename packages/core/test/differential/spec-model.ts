import type { ClassSpec, CustomKind, Design, PropSpec } from './dto-specs.js';

/** The spec and its base classes, derived first: the order class-transformer and reflect-metadata look up. */
export function chain(spec: ClassSpec): ClassSpec[] {
  const out: ClassSpec[] = [];
  for (let current: ClassSpec | undefined = spec; current; current = current.base) out.push(current);
  return out;
}

const own = (spec: ClassSpec, key: string): PropSpec | undefined =>
  spec.props.find((prop) => prop.key === key);

export const hasTypeDecorator = (prop: PropSpec): boolean =>
  (prop.nested !== undefined && prop.nested.type !== 'none') || prop.scalarType !== 'none';

export const hasValidation = (prop: PropSpec): boolean =>
  prop.condition !== 'none' ||
  prop.defined ||
  prop.allow ||
  prop.constraints.length > 0 ||
  prop.customs.length > 0 ||
  prop.nested !== undefined;

/** Every property with a class-validator or `@Type` decorator, on the class or a base. */
export function declaredKeys(spec: ClassSpec): string[] {
  const keys = new Set<string>();
  for (const cls of chain(spec))
    for (const prop of cls.props) if (hasValidation(prop) || hasTypeDecorator(prop)) keys.add(prop.key);
  return [...keys];
}

/** Every property declaration of a key along the chain, derived first. */
export function declarations(spec: ClassSpec, key: string): PropSpec[] {
  return chain(spec).flatMap((cls) => own(cls, key) ?? []);
}

/** class-transformer's `findTypeMetadata`: the first `@Type` along the chain, with the class that declared it. */
function typeMeta(spec: ClassSpec, key: string): { owner: ClassSpec; prop: PropSpec } | undefined {
  for (const owner of chain(spec)) {
    const prop = own(owner, key);
    if (prop && hasTypeDecorator(prop)) return { owner, prop };
  }
  return undefined;
}

/** `Reflect.getMetadata('design:type')`: the first declared design type along the prototype chain. */
function design(spec: ClassSpec, key: string): { design: Design; prop: PropSpec } | undefined {
  for (const cls of chain(spec)) {
    const prop = own(cls, key);
    if (prop && prop.design !== 'None') return { design: prop.design, prop };
  }
  return undefined;
}

/**
 * The custom constraints class-validator keeps for a key: its `getTargetValidationMetadatas` drops
 * inherited metadata of a type (`customValidation`) the class itself declares for that property.
 */
function effectiveCustoms(spec: ClassSpec, key: string): CustomKind[] {
  const kinds = (prop: PropSpec | undefined): CustomKind[] =>
    prop?.customs.map((c) => c.kind).filter((kind) => kind !== 'validatePromise') ?? [];
  const mine = own(spec, key);
  if (mine && (mine.constraints.length > 0 || kinds(mine).length > 0)) return kinds(mine);
  return chain(spec)
    .slice(1)
    .flatMap((cls) => kinds(own(cls, key)));
}

function constraintDecline(spec: ClassSpec): string | undefined {
  for (const key of declaredKeys(spec)) {
    if (declarations(spec, key).some((prop) => prop.customs.some((c) => c.kind === 'validatePromise')))
      return '@ValidatePromise';
    const kinds = effectiveCustoms(spec, key);
    if (kinds.includes('class')) return 'constraint class';
    if (kinds.includes('async') || kinds.includes('asyncClass')) return 'async constraint';
  }
  return undefined;
}

const builtIn = (value: Design | undefined): boolean => value === 'Set' || value === 'Map';

/** What TransformCompiler and compileClassPlan decline, for every class the transformer reaches. */
function transformDecline(spec: ClassSpec, text: boolean, seen: Set<ClassSpec>): string | undefined {
  if (seen.has(spec)) return undefined;
  seen.add(spec);
  if (chain(spec).some((cls) => cls.props.some((prop) => prop.transformer !== 'none')))
    return '@Transform, @Expose or @Exclude';
  // class-validator's groupByPropertyName reads `grouped[name]` of a `{}`: `toString` is a function there.
  const inherited = declaredKeys(spec).find(
    (key) => key in Object.prototype && declarations(spec, key).some(hasValidation),
  );
  if (inherited) return `cannot compile: ${inherited}`;
  const constraint = constraintDecline(spec);
  if (constraint) return constraint;
  for (const key of declaredKeys(spec)) {
    const meta = typeMeta(spec, key);
    if (meta) {
      const nested = meta.prop.nested;
      if (nested?.type === 'args') return 'function reads its options';
      if (nested?.type === 'discriminator') return 'discriminator';
      if (builtIn(design(meta.owner, key)?.design)) return 'Map or Set property';
      const reached = nested ? transformDecline(nested.child, text, seen) : undefined;
      if (reached) return reached;
    } else if (text) {
      const declared = design(spec, key);
      if (builtIn(declared?.design)) return 'built-in class';
      if (declared?.design === 'Child' && declared.prop.nested) {
        const reached = transformDecline(declared.prop.nested.child, text, seen);
        if (reached) return reached;
      }
    }
  }
  return undefined;
}

/** `usesAsyncConstraints`: async constraints in every class a `@ValidateNested()` property may be built as. */
function asyncDecline(spec: ClassSpec, seen: Set<ClassSpec>): string | undefined {
  if (seen.has(spec)) return undefined;
  seen.add(spec);
  for (const key of declaredKeys(spec)) {
    const kinds = effectiveCustoms(spec, key);
    if (kinds.includes('async') || kinds.includes('asyncClass')) return 'async constraint';
    if (!declarations(spec, key).some((prop) => prop.nested)) continue;
    const meta = typeMeta(spec, key);
    const nested = meta?.prop.nested;
    let targets: ClassSpec[] = [];
    if (nested?.type === 'args') return 'async: @Type reads its options';
    if (nested?.type === 'static') targets = [nested.child];
    if (nested?.type === 'discriminator') targets = [nested.child, nested.alt];
    if (!meta) {
      const declared = design(spec, key);
      if (declared?.design === 'Child' && declared.prop.nested) targets = [declared.prop.nested.child];
    }
    for (const target of targets) {
      const reached = asyncDecline(target, seen);
      if (reached) return reached;
    }
  }
  return undefined;
}

/** Why the compiled path should decline this DTO at boot, or `undefined` when it must compile it. */
export function expectedDecline(spec: ClassSpec, text: boolean, transform: boolean): string | undefined {
  if (transform) return 'settings.transform is set';
  return asyncDecline(spec, new Set()) ?? transformDecline(spec, text, new Set());
}
