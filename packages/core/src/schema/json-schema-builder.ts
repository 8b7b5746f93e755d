import type { TypeRef } from '../definition/app-definition.js';
import { describeDto } from '../dto/describe-dto.js';
import type { DtoProperty, ValidationMetadata } from '../dto/dto-model.js';
import type { Class } from '../types.js';
import { defaultValidationSettings, type ValidationSettings } from '../validation/validation-settings.js';
import {
  applyConstraint,
  arrayConstraints,
  completeSchema,
  orderKeywords,
  type JsonSchema,
} from './constraint-schemas.js';

export type { JsonSchema } from './constraint-schemas.js';

type Check = ValidationMetadata & { readonly name: string };

/**
 * The validation settings a document's schemas depend on: with `whitelist` or `forbidNonWhitelisted`
 * off, undeclared properties are accepted, so objects are not documented as closed.
 *
 * @example `{ whitelist: true, forbidNonWhitelisted: false } // DTO schemas without additionalProperties: false`
 */
export type SchemaValidationSettings = Pick<ValidationSettings, 'whitelist' | 'forbidNonWhitelisted'>;

export interface SchemaRegistryOptions {
  /** Prefix of every `$ref`: `#/components/schemas/` for both OpenAPI 3.1 and AsyncAPI 3. */
  readonly refPrefix: string;
  /** Component names the document defines itself (e.g. `Problem`); a DTO of that name gets a suffix. */
  readonly reservedNames?: readonly string[];
  /**
   * The app's validation settings: objects reject properties their DTO does not declare
   * (`additionalProperties: false`) only with both `whitelist` and `forbidNonWhitelisted` on.
   * Default: Halyard's, which has both on.
   */
  readonly validation?: SchemaValidationSettings;
}

const builtins = new Set<unknown>([
  String,
  Number,
  Boolean,
  Date,
  Array,
  Object,
  Promise,
  Map,
  Set,
  Function,
  Symbol,
]);

function isDtoClass(type: unknown): type is Class {
  return typeof type === 'function' && !builtins.has(type);
}

function isCheck(meta: ValidationMetadata): meta is Check {
  return meta.type === 'customValidation' && typeof meta.name === 'string';
}

/**
 * Turns class-validator / class-transformer DTO classes into JSON Schema (draft 2020-12) and keeps
 * every DTO it met as a named component. Generator-agnostic: OpenAPI 3.1 and AsyncAPI 3 both use it.
 * Component names are class names; a second class with a taken name becomes `Name_2`, `Name_3`, in
 * the order the classes are first met.
 *
 * @example
 * ```ts
 * const registry = new SchemaRegistry({ refPrefix: '#/components/schemas/' });
 * registry.schemaFor({ kind: 'array', items: { kind: 'dto', type: RoomDto } });
 * // → { type: 'array', items: { $ref: '#/components/schemas/RoomDto' } }
 * registry.components(); // → { RoomDto: { title: 'RoomDto', type: 'object', properties: { ... }, ... } }
 * ```
 */
export class SchemaRegistry {
  readonly #prefix: string;
  readonly #names = new Map<Class, string>();
  readonly #schemas = new Map<string, JsonSchema>();
  readonly #taken: Set<string>;
  readonly #closed: boolean;

  constructor(options: SchemaRegistryOptions) {
    this.#prefix = options.refPrefix;
    this.#taken = new Set(options.reservedNames ?? []);
    const { whitelist, forbidNonWhitelisted } = options.validation ?? defaultValidationSettings;
    this.#closed = whitelist && forbidNonWhitelisted;
  }

  /**
   * The schema of a resolved type; DTOs (and the DTOs nested in them) become `$ref`s to components.
   *
   * @example `registry.schemaFor({ kind: 'primitive', type: 'number' }) // → { type: 'number' }`
   */
  schemaFor(ref: TypeRef): JsonSchema {
    switch (ref.kind) {
      case 'dto':
        return this.refFor(ref.type);
      case 'array':
        return { type: 'array', items: this.schemaFor(ref.items) };
      case 'primitive':
        return { type: ref.type };
      case 'date':
        return { type: 'string', format: 'date-time' };
      case 'unknown':
        return {};
      default: {
        const exhaustive: never = ref;
        throw new TypeError(`unhandled type ref ${JSON.stringify(exhaustive)}`);
      }
    }
  }

