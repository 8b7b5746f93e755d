import type { HttpRouteDefinition, ParamDefinition } from '../definition/app-definition.js';
import { pathParams } from '../definition/paths.js';
import type { ExampleRecord } from '../metadata.js';
import type { JsonSchema, SchemaRegistry } from '../schema/json-schema-builder.js';
import type { OpenApiExample, OpenApiParameter, OpenApiRequestBody } from './openapi-document.js';

/** One parameter per property of a query/header/path DTO, or one for a named value. */
function expand(
  param: ParamDefinition,
  location: OpenApiParameter['in'],
  registry: SchemaRegistry,
): OpenApiParameter[] {
  const rename = (name: string): string => (location === 'header' ? name.toLowerCase() : name);
  if (param.name !== undefined) {
    // Named query values and headers are optional at runtime (a DTO is how to require one).
    return [
      {
        name: rename(param.name),
        in: location,
        required: location === 'path',
        schema: registry.schemaFor(param.type),
      },
    ];
  }
  if (param.type.kind !== 'dto') return [];
  const object = registry.objectSchema(param.type.type);
  const properties = (object['properties'] ?? {}) as Record<string, JsonSchema>;
  const required = new Set((object['required'] ?? []) as string[]);
  return Object.entries(properties).map(([name, schema]) => ({
    name: rename(name),
    in: location,
    required: location === 'path' || required.has(name),
    schema,
  }));
}

/** Path (in path order), query, then header parameters; the first of a name and location wins. */
export function parameters(route: HttpRouteDefinition, registry: SchemaRegistry): OpenApiParameter[] {
  const of = (kind: ParamDefinition['kind'], location: OpenApiParameter['in']): OpenApiParameter[] =>
    route.params.filter((param) => param.kind === kind).flatMap((param) => expand(param, location, registry));
  // Every templated segment needs a parameter (untyped ones are text); path DTO properties that
  // have no segment can never arrive, so they are left out.
  const declared = new Map(of('param', 'path').map((param) => [param.name, param]));
  const path = pathParams(route.path).map(
    (name): OpenApiParameter =>
      declared.get(name) ?? { name, in: 'path', required: true, schema: { type: 'string' } },
  );
  const seen = new Set<string>();
  return [...path, ...of('query', 'query'), ...of('headers', 'header')].filter((param) => {
    const key = `${param.in} ${param.name}`;
    return seen.has(key) ? false : (seen.add(key), true);
  });
}

function examples(list: readonly ExampleRecord[]): Record<string, OpenApiExample> {
  const named = new Map<string, OpenApiExample>();
  list.forEach((example, index) => {
    const base = example.name ?? `example${index + 1}`;
    let name = base;
    for (let suffix = 2; named.has(name); suffix++) name = `${base}_${suffix}`;
    // Cloned: the definition is frozen and shared, the document is the caller's to change.
    named.set(name, {
      value: structuredClone(example.value),
      ...(example.summary !== undefined && { summary: example.summary }),
    });
  });
  return Object.fromEntries(named);
}

/** The JSON body of a route with `@Body()`, with its `@Example`s. */
export function requestBody(
  route: HttpRouteDefinition,
  registry: SchemaRegistry,
): OpenApiRequestBody | undefined {
  const body = route.params.find((param) => param.kind === 'body');
  if (!body) return undefined;
  const media = {
    schema: registry.schemaFor(body.type),
    ...(route.docs.examples.length > 0 && { examples: examples(route.docs.examples) }),
  };
  return { required: true, content: { 'application/json': media } };
}
