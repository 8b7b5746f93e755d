import { errorTable, type HalyardErrorCode } from '../errors.js';
import type { JsonSchema } from '../schema/json-schema-builder.js';
import {
  traceContextComponents,
  traceContextProperties,
  traceContextSchemas,
} from './trace-context-schemas.js';

/** `$ref` prefix of every schema component, the same as the OpenAPI generator's. */
export const schemaRefPrefix = '#/components/schemas/';

/** Schema components the wire protocol defines; reserved so a user DTO of the same name gets a suffix. */
export const envelopeComponents = Object.freeze({
  errorFrame: 'ErrorFrame',
  errorBody: 'ErrorBody',
  errorCode: 'ErrorCode',
  messageId: 'MessageId',
  presenceEvent: 'PresenceEvent',
  ...traceContextComponents,
});

/**
 * Codes Halyard itself puts in WebSocket error frames, with when each is sent: the entries of
 * `errorTable` marked `frame`, so a new frame code cannot be missing from the document. A handler's
 * own `HttpError` may carry any other code (`ROOM_FULL`, `HTTP_418`), so the schema stays open.
 */
export const errorFrameCodes: ReadonlyArray<readonly [HalyardErrorCode, string]> = (
  Object.entries(errorTable) as Array<[HalyardErrorCode, (typeof errorTable)[HalyardErrorCode]]>
).flatMap(([code, entry]) => ('frame' in entry ? [[code, entry.frame] as const] : []));

/** `{ $ref: '#/components/schemas/<name>' }`, a fresh object on every call. */
export function schemaRef(name: string): JsonSchema {
  return { $ref: `${schemaRefPrefix}${name}` };
}

// Fresh objects on every call: a YAML serialiser would turn shared objects into anchors and aliases.
const text = (): JsonSchema => ({ type: 'string' });

/** `{ type: 'string', const: value }`: the schema of a frame's fixed `type` or `to`. */
export const constant = (value: string): JsonSchema => ({ type: 'string', const: value });

/**
 * An object schema that accepts exactly `properties` (`additionalProperties: false`), in the key
 * order every frame schema of the document uses.
 *
 * @example closedObject({ type: constant('$ping'), id: schemaRef('MessageId') }, ['type'])
 */
export function closedObject(properties: Record<string, JsonSchema>, required: string[]): JsonSchema {
  return { type: 'object', properties, required, additionalProperties: false };
}

/** The protocol's own schema components, keyed by the names in `envelopeComponents`. */
export function envelopeComponentSchemas(): Record<string, JsonSchema> {
  const names = envelopeComponents;
  return {
    ...traceContextSchemas(),
    [names.errorBody]: {
      title: names.errorBody,
      description: 'What went wrong with one message.',
      type: 'object',
      properties: {
        code: schemaRef(names.errorCode),
        message: { description: 'Human-readable; do not parse it.', type: 'string' },
        details: {
          description:
            'Extra information, present for some codes: field errors `[{ in, path, constraint, message }]` (at most 100) for `HALYARD_ERR_VALIDATION`, `{ known }` for `HALYARD_ERR_WS_UNKNOWN_TYPE`, `{ retryAfterMs }` for `HALYARD_ERR_WS_RATE_LIMITED`, `{ reason }` for `HALYARD_ERR_WS_MALFORMED_JSON`.',
        },
        errorsOmitted: {
          description:
            'How many field errors follow the 100 listed in `details`; absent when `details` lists all.',
          type: 'integer',
          minimum: 1,
        },
      },
      required: ['code', 'message'],
      additionalProperties: false,
    },
    [names.errorCode]: {
      title: names.errorCode,
      description: [
        'Stable machine-readable code. Halyard sends these itself:',
        '',
        ...errorFrameCodes.map(([code, when]) => `- \`${code}\`: ${when}`),
        '',
        'A handler that throws `HttpError` sends its own code (`HTTP_<status>` by default).',
      ].join('\n'),
      anyOf: [
        { type: 'string', enum: errorFrameCodes.map(([code]) => code) },
        { description: "An application's own code.", type: 'string' },
      ],
    },
    [names.errorFrame]: {
      title: names.errorFrame,
      description:
        'Sent instead of a reply when a message is rejected or its handler fails; carries the request `id` when the request had one.',
      type: 'object',
      properties: {
        type: constant('error'),
        id: schemaRef(names.messageId),
        error: schemaRef(names.errorBody),
      },
      required: ['type', 'error'],
      additionalProperties: false,
    },
    [names.messageId]: {
      title: names.messageId,
      description: 'Chosen by the client; the reply or error frame to the message carries the same `id`.',
      anyOf: [{ type: 'string', maxLength: 128 }, { type: 'number' }],
    },
    [names.presenceEvent]: {
      title: names.presenceEvent,
      description: 'A connection joined or left a room this connection is in.',
      type: 'object',
      properties: {
        room: text(),
        member: closedObject(
          {
            id: { description: 'Connection id.', type: 'string' },
            data: { description: 'What the connection set as `conn.presence`.', type: 'object' },
          },
          ['id'],
        ),
      },
      required: ['room', 'member'],
      additionalProperties: false,
    },
  };
}

/** Options of one client → server envelope. */
export interface RequestEnvelope {
  readonly type: string;
  /** Single-message sockets accept frames without `type`. */
  readonly typeOptional: boolean;
  readonly data: JsonSchema;
  /** `false` for handlers that take no `@Message()`: any `data`, or none, is accepted. */
  readonly dataRequired: boolean;
  readonly deprecated: boolean;
}

/** `{ "type", "id"?, "data", "traceparent"?, "tracestate"? }`, exactly the keys `checkEnvelope` accepts. */
export function requestPayload(envelope: RequestEnvelope): JsonSchema {
  const required = [...(envelope.typeOptional ? [] : ['type']), ...(envelope.dataRequired ? ['data'] : [])];
  return {
    type: 'object',
    properties: {
      type: constant(envelope.type),
      id: schemaRef(envelopeComponents.messageId),
      data: envelope.data,
      ...traceContextProperties(),
    },
    ...(required.length > 0 && { required }),
    additionalProperties: false,
    ...(envelope.deprecated && { deprecated: true }),
  };
}

/** `{ "type": "reply", "id"?, "to", "data" }`; `data` is `null` for handlers declared `reply: null`. */
export function replyPayload(to: string, data: JsonSchema | null): JsonSchema {
  return closedObject(
    {
      type: constant('reply'),
      id: schemaRef(envelopeComponents.messageId),
      to: constant(to),
      data: data ?? { description: 'Acknowledgement only: the handler answers nothing.', type: 'null' },
    },
    ['type', 'to', 'data'],
  );
}

/** `{ "type": event, "data" }`, as `hub.toRoom` / `conn.send` and presence events send it. */
export function pushPayload(event: string, data: JsonSchema): JsonSchema {
  return {
    type: 'object',
    properties: { type: constant(event), data },
    required: ['type', 'data'],
    additionalProperties: false,
  };
}
