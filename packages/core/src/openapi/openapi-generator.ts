import { STATUS_CODES } from 'node:http';
import type { AppDefinition, GuardDefinition, HttpRouteDefinition } from '../definition/app-definition.js';
import { byText, pathTemplate, sortedRecord } from '../api-docs/document-order.js';
import { GuardSchemes } from '../api-docs/guard-schemes.js';
import { HalyardError } from '../errors.js';
import {
  SchemaRegistry,
  type JsonSchema,
  type SchemaValidationSettings,
} from '../schema/json-schema-builder.js';
import type {
  OpenApiDocument,
  OpenApiInfo,
  OpenApiMethod,
  OpenApiOperation,
  OpenApiResponse,
  OpenApiSecurityRequirement,
  OpenApiServer,
} from './openapi-document.js';
import { parameters, requestBody } from './operation-request.js';
import { problemComponent, problemMediaType, problemSchema } from './problem-schema.js';
import { documentInfo } from '../docs/document-info.js';

export type * from './openapi-document.js';

export interface OpenApiOptions {
  readonly info: OpenApiInfo;
  readonly servers?: readonly OpenApiServer[];
  /**
   * The app's validation settings: with `whitelist` or `forbidNonWhitelisted` off, undeclared
   * properties are accepted, so DTO schemas drop `additionalProperties: false`. Default: Halyard's.
   */
  readonly validation?: SchemaValidationSettings;
}

/** What one generation run accumulates across routes. */
interface GeneratorContext {
  readonly registry: SchemaRegistry;
  readonly schemes: GuardSchemes<'openapi'>;
  /** operationId → the handler that claimed it. */
  readonly owners: Map<string, string>;
}

const refPrefix = '#/components/schemas/';
const methodOrder: readonly OpenApiMethod[] = ['get', 'post', 'put', 'patch', 'delete'];

function reason(status: number): string {
  return STATUS_CODES[status] ?? `HTTP ${status}`;
}

function problemResponse(status: number): OpenApiResponse {
  return {
    description: reason(status),
    content: { [problemMediaType]: { schema: { $ref: `${refPrefix}${problemComponent}` } } },
  };
}

function responses(route: HttpRouteDefinition, registry: SchemaRegistry): Record<string, OpenApiResponse> {
  const declared = new Map<number, { description: string; schemas: JsonSchema[] }>();
  for (const response of route.responses) {
    const entry = declared.get(response.status) ?? {
      description: response.description ?? reason(response.status),
      schemas: [],
    };
    if (response.type) entry.schemas.push(registry.schemaFor(response.type));
    declared.set(response.status, entry);
  }
  const out = new Map<number, OpenApiResponse>();
  for (const [status, { description, schemas }] of declared) {
    const schema = schemas.length > 1 ? { oneOf: schemas } : schemas[0];
    out.set(status, { description, ...(schema && { content: { 'application/json': { schema } } }) });
  }
  const validated = route.params.some(
    (param) =>
      param.kind === 'body' || param.kind === 'query' || param.kind === 'param' || param.kind === 'headers',
  );
  const errors = [...(validated ? [400] : []), ...(route.guards.length > 0 ? [401, 403] : []), 500];
  for (const status of errors) {
    if (!out.has(status)) out.set(status, problemResponse(status));
  }
  return Object.fromEntries(
    [...out].sort(([a], [b]) => a - b).map(([status, response]) => [String(status), response]),
  );
}

/**
 * OpenAPI's own default when `servers` is absent, written out: URLs are relative to the host that
 * serves the document. Linters (Redocly's `no-empty-servers`) and some clients want it explicit.
 */
const pageServer = { url: '/', description: 'The host serving this document' } as const;

/** The document's tags, each described by the controllers whose routes carry it. */
function tagList(routes: readonly HttpRouteDefinition[]): Pick<OpenApiDocument, 'tags'> {
  const owners = new Map<string, Set<string>>();
  for (const route of routes)
    for (const tag of route.docs.tags)
      owners.set(tag, (owners.get(tag) ?? new Set()).add(route.controller.name));
  if (owners.size === 0) return {};
  return {
    tags: [...owners]
      .sort(([a], [b]) => byText(a, b))
      .map(([name, controllers]) => ({
        name,
        description: `Routes of ${[...controllers].sort(byText).join(', ')}.`,
      })),
  };
}

