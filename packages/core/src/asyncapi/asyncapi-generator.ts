import type { AppDefinition } from '../definition/app-definition.js';
import { HalyardError } from '../errors.js';
import type { SocketLimitOptions } from '../metadata.js';
import type { RoomStreamOptions } from '../ws/room-streams.js';
import { withResolvedLimits } from '../ws/socket-limits.js';
import {
  SchemaRegistry,
  type JsonSchema,
  type SchemaValidationSettings,
} from '../schema/json-schema-builder.js';
import { channelFor } from './asyncapi-channel.js';
import type {
  AsyncApiChannel,
  AsyncApiDocument,
  AsyncApiInfo,
  AsyncApiMessage,
  AsyncApiOperation,
  AsyncApiServer,
} from './asyncapi-document.js';
import { byText, sortedRecord } from '../api-docs/document-order.js';
import { idPattern, IdAllocator } from './asyncapi-ids.js';
import { correlationIdName, createMessageContext, socketMessages } from './asyncapi-messages.js';
import { socketOperations } from './asyncapi-operations.js';
import { SecuritySchemes } from './asyncapi-security.js';
import { envelopeComponents, envelopeComponentSchemas, schemaRefPrefix } from './envelope-schemas.js';
import { exampleValue } from './example-values.js';
import { resolvedStreams, streamPositionName, streamPositionSchema } from './stream-messages.js';
import { perMessageRequestKeys } from './trace-context-schemas.js';
import { documentInfo } from '../docs/document-info.js';

export type * from './asyncapi-document.js';

/** A server the document lists. @example `{ name: 'local', host: '127.0.0.1:3000', protocol: 'ws' }` */
export interface AsyncApiServerOption {
  /** Key in `servers`; letters, digits, `_` and `-`. */
  readonly name: string;
  readonly host: string;
  readonly protocol: 'ws' | 'wss';
  readonly pathname?: string;
  readonly description?: string;
}

export interface AsyncApiOptions {
  readonly info: AsyncApiInfo;
  /** Servers listed in the document, in this order; default none. */
  readonly servers?: readonly AsyncApiServerOption[];
  /**
   * App-wide limits (`createApp({ websocket: { limits } })`) for a definition built without them
   * (`buildDefinition(controllers)`); without this, each socket's `resolvedLimits` is documented as it is.
   */
  readonly limits?: SocketLimitOptions;
  /**
   * The app's validation settings: with `whitelist` or `forbidNonWhitelisted` off, payload objects
   * accept undeclared properties, so they are not documented as closed. Default: Halyard's.
   */
  readonly validation?: SchemaValidationSettings;
  /**
   * The app's stream rooms (`createApp({ websocket: { streams } })`): with any, every channel has
   * the `$resume` exchange, `x-halyard-streams`, and `room` / `pos` on its pushes. Default none.
   */
  readonly streams?: readonly RoomStreamOptions[];
}

function servers(options: readonly AsyncApiServerOption[]): Record<string, AsyncApiServer> {
  const out: Record<string, AsyncApiServer> = {};
  for (const server of options) {
    const fail = (detail: string): HalyardError =>
      new HalyardError('HALYARD_ERR_OPTIONS_INVALID', {
        detail: `AsyncAPI server "${server.name}" ${detail}`,
      });
    if (!idPattern.test(server.name))
      throw fail(`needs a name of letters, digits, "_" and "-" (${idPattern})`);
    if (server.name in out) throw fail('is listed twice');
    out[server.name] = {
      host: server.host,
      protocol: server.protocol,
      ...(server.pathname !== undefined && { pathname: server.pathname }),
      ...(server.description !== undefined && { description: server.description }),
    };
  }
  return out;
}

/**
 * The document with its `servers` replaced (none when the list is empty), everything else shared:
 * how the docs routes add the listening address without generating the document again.
 *
 * @example `withServers(doc, [{ name: 'default', host: '127.0.0.1:3000', protocol: 'ws' }]).servers?.['default']?.host // '127.0.0.1:3000'`
 */
export function withServers(
  document: AsyncApiDocument,
  options: readonly AsyncApiServerOption[],
): AsyncApiDocument {
  // Rebuilt key by key so `servers` stays where generateAsyncApi puts it: before `channels`.
  const { asyncapi, info, defaultContentType, channels, operations, components } = document;
  return {
    asyncapi,
    info,
    defaultContentType,
    ...(options.length > 0 && { servers: servers(options) }),
    channels,
    operations,
    components,
  };
}

/** Optional envelope keys a derived push example leaves out: they come with a stream room only. */
const streamPushKeys: readonly string[] = ['room', 'pos'];

/**
 * Messages without hand-written examples get one built from their payload schema, when one can be
 * promised valid. A request's derived example has no `id` and no trace context: the client picks
 * them per request, so fixed ones would be copied into every send (the docs console pre-fills
 * examples). A push's has no `room` / `pos`: only pushes to stream rooms carry them.
 */
