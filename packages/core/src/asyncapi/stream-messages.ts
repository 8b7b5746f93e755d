import type { JsonSchema } from '../schema/json-schema-builder.js';
import { defaultStreamWindow, type RoomStreamOptions } from '../ws/room-streams.js';
import { maxResumeRooms } from '../ws/stream-resume.js';
import type { AsyncApiMessage, AsyncApiReference, AsyncApiStreams } from './asyncapi-document.js';
import { closedObject, constant, schemaRef } from './envelope-schemas.js';
import { protocolMessageEntries, type ProtocolMessage } from './protocol-message.js';
import { traceContextProperties } from './trace-context-schemas.js';

/** `components/messages` names of the resume exchange, shared by every channel. */
export const streamMessageNames = Object.freeze({
  resume: 'StreamResume',
  resumeReply: 'StreamResumeReply',
  resumed: 'StreamResumed',
  reset: 'StreamReset',
  session: 'StreamSession',
});

/** The schema component of a position, added only when the app has stream rooms. */
export const streamPositionName = 'StreamPosition';

const maxRoomLength = 256;
const epochPattern = '^[A-Za-z0-9]{1,64}$';
const resetReasons = ['expired', 'epoch', 'ahead', 'unavailable', 'not-a-stream'];
const resumeStates = ['replaying', 'pending', 'reset'];

/**
 * `websocket.streams` with the defaults filled in, as `x-halyard-streams` lists them. Unchecked
 * here: `createApp` refuses bad options right after (`HALYARD_ERR_OPTIONS_INVALID`).
 */
export function resolvedStreams(options: readonly RoomStreamOptions[]): AsyncApiStreams {
  return options.map((option: RoomStreamOptions | undefined) => ({
    rooms: String(option?.rooms),
    maxCount: option?.maxCount ?? defaultStreamWindow.maxCount,
    maxAgeMs: option?.maxAgeMs ?? defaultStreamWindow.maxAgeMs,
  }));
}

/** The `StreamPosition` schema: what `pos`, `$resume` and `$resumed` / `$reset` carry. */
export function streamPositionSchema(): JsonSchema {
  return {
    title: streamPositionName,
    description:
      "Where a message sits in a stream room's log: `offset` counts the room's messages from 1 (0: before the first), `epoch` names the log and changes when the server lost it (a Redis flush, a memory-adapter restart).",
    type: 'object',
    properties: {
      offset: { type: 'integer', minimum: 0 },
      epoch: { type: 'string', pattern: epochPattern },
    },
    required: ['offset', 'epoch'],
    additionalProperties: false,
  };
}

/**
 * `room` and `pos` of a push to a stream room: both or neither (`dependencies`), so a push to
 * any other room, to one connection or to all keeps its plain `{ type, data }` shape.
 */
export function pushPositionProperties(): {
  properties: Record<string, JsonSchema>;
  dependencies: JsonSchema;
} {
  return {
    properties: {
      room: {
        description:
          "Only on a push to a stream room (a room matching a pattern of the channel's `x-halyard-streams`): the room, always with `pos`.",
        type: 'string',
      },
      pos: schemaRef(streamPositionName),
    },
    dependencies: { room: ['pos'], pos: ['room'] },
  };
}

const room = (): JsonSchema => ({ type: 'string', minLength: 1, maxLength: maxRoomLength });
const example = { offset: 17, epoch: '3f9c0a7d1b2e4c55' };

function resumeRequest(): ProtocolMessage {
  return {
    name: streamMessageNames.resume,
    title: '$resume',
    summary: 'The client asks for the pushes of stream rooms it missed, after the positions it saw last.',
    description: `Any time on an open socket (\`@halyard/client\` sends it first after each open). At most ${maxResumeRooms} rooms of 1-${maxRoomLength} characters, otherwise the error frame \`HALYARD_ERR_WS_RESUME_INVALID\` answers and nothing else happens. For a room the connection is in, the missed pushes follow (each as it was sent, with \`room\` and \`pos\`), then \`$resumed\`; a room it joins later is replayed at the join; when the pushes in between are gone, \`$reset\` names the room. Live pushes keep coming meanwhile: hold a room's pushes from \`$resume\` until its \`$resumed\`, then process them sorted by \`pos.offset\`, skipping offsets already seen.`,
    correlated: true,
    payload: closedObject(
      {
        type: constant('$resume'),
        id: schemaRef('MessageId'),
        data: closedObject(
          {
            rooms: {
              description: 'Room name → the position of the last push the client processed in it.',
              type: 'object',
              maxProperties: maxResumeRooms,
              propertyNames: room(),
              additionalProperties: schemaRef(streamPositionName),
            },
          },
          ['rooms'],
        ),
        ...traceContextProperties(),
      },
      ['type', 'data'],
    ),
    examples: [
      { name: 'resume', payload: { type: '$resume', id: 'r1', data: { rooms: { 'room:42': example } } } },
    ],
  };
}

