import type { ServerRequestDefinition } from '../definition/app-definition.js';
import type { JsonSchema, SchemaRegistry } from '../schema/json-schema-builder.js';
import type { AsyncApiMessage, AsyncApiReference } from './asyncapi-document.js';
import { closedObject, constant } from './envelope-schemas.js';
import { traceContextProperties } from './trace-context-schemas.js';

/** `components/messages` name of the client's `$error` answer, shared by every channel with `@Requests`. */
export const requestRefusalName = 'ServerRequestRefusal';

// Fresh objects on every call: a YAML serialiser would turn shared objects into anchors and aliases.
/** The ids `conn.ask()` chooses (server-requests.ts): `$` and a counter per connection. */
const serverId = (): JsonSchema => ({
  description:
    "The server's id of the request, `$` and digits, counted per connection; the answer carries the same `id`.",
  type: 'string',
  pattern: '^\\$[0-9]+$',
});

/** `{ "type", "id": "$1", "data" }`: what `conn.ask(type, data)` sends. */
export function serverRequestMessage(
  name: string,
  request: ServerRequestDefinition,
  context: { readonly registry: SchemaRegistry; readonly correlationId: AsyncApiReference },
): AsyncApiMessage {
  const { type } = request;
  const examples = (request.examples ?? []).map((example, index) => ({
    name: example.name ?? `example${index + 1}`,
    ...(example.summary !== undefined && { summary: example.summary }),
    // Cloned: the definition is frozen and shared, the document is the caller's to change.
    payload: { type, id: '$1', data: structuredClone(example.value) },
  }));
  return {
    name,
    title: `${type} (server request)`,
    summary: request.summary ?? `The server asks the client "${type}" and awaits its answer.`,
    description: [
      ...(request.description !== undefined ? [request.description, ''] : []),
      'Sent by `conn.ask()`. Answer once, with the same `id`: `$reply` with the reply `data`, or `$error`. `@halyard/client` answers from `client.onRequest(type, handler)`.',
    ].join('\n'),
    contentType: 'application/json',
    correlationId: context.correlationId,
    payload: closedObject(
      {
        type: constant(type),
        id: serverId(),
        data: request.data
          ? context.registry.schemaFor(request.data)
          : { description: 'The request carries no data.', type: 'null' },
      },
      ['type', 'id', 'data'],
    ),
    ...(examples.length > 0 && { examples }),
  };
}

/** `{ "type": "$reply", "id": "$1", "data" }`: the client's answer, validated against `reply`. */
export function serverReplyMessage(
  name: string,
  request: ServerRequestDefinition,
  context: { readonly registry: SchemaRegistry; readonly correlationId: AsyncApiReference },
): AsyncApiMessage {
  const { type, reply } = request;
  return {
    name,
    title: `${type} answer`,
    summary: reply
      ? `The client's answer to "${type}", validated against the reply DTO.`
      : `The client acknowledges "${type}"; its \`data\` is ignored.`,
    description:
      'A `data` that fails the reply DTO is answered with the error frame `HALYARD_ERR_VALIDATION` (`reply failed validation`) and `conn.ask()` rejects with `HALYARD_ERR_WS_REQUEST_INVALID_REPLY`; an `id` no request awaits (after its timeout, twice) with `HALYARD_ERR_WS_UNKNOWN_REQUEST`.',
    contentType: 'application/json',
    correlationId: context.correlationId,
    payload: {
      type: 'object',
      properties: {
        type: constant('$reply'),
        id: serverId(),
        data: reply
          ? context.registry.schemaFor(reply)
          : { description: 'Ignored: `conn.ask()` resolves with `undefined`.' },
        ...traceContextProperties(),
      },
      required: reply ? ['type', 'id', 'data'] : ['type', 'id'],
      additionalProperties: false,
    },
  };
}

/** `{ "type": "$error", "id": "$1", "error": { "code", "message", "details"? } }`: the client refuses. */
export function requestRefusalMessage(correlationId: AsyncApiReference): AsyncApiMessage {
  return {
    name: requestRefusalName,
    title: '$error',
    summary: 'The client refuses a server request: its handler failed, or it has none.',
    description:
      "`conn.ask()` rejects with `HALYARD_ERR_WS_REQUEST_REFUSED`, the `error` body as its `details`. `@halyard/client` sends the thrown value's `code` (else `HALYARD_ERR_CLIENT_HANDLER_FAILED`), or `HALYARD_ERR_CLIENT_NO_HANDLER` for a type without an `onRequest` handler. A malformed body is answered with the error frame `HALYARD_ERR_WS_BAD_ENVELOPE` and the request keeps waiting.",
    contentType: 'application/json',
    correlationId,
    payload: closedObject(
      {
        type: constant('$error'),
        id: serverId(),
        error: closedObject(
          {
            code: { description: "The client's own code.", type: 'string', minLength: 1, maxLength: 128 },
            message: { type: 'string', maxLength: 1024 },
            details: { description: 'Anything the client adds.' },
          },
          ['code', 'message'],
        ),
        ...traceContextProperties(),
      },
      ['type', 'id', 'error'],
    ),
    examples: [
      {
        name: 'declined',
        summary: 'The user said no',
        payload: { type: '$error', id: '$1', error: { code: 'USER_DECLINED', message: 'Not now' } },
      },
      {
        name: 'noHandler',
        summary: 'No `onRequest` handler for the type',
        payload: {
          type: '$error',
          id: '$2',
          error: { code: 'HALYARD_ERR_CLIENT_NO_HANDLER', message: 'No onRequest handler for "confirm"' },
        },
      },
    ],
  };
}
