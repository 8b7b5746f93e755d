import { SchemaRegistry, type JsonSchema } from '../../src/schema/json-schema-builder.js';

const refPrefix = '#/components/schemas/';

/** A registry whose references point into an OpenAPI document's `components.schemas`. */
export const registry = (): SchemaRegistry => new SchemaRegistry({ refPrefix });

/** The registered component of one DTO, built through the public door of a fresh registry. */
export function componentOf(dto: abstract new () => unknown): JsonSchema {
  const reg = registry();
  const ref = reg.refFor(dto);
  const name = String(ref['$ref']).slice(refPrefix.length);
  return reg.components()[name] as JsonSchema;
}
