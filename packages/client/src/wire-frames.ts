import type { TraceContextFields } from './client-options.js';
/**
 * Halyard's wire protocol as the client sees it (JSON text frames; docs/websocket-protocol.md):
 * - sent:    `{ "type": "move", "id": "7", "data": {...} }` (no `id` for fire and forget)
 * - reply:   `{ "type": "reply", "id": "7", "to": "move", "data": {...} }`
 * - push:    `{ "type": "player.joined", "data": {...} }`
 * - error:   `{ "type": "error", "id"?: "7", "error": { "code", "message", "details"?, "errorsOmitted"? } }`
 * - pong:    `{ "type": "$pong", "id": "$hb1" }` (the answer to the heartbeat's `$ping`)
 * - stream push: `{ "type", "data", "room", "pos": { "offset", "epoch" } }`; `$resumed` / `$reset` (room-positions.ts)
 * - server request: `{ "type": "confirm", "id": "$1", "data": {...} }`, answered `$reply` / `$error` (request-handlers.ts)
 * Defined here rather than imported so the client has no dependency on the server package.
 */
export type MessageId = string | number;

export interface ErrorBody {
  readonly code: string;
  readonly message: string;
  readonly details?: unknown;
  /** Present when the server cut a list of field errors to its first 100: how many more there were. */
  readonly errorsOmitted?: number;
}

export type ServerFrame =
  | { readonly kind: 'reply'; readonly id?: MessageId; readonly to?: string; readonly data: unknown }
  | { readonly kind: 'error'; readonly id?: MessageId; readonly error: ErrorBody }
  | {
      readonly kind: 'push';
      readonly event: string;
      readonly data: unknown;
      /** On pushes of stream rooms: the room and the message's position. */
      readonly room?: unknown;
      readonly pos?: unknown;
    }
  | { readonly kind: 'pong'; readonly id?: MessageId }
  /** `conn.ask()` on the server: a push-like frame with a server id (`$` and digits). */
  | { readonly kind: 'ask'; readonly type: string; readonly id: string; readonly data: unknown };

/** A message to encode. */
export interface OutgoingMessage {
  readonly type: string;
  readonly id?: MessageId;
  readonly data?: unknown;
}

/**
 * The envelope of a message; `trace` (the `traceContext` option) adds the caller's W3C trace
 * context. JSON leaves out undefined fields: `{ type, data }` when there is no id and no trace.
 */
export function encodeMessage(
  message: OutgoingMessage,
  trace?: () => TraceContextFields | undefined,
): string {
  return JSON.stringify({ ...message, ...trace?.() });
}

function isErrorBody(value: unknown): value is ErrorBody {
  if (typeof value !== 'object' || value === null) return false;
  const body = value as Record<string, unknown>;
  return typeof body['code'] === 'string' && typeof body['message'] === 'string';
}

/** Reads one frame; `undefined` when it is not a Halyard frame (not JSON, no `type`, bad error body). */
export function decodeFrame(text: unknown): ServerFrame | undefined {
  if (typeof text !== 'string') return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined;
  const frame = parsed as Record<string, unknown>;
  const type = frame['type'];
  const rawId = frame['id'];
  const id = typeof rawId === 'string' || typeof rawId === 'number' ? rawId : undefined;
  if (typeof type !== 'string') return undefined;
  if (type === 'reply') {
    const to = typeof frame['to'] === 'string' ? frame['to'] : undefined;
    return { kind: 'reply', id, to, data: frame['data'] };
  }
  if (type === '$pong') return { kind: 'pong', id };
  if (type === 'error') {
    const error = frame['error'];
    return isErrorBody(error) ? { kind: 'error', id, error } : undefined;
  }
  // Pushes never carry an id; the server's own requests carry `$<n>` (the heartbeat's `$pong` is above).
  if (typeof id === 'string' && id[0] === '$') return { kind: 'ask', type, id, data: frame['data'] };
  if (frame['pos'] !== undefined)
    return { kind: 'push', event: type, data: frame['data'], room: frame['room'], pos: frame['pos'] };
  return { kind: 'push', event: type, data: frame['data'] };
}
