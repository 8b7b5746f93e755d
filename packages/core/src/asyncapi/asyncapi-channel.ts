import type { ParamDefinition, SocketDefinition, TypeRef } from '../definition/app-definition.js';
import { orderKeywords } from '../schema/constraint-schemas.js';
import type { JsonSchema, SchemaRegistry } from '../schema/json-schema-builder.js';
import type { ResolvedLimits } from '../ws/socket-limits.js';
import { closeCodesFor } from './asyncapi-close-codes.js';
import type {
  AsyncApiChannel,
  AsyncApiLimits,
  AsyncApiParameter,
  AsyncApiReference,
  AsyncApiWebSocketBinding,
} from './asyncapi-document.js';
import { pathTemplate } from '../api-docs/document-order.js';
import { guardCredentialProperties } from './asyncapi-security.js';

type Properties = Record<string, JsonSchema>;

/** Every parameter of every handler and lifecycle hook: all of them read the one upgrade request. */
function allParams(socket: SocketDefinition): ParamDefinition[] {
  return [
    ...[...socket.handlers.values()].flatMap((handler) => handler.params),
    ...(socket.onConnect?.params ?? []),
    ...(socket.onDisconnect?.params ?? []),
  ];
}

/** `@Query('side')` / `@Headers('x-id')` values read one by one, outside any DTO. */
function namedValues(socket: SocketDefinition, kind: 'query' | 'headers'): Array<[string, TypeRef]> {
  return allParams(socket).flatMap((param): Array<[string, TypeRef]> =>
    param.kind === kind && param.name !== undefined
      ? [[kind === 'headers' ? param.name.toLowerCase() : param.name, param.type]]
      : [],
  );
}

function parameter(name: string, schema: JsonSchema): AsyncApiParameter {
  const type = typeof schema['type'] === 'string' ? schema['type'] : 'string';
  const format = typeof schema['format'] === 'string' ? ` (${schema['format']})` : '';
  const values = Array.isArray(schema['enum'])
    ? schema['enum'].filter((value) => typeof value === 'string' || typeof value === 'number').map(String)
    : [];
  return {
    description:
      typeof schema['description'] === 'string'
        ? schema['description']
        : `The \`${name}\` segment of the connection URL: ${type}${format}.`,
    ...(values.length > 0 && { enum: values }),
  };
}

/** One parameter per `:name` segment, typed by the params DTO, a `@Param('name')`, or as text. */
function parameters(socket: SocketDefinition, registry: SchemaRegistry): Record<string, AsyncApiParameter> {
  const dto = socket.upgrade.params ? registry.objectSchema(socket.upgrade.params) : undefined;
  const fromDto = (dto?.['properties'] ?? {}) as Properties;
  return Object.fromEntries(
    socket.pathParams.map((name) => {
      const named = socket.upgrade.namedParams.get(name);
      const schema = fromDto[name] ?? (named ? registry.schemaFor(named) : { type: 'string' });
      return [name, parameter(name, schema)];
    }),
  );
}

/**
 * Adds named values and guard credentials to a DTO's properties, the DTO's own declaration winning;
 * a credential is required (the guard refuses the upgrade without it) unless its security says `optional`.
 */
function mergeUpgradeValues(
  dto: JsonSchema,
  added: {
    readonly named: ReadonlyArray<[string, TypeRef]>;
    readonly credentials: ReadonlyArray<[string, JsonSchema, boolean]>;
  },
  registry: SchemaRegistry,
): { properties: Properties; required: string[] } {
  const properties: Properties = { ...((dto['properties'] ?? {}) as Properties) };
  const required = [...((dto['required'] ?? []) as string[])];
  const { named, credentials } = added;
  for (const [name, type] of named) if (!(name in properties)) properties[name] = registry.schemaFor(type);
  for (const [name, schema, isRequired] of credentials) {
    if (name in properties) continue;
    properties[name] = schema;
    if (isRequired) required.push(name);
  }
  return { properties, required };
}