  /**
   * Registers a DTO class (and the DTOs nested in it) and returns its `$ref`.
   *
   * @example `registry.refFor(RoomDto) // → { $ref: '#/components/schemas/RoomDto' }`
   */
  refFor(dto: Class): JsonSchema {
    return { $ref: `${this.#prefix}${this.#register(dto)}` };
  }

  /**
   * The DTO's object schema inline, without making the DTO itself a component (nested DTOs still
   * are). For values documented property by property: query strings, headers, upgrade requests.
   *
   * @example `Object.keys(registry.objectSchema(ListQuery).properties) // → ['page', 'limit']`
   */
  objectSchema(dto: Class): JsonSchema {
    return structuredClone(this.#build(dto));
  }

  /** Every registered component, sorted by name. @example `doc.components.schemas = registry.components()` */
  components(): Record<string, JsonSchema> {
    const names = [...this.#schemas.keys()].sort();
    return Object.fromEntries(
      names.map((name) => [name, structuredClone(this.#schemas.get(name) as JsonSchema)]),
    );
  }

  #register(dto: Class): string {
    const known = this.#names.get(dto);
    if (known !== undefined) return known;
    const base = dto.name.replace(/[^A-Za-z0-9._-]/g, '_') || 'Schema';
    let name = base;
    for (let suffix = 2; this.#taken.has(name); suffix++) name = `${base}_${suffix}`;
    this.#taken.add(name);
    // Named before it is built, so a DTO that (indirectly) contains itself ends in a `$ref`.
    this.#names.set(dto, name);
    this.#schemas.set(name, this.#build(dto));
    return name;
  }

  #build(dto: Class): JsonSchema {
    const properties: Record<string, JsonSchema> = {};
    const required: string[] = [];
    for (const property of describeDto(dto).properties.values()) {
      if (property.hidden) continue;
      const key = property.wireName;
      properties[key] = this.#propertySchema(property);
      // @IsOptional and @ValidateIf are both conditional validation: either lets the value be absent.
      if (!property.metadatas.some((meta) => meta.type === 'conditionalValidation')) required.push(key);
    }
    return orderKeywords({
      title: dto.name,
      type: 'object',
      properties,
      ...(required.length > 0 && { required }),
      // Halyard rejects properties a DTO does not declare (whitelist + forbidNonWhitelisted).
      ...(this.#closed && { additionalProperties: false }),
    });
  }

  #propertySchema(property: DtoProperty): JsonSchema {
    const { design, declaredType: declared, metadatas: metas } = property;
    const nested = metas.some((meta) => meta.type === 'nestedValidation');
    const checks = metas.filter(isCheck);
    const isArray =
      design === Array ||
      metas.some(
        (meta) => meta.each && (meta.type === 'customValidation' || meta.type === 'nestedValidation'),
      ) ||
      checks.some((check) => arrayConstraints.has(check.name));
    if (!isArray) return this.#valueSchema(checks, declared ?? design, nested || declared !== undefined);

    const array: JsonSchema = { type: 'array' };
    for (const check of checks.filter((each) => !each.each && arrayConstraints.has(each.name))) {
      applyConstraint(array, check.name, check.constraints ?? []);
    }
    // design:type of an array property is just Array: the element type comes from @Type only.
    array['items'] = this.#valueSchema(
      checks.filter((check) => check.each),
      declared,
      nested || declared !== undefined,
    );
    return orderKeywords(array);
  }

  #valueSchema(checks: readonly Check[], type: unknown, nested: boolean): JsonSchema {
    if (nested && isDtoClass(type)) return this.refFor(type);
    const schema: JsonSchema = {};
    for (const check of checks) applyConstraint(schema, check.name, check.constraints ?? []);
    return completeSchema(schema, new Set(checks.map((check) => check.name)), type);
  }
}