function resumeReply(): ProtocolMessage {
  return {
    name: streamMessageNames.resumeReply,
    title: '$resume reply',
    summary: 'What happens to each room of a `$resume`; sent only when the request had an `id`.',
    description:
      '`replaying`: the connection is in the room, its replay is under way and ends with `$resumed`; `pending`: replayed when the connection joins the room; `reset`: answered with `$reset` at once.',
    correlated: true,
    payload: closedObject(
      {
        type: constant('reply'),
        id: schemaRef('MessageId'),
        to: constant('$resume'),
        data: closedObject(
          {
            rooms: { type: 'object', additionalProperties: { type: 'string', enum: [...resumeStates] } },
          },
          ['rooms'],
        ),
      },
      ['type', 'id', 'to', 'data'],
    ),
    examples: [
      {
        name: 'replaying',
        payload: { type: 'reply', id: 'r1', to: '$resume', data: { rooms: { 'room:42': 'replaying' } } },
      },
    ],
  };
}

function resumed(): ProtocolMessage {
  return {
    name: streamMessageNames.resumed,
    title: '$resumed',
    summary: 'The replay of one room is complete: every missed push was sent again, in order.',
    description:
      "`position` is where the room's log stands after the replay: resume from it next time. Release the pushes held since `$resume`, sorted by `pos.offset`, skipping offsets already processed.",
    correlated: false,
    payload: closedObject(
      {
        type: constant('$resumed'),
        data: closedObject(
          {
            room: { type: 'string' },
            position: schemaRef(streamPositionName),
            replayed: { description: 'How many pushes were sent again.', type: 'integer', minimum: 0 },
          },
          ['room', 'position', 'replayed'],
        ),
      },
      ['type', 'data'],
    ),
    examples: [
      {
        name: 'resumed',
        payload: {
          type: '$resumed',
          data: { room: 'room:42', position: { ...example, offset: 20 }, replayed: 3 },
        },
      },
    ],
  };
}

function reset(): ProtocolMessage {
  return {
    name: streamMessageNames.reset,
    title: '$reset',
    summary: 'The server cannot replay what the client missed in one room: never a silent gap.',
    description:
      '`expired`: the position is older than the window; `epoch`: the log was lost since; `ahead`: the position is past the last message; `unavailable`: the log could not be read (or too many rooms wait for a join); `not-a-stream`: the room matches no `x-halyard-streams` pattern. `position` (absent for the last two) is where the log stands now. Drop what was held for the room, refetch it (e.g. over REST with `hub.position(room)`) and resume from there.',
    correlated: false,
    payload: closedObject(
      {
        type: constant('$reset'),
        data: closedObject(
          {
            room: { type: 'string' },
            reason: { type: 'string', enum: [...resetReasons] },
            position: schemaRef(streamPositionName),
          },
          ['room', 'reason'],
        ),
      },
      ['type', 'data'],
    ),
    examples: [
      {
        name: 'expired',
        payload: {
          type: '$reset',
          data: { room: 'room:42', reason: 'expired', position: { ...example, offset: 1020 } },
        },
      },
    ],
  };
}

function session(): ProtocolMessage {
  return {
    name: streamMessageNames.session,
    title: '$session',
    summary:
      "The connection's resume token: the first frame of every connection of an app with stream rooms.",
    description:
      'Reconnect with it as the query parameter `halyard_session` (`@halyard/client` does): the new connection, on any instance, continues as the same connection id, so the rooms its `@OnConnect` joins again carry on without `presence.left` + `presence.joined` for the other members, and its old connection (if its instance still counts it) is dropped without a close handshake. A token that is not valid is ignored: the connection gets a new id. Keep it secret: it lets its holder continue as that connection.',
    correlated: false,
    payload: closedObject(
      {
        type: constant('$session'),
        data: {
          type: 'object',
          properties: { token: { type: 'string', maxLength: 128 } },
          required: ['token'],
          additionalProperties: false,
        },
      },
      ['type', 'data'],
    ),
    examples: [
      {
        name: 'session',
        payload: {
          type: '$session',
          data: { token: '0b9c4a8e-2f1d-4c3b-9a7e-5d6f8e9a0b1c.xqK3Wb0m1yJp2r8T5vN6cLd9Qe4Hs7Fa0gUiOkZjBnM' },
        },
      },
    ],
  };
}

/** The messages of the resume exchange and the session token, for `components/messages`. */
export function streamMessages(correlationId: () => AsyncApiReference): AsyncApiMessage[] {
  return protocolMessageEntries(
    [resumeRequest(), resumeReply(), resumed(), reset(), session()],
    correlationId,
  );
}