/** Adds the schemes of a route's guards; all of them must pass, so they form one requirement. */
function security(
  guards: readonly GuardDefinition[],
  schemes: GuardSchemes<'openapi'>,
): OpenApiSecurityRequirement[] {
  const names = schemes.register(guards);
  return names.length > 0 ? [Object.fromEntries(names.map((name) => [name, []]))] : [];
}

function checkOperationId(route: HttpRouteDefinition, owners: Map<string, string>): string {
  const id = route.docs.operationId;
  const fail = (detail: string): HalyardError =>
    new HalyardError('HALYARD_ERR_ROUTE_CONFLICT', { target: route.handlerName, detail });
  if (!/^\S+$/.test(id)) {
    throw fail(
      `operationId "${id}" must be non-empty and contain no whitespace; set one with @OperationId('...')`,
    );
  }
  const other = owners.get(id);
  if (other) {
    throw fail(
      `operationId "${id}" is already used by ${other}; give one of them another @OperationId('...')`,
    );
  }
  owners.set(id, route.handlerName);
  return id;
}

function operation(route: HttpRouteDefinition, context: GeneratorContext): OpenApiOperation {
  const { docs } = route;
  const params = parameters(route, context.registry);
  const body = requestBody(route, context.registry);
  const requirements = security(route.guards, context.schemes);
  // Once any route needs credentials, a public route says so (`[]`) rather than leave tools guessing.
  const secured = requirements.length > 0 || context.schemes.size > 0;
  return {
    operationId: checkOperationId(route, context.owners),
    ...(docs.summary !== undefined && { summary: docs.summary }),
    ...(docs.description !== undefined && { description: docs.description }),
    ...(docs.tags.length > 0 && { tags: [...docs.tags] }),
    ...(docs.deprecated && { deprecated: true }),
    ...(secured && { security: requirements }),
    ...(params.length > 0 && { parameters: params }),
    ...(body && { requestBody: body }),
    responses: responses(route, context.registry),
  };
}

/**
 * Builds the OpenAPI 3.1.0 document of every HTTP route in an app definition. Routes are visited
 * sorted by path and method, so the document (and DTO component names) do not depend on the order
 * controllers were listed in. Fails at boot on duplicate or blank operation ids.
 *
 * @example
 * ```ts
 * const definition = buildDefinition([RoomsController]);
 * const doc = generateOpenApi(definition, { info: { title: 'Chat API', version: '1.0.0' } });
 * doc.paths['/rooms/{id}']?.get?.operationId; // 'RoomsController_get'
 * ```
 */
export function generateOpenApi(definition: AppDefinition, options: OpenApiOptions): OpenApiDocument {
  const context: GeneratorContext = {
    registry: new SchemaRegistry({
      refPrefix,
      reservedNames: [problemComponent],
      ...(options.validation && { validation: options.validation }),
    }),
    schemes: new GuardSchemes('openapi'),
    owners: new Map<string, string>(),
  };
  const routes = [...definition.routes]
    .map((route) => ({
      route,
      path: pathTemplate(route.path),
      method: route.method.toLowerCase() as OpenApiMethod,
    }))
    .sort((a, b) => byText(a.path, b.path) || methodOrder.indexOf(a.method) - methodOrder.indexOf(b.method));

  // Every scheme first: whether a public operation states `security: []` depends on all routes.
  for (const { route } of routes) context.schemes.register(route.guards);
  const paths: OpenApiDocument['paths'] = {};
  for (const { route, path, method } of routes) {
    paths[path] = { ...paths[path], [method]: operation(route, context) };
  }
  const { info, servers = [] } = options;

  return {
    openapi: '3.1.0',
    info: documentInfo(info),
    servers:
      servers.length > 0
        ? servers.map((server) => ({
            url: server.url,
            ...(server.description !== undefined && { description: server.description }),
          }))
        : [{ ...pageServer }],
    // No route needs credentials: say so once, at the root, instead of on every operation.
    ...(context.schemes.size === 0 && { security: [] }),
    ...tagList(definition.routes),
    paths,
    components: {
      schemas: sortedRecord([
        ...Object.entries(context.registry.components()),
        [problemComponent, problemSchema()],
      ]),
      ...(context.schemes.size > 0 && { securitySchemes: sortedRecord(context.schemes.entries()) }),
    },
  };
}