function withDerivedExample(
  message: AsyncApiMessage,
  schemas: Record<string, JsonSchema>,
  request: boolean,
): AsyncApiMessage {
  if (message.examples) return message;
  const payload = exampleValue(message.payload, schemas);
  if (payload === undefined) return message;
  if (typeof payload === 'object' && payload !== null)
    for (const key of request ? perMessageRequestKeys : streamPushKeys)
      delete (payload as Record<string, unknown>)[key];
  return { ...message, examples: [{ name: 'derived', summary: 'Built from the payload schema', payload }] };
}

/**
 * Builds the AsyncAPI 3.0.0 document of every WebSocket route in an app definition: one channel
 * per route (its upgrade request as a `ws` binding), every frame of Halyard's wire protocol as a
 * message (requests, replies, `@Emits` pushes, presence, error frames) and, seen from the server,
 * a `receive` operation per message handler (with its reply) and a `send` operation per push.
 * Routes are visited sorted by path, so the document (and DTO component names) do not depend on
 * the order controllers were listed in.
 *
 * @example
 * ```ts
 * const definition = buildDefinition([ChatController, GameSocket]);
 * const doc = generateAsyncApi(definition, {
 *   info: { title: 'Chat', version: '1.0.0' },
 *   servers: [{ name: 'local', host: '127.0.0.1:3000', protocol: 'ws' }],
 * });
 * doc.channels['GameSocket']?.address; // '/game/{roomId}'
 * doc.operations['GameSocket_move']?.reply; // { channel: { $ref: '#/channels/GameSocket' }, messages: [...] }
 * ```
 */
export function generateAsyncApi(definition: AppDefinition, options: AsyncApiOptions): AsyncApiDocument {
  const registry = new SchemaRegistry({
    refPrefix: schemaRefPrefix,
    reservedNames: [...Object.values(envelopeComponents), streamPositionName],
    ...(options.validation && { validation: options.validation }),
  });
  // createApp checks `websocket.streams` after the documents are built (RoomStreams.resolve).
  const streams =
    Array.isArray(options.streams) && options.streams.length > 0
      ? resolvedStreams(options.streams)
      : undefined;
  const messageContext = createMessageContext(registry, { streams: streams !== undefined });
  const channelIds = new IdAllocator();
  const operationIds = new IdAllocator();
  const schemes = new SecuritySchemes();
  const channels: Array<[string, AsyncApiChannel]> = [];
  const operations: Array<[string, AsyncApiOperation]> = [];
  const requestNames = new Set<string>();

  const appLimits = options.limits;
  const sockets = definition.sockets
    .map((socket) => (appLimits ? withResolvedLimits(socket, appLimits) : socket))
    .sort((a, b) => byText(a.path, b.path) || byText(a.name, b.name));
  for (const socket of sockets) {
    const channelId = channelIds.claim(socket.name, 'channel');
    const messages = socketMessages(socket, channelId, messageContext);
    for (const { request } of messages.handlers)
      requestNames.add(messages.refs[request]?.$ref.split('/').pop() ?? '');
    const channel = channelFor(socket, { registry, messages: messages.refs });
    channels.push([
      channelId,
      streams ? { ...channel, 'x-halyard-streams': structuredClone(streams) } : channel,
    ]);
    operations.push(
      ...socketOperations({
        socket,
        channelId,
        messages,
        security: schemes.requirements(socket.guards),
        handlerSecurity: (guards) => schemes.requirements(guards),
        ids: operationIds,
      }),
    );
  }

  const schemas = sortedRecord([
    ...Object.entries(registry.components()),
    ...Object.entries(envelopeComponentSchemas()),
    ...(streams ? [[streamPositionName, streamPositionSchema()] as const] : []),
  ]);
  const messages = sortedRecord(
    [...messageContext.components].map(
      ([name, message]) => [name, withDerivedExample(message, schemas, requestNames.has(name))] as const,
    ),
  );
  const securitySchemes = schemes.entries();
  const { info, servers: serverOptions = [] } = options;

  return {
    asyncapi: '3.0.0',
    info: documentInfo(info),
    defaultContentType: 'application/json',
    ...(serverOptions.length > 0 && { servers: servers(serverOptions) }),
    channels: sortedRecord(channels),
    operations: sortedRecord(operations),
    components: {
      schemas,
      messages,
      ...(securitySchemes.length > 0 && { securitySchemes: sortedRecord(securitySchemes) }),
      correlationIds: {
        [correlationIdName]: {
          description:
            'The `id` a client puts on a request; the reply or error frame answering it carries the same value.',
          location: '$message.payload#/id',
        },
      },
    },
  };
}