/** The query DTO's schema, plus named query values and the credentials guards read from the query. */
function querySchema(socket: SocketDefinition, registry: SchemaRegistry): JsonSchema | undefined {
  const dto = socket.upgrade.query ? registry.objectSchema(socket.upgrade.query) : undefined;
  const { properties, required } = mergeUpgradeValues(
    dto ?? {},
    { named: namedValues(socket, 'query'), credentials: guardCredentialProperties(socket.guards, 'query') },
    registry,
  );
  if (!dto && Object.keys(properties).length === 0) return undefined;
  // Without a DTO the query is not validated, so other keys stay allowed.
  return orderKeywords({
    ...(dto ?? { type: 'object' }),
    properties,
    ...(required.length > 0 && { required }),
  });
}

/**
 * The headers DTO's schema, plus named header values and the credentials guards read from headers;
 * extra headers are stripped, never rejected.
 */
function headersSchema(socket: SocketDefinition, registry: SchemaRegistry): JsonSchema | undefined {
  const dto = socket.upgrade.headers ? registry.objectSchema(socket.upgrade.headers) : undefined;
  const named = namedValues(socket, 'headers');
  const credentials = guardCredentialProperties(socket.guards, 'header');
  if (!dto && named.length === 0 && credentials.length === 0) return undefined;
  const open: JsonSchema = { ...(dto ?? { type: 'object' }) };
  delete open['additionalProperties'];
  const { properties, required } = mergeUpgradeValues(open, { named, credentials }, registry);
  return orderKeywords({ ...open, properties, ...(required.length > 0 && { required }) });
}

function binding(socket: SocketDefinition, registry: SchemaRegistry): AsyncApiWebSocketBinding {
  const query = querySchema(socket, registry);
  const headers = headersSchema(socket, registry);
  return {
    method: 'GET',
    ...(query && { query }),
    ...(headers && { headers }),
    bindingVersion: '0.1.0',
  };
}

function limits(resolved: ResolvedLimits): AsyncApiLimits {
  return {
    maxPayload: resolved.maxPayload,
    maxConnections: resolved.maxConnections,
    rateLimit: resolved.rateLimit === false ? false : { ...resolved.rateLimit },
    sendHighWaterMark: resolved.sendHighWaterMark,
    slowConsumer: resolved.slowConsumer,
    refuseWith: resolved.refuseWith,
    heartbeat: resolved.heartbeat === false ? false : { ...resolved.heartbeat },
  };
}

/** What a channel needs besides its socket definition. */
export interface ChannelInput {
  readonly registry: SchemaRegistry;
  /** Channel message key → `$ref` into `components/messages`, in display order. */
  readonly messages: Record<string, AsyncApiReference>;
}

/**
 * The channel of one WebSocket route: its address with `{param}` expressions, the upgrade request
 * as a `ws` binding, its messages and the limits the server enforces.
 */
export function channelFor(socket: SocketDefinition, input: ChannelInput): AsyncApiChannel {
  const { docs } = socket;
  const params = parameters(socket, input.registry);
  const ws = binding(socket, input.registry);
  const resolved = socket.resolvedLimits;
  const validated = socket.upgrade.validated;
  return {
    address: pathTemplate(socket.path),
    title: socket.name,
    ...(docs.summary !== undefined && { summary: docs.summary }),
    ...(docs.description !== undefined && { description: docs.description }),
    messages: input.messages,
    ...(Object.keys(params).length > 0 && { parameters: params }),
    ...(docs.tags.length > 0 && { tags: docs.tags.map((name) => ({ name })) }),
    bindings: { ws },
    'x-halyard-limits': limits(resolved),
    'x-halyard-close-codes': closeCodesFor(socket, resolved, validated),
    ...(docs.deprecated && { 'x-deprecated': true as const }),
  };
}
