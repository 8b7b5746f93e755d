import type { FieldError } from '../validation/field-error.js';
import type { WireError } from '../wire-error.js';

/**
 * Halyard's WebSocket wire protocol (JSON text frames), documented in docs/websocket-protocol.md.
 * - client → server: `{ "type": "move", "id": "7", "data": {...} }` (`type` optional on single-message sockets)
 * - reply:            `{ "type": "reply", "id": "7", "to": "move", "data": {...} }`
 * - push:             `{ "type": "player.joined", "data": {...} }`
 * - error:            `{ "type": "error", "id": "7", "error": { "code", "message", "details"?, "errorsOmitted"? } }`
 * - server request:   `{ "type": "confirm", "id": "$1", "data": {...} }` (`conn.ask`), answered by the client with
 *                     `{ "type": "$reply", "id": "$1", "data": {...} }` or `{ "type": "$error", "id": "$1", "error": { "code", "message" } }`
 */
export type MessageId = string | number;

export interface IncomingEnvelope {
  readonly type?: string;
  readonly id?: MessageId;
  readonly data?: unknown;
  /** W3C trace context of the sender (docs/observability.md); passed to tracing observers only. */
  readonly traceparent?: string;
  readonly tracestate?: string;
  /** Only on a client's `$error` answer to a server request: its error body. */
  readonly error?: unknown;
}

export interface ErrorBody {
  readonly code: string;
  readonly message: string;
  readonly details?: unknown;
  /** Field errors beyond the first 100 listed in `details`. */
  readonly errorsOmitted?: number;
}

/** W3C Trace Context bounds: a version-00 `traceparent` is 55 characters, `tracestate` at most 512. */
const traceFieldLimits = { traceparent: 55, tracestate: 512 } as const;

export type EnvelopeCheck =
  | { readonly ok: true; readonly envelope: IncomingEnvelope }
  | { readonly ok: false; readonly id?: MessageId; readonly detail: string };

const isEnvelopeKey = (key: string): boolean =>
  key === 'type' || key === 'id' || key === 'data' || key === 'traceparent' || key === 'tracestate';

function refused(id: unknown, hasId: boolean, detail: string): EnvelopeCheck {
  return hasId ? { ok: false, id: id as MessageId, detail } : { ok: false, detail };
}

function checkTraceField(
  envelope: Record<string, unknown>,
  key: 'traceparent' | 'tracestate',
): string | undefined {
  const value = envelope[key];
  if (value === undefined || (typeof value === 'string' && value.length <= traceFieldLimits[key]))
    return undefined;
  return `"${key}" must be a string of at most ${traceFieldLimits[key]} characters`;
}

/**
 * Checks the envelope shape; the `data` inside is validated later, by the handler's DTO. Runs on
 * every frame, so an accepted envelope costs one pass over its keys and no allocation.
 */
export function checkEnvelope(value: unknown): EnvelopeCheck {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, detail: 'A message must be a JSON object: { "type", "id"?, "data"? }' };
  }
  const envelope = value as Record<string, unknown>;
  const id = envelope['id'];
  const validId =
    id === undefined ||
    (typeof id === 'string' && id.length <= 128) ||
    (typeof id === 'number' && Number.isFinite(id));
  if (!validId) return { ok: false, detail: '"id" must be a string (at most 128 characters) or a number' };
  const hasId = id !== undefined;
  let traced = false;
  for (const key of Object.keys(envelope)) {
    if (isEnvelopeKey(key)) {
      // 'traceparent' and 'tracestate' are the envelope keys longer than four characters.
      if (key.length > 4) traced = true;
      continue;
    }
    // A client's `$error` answer to a server request carries its error body, like the server's error frame.
    if (key === 'error' && envelope['type'] === '$error') continue;
    return refused(id, hasId, `Unknown envelope field "${key}"; expected "type", "id" and "data"`);
  }
  if (traced) {
    const problem = checkTraceField(envelope, 'traceparent') ?? checkTraceField(envelope, 'tracestate');
    if (problem) return refused(id, hasId, problem);
  }
  const type = envelope['type'];
  if (type !== undefined && typeof type !== 'string') return refused(id, hasId, '"type" must be a string');
  return { ok: true, envelope: envelope as IncomingEnvelope };
}

export function replyFrame(to: string, id: MessageId | undefined, data: unknown): string {
  return JSON.stringify(
    id === undefined
      ? { type: 'reply', to, data: data ?? null }
      : { type: 'reply', id, to, data: data ?? null },
  );
}

export function pushFrame(type: string, data: unknown): string {
  return JSON.stringify({ type, data: data ?? null });
}

/** The error frame of a wire error: its field errors (or other facts) are the `details`. */
export function errorFrame(id: MessageId | undefined, wire: WireError): string {
  const details = wire.errors ?? wire.details;
  const error: ErrorBody = {
    code: wire.code,
    message: wire.message,
    ...(details !== undefined && { details }),
    ...(wire.errorsOmitted !== undefined && { errorsOmitted: wire.errorsOmitted }),
  };
  return JSON.stringify(id === undefined ? { type: 'error', error } : { type: 'error', id, error });
}

export type { FieldError };
