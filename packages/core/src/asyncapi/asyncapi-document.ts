import type { DocumentInfo } from '../docs/document-info.js';
import type { JsonSchema } from '../schema/json-schema-builder.js';

/** A JSON Reference inside the document. @example `{ $ref: '#/channels/GameSocket' }` */
export interface AsyncApiReference {
  $ref: string;
}

/** The `info` object of the generated document. @example `{ title: 'Chat API', version: '1.0.0' }` */
export type AsyncApiInfo = DocumentInfo;

/** A WebSocket server. @example `{ host: '127.0.0.1:3000', protocol: 'ws' }` */
export interface AsyncApiServer {
  host: string;
  protocol: 'ws' | 'wss';
  pathname?: string;
  description?: string;
}

/** @example `{ name: 'chat' }` */
export interface AsyncApiTag {
  name: string;
}

/** A channel address parameter. AsyncAPI 3 parameters carry no schema: values are always text. */
export interface AsyncApiParameter {
  description: string;
  enum?: string[];
  default?: string;
}

/** The `ws` channel binding (0.1.0): what the HTTP upgrade request must carry. */
export interface AsyncApiWebSocketBinding {
  method: 'GET';
  query?: JsonSchema;
  headers?: JsonSchema;
  bindingVersion: '0.1.0';
}

/** `x-halyard-limits`: the limits the server enforces on this channel, after app-wide defaults. */
export interface AsyncApiLimits {
  maxPayload: number;
  maxConnections: number;
  /** `closeAfter` limited messages within `windowMs` close the connection with 1008. */
  rateLimit: { perSecond: number; burst: number; closeAfter: number; windowMs: number } | false;
  sendHighWaterMark: number;
  slowConsumer: 'drop' | 'close';
  /** How a refused upgrade is answered: an HTTP status (`http`) or `4000 + status` close (`close`). */
  refuseWith: 'http' | 'close';
  /** How often the server pings; a peer silent for a whole interval after a ping is terminated. */
  heartbeat: { intervalMs: number } | false;
}

/**
 * `x-halyard-streams`: the app's stream rooms (`websocket.streams`) after defaults; a push to a room
 * matching `rooms` (`*`: any run of characters) carries `room` and `pos`, and `$resume` replays it.
 */
export type AsyncApiStreams = Array<{ rooms: string; maxCount: number; maxAgeMs: number }>;

/** One WebSocket route: a connection URL and every frame that may travel on it. */
export interface AsyncApiChannel {
  address: string;
  title: string;
  summary?: string;
  description?: string;
  messages: Record<string, AsyncApiReference>;
  parameters?: Record<string, AsyncApiParameter>;
  tags?: AsyncApiTag[];
  bindings: { ws: AsyncApiWebSocketBinding };
  'x-halyard-limits': AsyncApiLimits;
  /** Close code (as text) → what it means on this channel. @example `{ '1000': 'Normal closure...' }` */
  'x-halyard-close-codes': Record<string, string>;
  /** Only when the app has stream rooms: which rooms are resumable, and their windows. */
  'x-halyard-streams'?: AsyncApiStreams;
  'x-deprecated'?: true;
}

/** A whole frame as it travels. @example `{ name: 'greeting', payload: { type: 'chat', data: { text: 'hi' } } }` */
export interface AsyncApiMessageExample {
  name: string;
  summary?: string;
  payload: unknown;
}

/** One frame shape; `payload` is the whole JSON envelope, not only its `data`. */
export interface AsyncApiMessage {
  name: string;
  title: string;
  summary: string;
  description?: string;
  contentType: 'application/json';
  correlationId?: AsyncApiReference;
  payload: JsonSchema;
  examples?: AsyncApiMessageExample[];
}

/** The reply of a `receive` operation: on the same channel, one reply message. */
export interface AsyncApiOperationReply {
  channel: AsyncApiReference;
  messages: AsyncApiReference[];
}

/** `receive`: the server receives (a client request); `send`: the server sends (a push or an error). */
export interface AsyncApiOperation {
  action: 'send' | 'receive';
  channel: AsyncApiReference;
  summary?: string;
  description?: string;
  /** AsyncAPI 3 reads this list as alternatives: any one scheme satisfies it. */
  security?: AsyncApiReference[];
  tags?: AsyncApiTag[];
  messages: AsyncApiReference[];
  reply?: AsyncApiOperationReply;
  /** AsyncAPI 3 operations have no `deprecated` field; this extension carries `@Deprecated()`. */
  'x-deprecated'?: true;
  /** The guards of this message handler (`@UseGuards` on `@OnMessage`), run per message after validation. */
  'x-halyard-guards'?: string[];
  /** Close codes this exchange may end in (`$auth`: a refused credential closes the socket). */
  'x-halyard-close-codes'?: Record<string, string>;
}

/** A guard's credentials. @example `{ type: 'httpApiKey', name: 'token', in: 'query' }` */
export type AsyncApiSecurityScheme =
  | { type: 'http'; scheme: 'bearer' | 'basic'; bearerFormat?: string; description?: string }
  | { type: 'httpApiKey'; name: string; in: 'header' | 'query' | 'cookie'; description?: string };

/** @example `{ description: '...', location: '$message.payload#/id' }` */
export interface AsyncApiCorrelationId {
  description: string;
  location: string;
}

/**
 * An AsyncAPI 3.0.0 document as plain JSON. Keys and arrays come in a fixed order and no object
 * is shared between two places, so two documents generated from the same controllers serialise
 * byte for byte the same, to JSON and to YAML (without anchors).
 *
 * @example `JSON.stringify(generateAsyncApi(definition, { info: { title: 'Chat', version: '1.0.0' } }))`
 */
export interface AsyncApiDocument {
  asyncapi: '3.0.0';
  info: AsyncApiInfo;
  defaultContentType: 'application/json';
  servers?: Record<string, AsyncApiServer>;
  channels: Record<string, AsyncApiChannel>;
  operations: Record<string, AsyncApiOperation>;
  components: {
    schemas: Record<string, JsonSchema>;
    messages: Record<string, AsyncApiMessage>;
    securitySchemes?: Record<string, AsyncApiSecurityScheme>;
    correlationIds: Record<string, AsyncApiCorrelationId>;
  };
}
