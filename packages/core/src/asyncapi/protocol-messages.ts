import type { AsyncApiMessage, AsyncApiReference } from './asyncapi-document.js';
import { formatMessage, type ErrorParams, type WireErrorCode } from '../errors.js';
import type { JsonSchema } from '../schema/json-schema-builder.js';
import { closedObject, envelopeComponents, pushPayload, schemaRef } from './envelope-schemas.js';
import { protocolMessageEntries, type ProtocolMessage } from './protocol-message.js';
import { traceContextProperties } from './trace-context-schemas.js';

/** `components/messages` names of the frames every channel shares. */
export const sharedMessageNames = Object.freeze({
  error: 'ErrorFrame',
  joined: 'PresenceJoined',
  left: 'PresenceLeft',
  ping: 'HeartbeatPing',
  pong: 'HeartbeatPong',
});

/** An error frame as the dispatcher sends it, its message from the error table (so the example cannot drift). */
function errorFrame(frame: {
  readonly id: string;
  readonly code: WireErrorCode;
  readonly params: ErrorParams;
  readonly details: unknown;
}): unknown {
  const { id, code, params, details } = frame;
  return { type: 'error', id, error: { code, message: formatMessage(code, params), details } };
}

function errorMessage(): ProtocolMessage {
  return {
    name: sharedMessageNames.error,
    title: 'error',
    summary: 'A message was rejected or its handler failed.',
    description:
      'Answers a request instead of its reply, with the same `id`. Frames rejected before their `id` could be read (malformed JSON, binary, too large, rate limited) carry no `id`.',
    correlated: true,
    payload: schemaRef(envelopeComponents.errorFrame),
    examples: [
      {
        name: 'unknownType',
        summary: 'No handler for the message type',
        payload: errorFrame({
          id: 't1',
          code: 'HALYARD_ERR_WS_UNKNOWN_TYPE',
          params: { type: 'shout' },
          details: { known: ['chat'] },
        }),
      },
      {
        name: 'validation',
        summary: '`data` failed validation',
        payload: errorFrame({
          id: 't2',
          code: 'HALYARD_ERR_VALIDATION',
          params: { where: 'message' },
          details: [
            {
              in: 'message',
              path: 'text',
              constraint: 'isLength',
              message: 'text must be longer than or equal to 1 characters',
            },
          ],
        }),
      },
    ],
  };
}

function presenceMessage(kind: 'joined' | 'left'): ProtocolMessage {
  const event = `presence.${kind}`;
  return {
    name: kind === 'joined' ? sharedMessageNames.joined : sharedMessageNames.left,
    title: event,
    summary: `Another connection ${kind} a room this connection is in.`,
    description:
      'Sent by the hub to the other members of a room when a connection calls `conn.join` / `conn.leave` or disconnects; `member.data` is what that connection set as `conn.presence`.',
    correlated: false,
    payload: pushPayload(event, schemaRef(envelopeComponents.presenceEvent)),
    examples: [
      {
        name: kind,
        payload: { type: event, data: { room: 'game:7', member: { id: 'c2', data: { name: 'bob' } } } },
      },
    ],
  };
}

/**
 * `{ "type": "$ping", "id"?, "traceparent"?, "tracestate"? }` (a client envelope) and
 * `{ "type": "$pong", "id"? }`: exactly what the dispatcher reads and writes.
 */
function heartbeatPayload(type: '$ping' | '$pong'): JsonSchema {
  return closedObject(
    {
      type: { type: 'string', const: type },
      id: schemaRef(envelopeComponents.messageId),
      ...(type === '$ping' && traceContextProperties()),
    },
    ['type'],
  );
}

function heartbeatMessage(kind: 'ping' | 'pong'): ProtocolMessage {
  const type = kind === 'ping' ? '$ping' : '$pong';
  return {
    name: kind === 'ping' ? sharedMessageNames.ping : sharedMessageNames.pong,
    title: type,
    summary:
      kind === 'ping'
        ? 'Application heartbeat: the client asks whether the connection is alive.'
        : 'The server answers `$ping` at once, with the same `id`.',
    description:
      'Understood by every socket, whatever its handlers; `$`-prefixed types are reserved for the protocol. A browser cannot see WebSocket protocol pings, so clients use these to notice a dead connection.',
    correlated: true,
    payload: heartbeatPayload(type),
    examples: [{ name: kind, payload: { type, id: 'h1' } }],
  };
}

/**
 * The protocol's own messages (error frame, presence, heartbeat), defined once in
 * `components/messages` for every channel.
 */
export function protocolMessages(correlationId: () => AsyncApiReference): AsyncApiMessage[] {
  return protocolMessageEntries(
    [
      errorMessage(),
      presenceMessage('joined'),
      presenceMessage('left'),
      heartbeatMessage('ping'),
      heartbeatMessage('pong'),
    ],
    correlationId,
  );
}
