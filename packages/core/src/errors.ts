/**
 * Every error Halyard raises has a stable code from this table. A code is never reused.
 * Boot errors are thrown by `createApp`; wire errors are sent as HTTP problem responses or
 * WebSocket error frames / close codes. `docs/errors.md` is checked against this table by a test.
 */
import { codedErrorClass, defineErrorTable, formatErrorMessage, type ErrorParams } from './error-table.js';

export type { ErrorParams } from './error-table.js';

export const errorTable = defineErrorTable({
  // Boot: controllers and routes
  HALYARD_ERR_CONTROLLER_NOT_DECORATED: {
    area: 'boot',
    message: '{target} is listed in controllers but has neither @Controller nor a class-level @WebSocket',
  },
  HALYARD_ERR_ROUTE_DUPLICATE: {
    area: 'boot',
    message: '{target}: {route} is already registered by {other} as {otherRoute}',
  },
  HALYARD_ERR_ROUTE_CONFLICT: { area: 'boot', message: '{target}: {detail}' },
  HALYARD_ERR_PARAM_UNDECORATED: {
    area: 'boot',
    message: '{target}: parameter #{index} has no decorator; use one of {allowed}',
  },
  HALYARD_ERR_PARAM_NOT_ALLOWED: {
    area: 'boot',
    message: '{target}: {decorator} cannot be used in {context}; allowed here: {allowed}',
  },
  HALYARD_ERR_TYPE_MISSING: {
    area: 'boot',
    message: '{target}: {what} has no usable type information ({found}); {fix}',
  },
  HALYARD_ERR_DTO_NOT_VALIDATED: {
    area: 'boot',
    message:
      '{target}: {dto} has no class-validator decorators; decorate its properties (e.g. @IsString()) so it can be validated',
  },
  HALYARD_ERR_DTO_RESERVED_PROPERTY: {
    area: 'boot',
    message:
      '{dto}.{member}: a validated property cannot be named like an Object.prototype member (class-validator cannot group it); rename it (such input keys are refused as reservedKey anyway)',
  },
  HALYARD_ERR_RETURN_TYPE_MISSING: {
    area: 'boot',
    message: '{target} returns {found}, which erases the {what} type; {fix}',
  },
  HALYARD_ERR_WS_RESERVED_EVENT: {
    area: 'boot',
    message: "{target}: @Emits('{event}') uses a name the protocol reserves (reply, error, presence.*)",
  },
  HALYARD_ERR_WS_RESERVED_PREFIX: {
    area: 'boot',
    message:
      '{target}: {decorator} uses "{type}"; names starting with "$" are reserved for protocol frames ($ping, $pong)',
  },
  HALYARD_ERR_WS_STREAMS_UNSUPPORTED: {
    area: 'boot',
    message:
      'websocket.streams is set but the {adapter} adapter has no readStream/streamPosition; use MemoryAdapter or @halyard/redis, or implement them',
  },
  HALYARD_ERR_WS_NOT_A_STREAM: {
    area: 'boot',
    message: 'hub.position("{room}"): the room matches no websocket.streams pattern',
  },
  HALYARD_ERR_WS_MESSAGE_DUPLICATE: {
    area: 'boot',
    message: '{target}: message type "{type}" is already handled by {other}',
  },
  HALYARD_ERR_WS_NO_HANDLERS: {
    area: 'boot',
    message: '{target}: a class-level @WebSocket needs at least one @OnMessage handler',
  },
  HALYARD_ERR_WS_HANDLER_OUTSIDE_SOCKET: {
    area: 'boot',
    message: '{target}: {decorator} only works in a class decorated with @WebSocket',
  },
  HALYARD_ERR_WS_LIFECYCLE_DUPLICATE: {
    area: 'boot',
    message: '{target}: {decorator} is already declared by {other}',
  },
  HALYARD_ERR_OPTIONS_INVALID: { area: 'boot', message: 'createApp options: {detail}' },
  HALYARD_ERR_EXAMPLE_INVALID: {
    area: 'boot',
    message: '{target}: {what} "{example}" does not match {type}: {errors}',
  },
  HALYARD_ERR_DECORATOR_MISUSE: { area: 'boot', message: '{target}: {detail}' },
  HALYARD_ERR_GUARD_INVALID: {
    area: 'boot',
    message: '{target}: {guard} is not a guard; pass a class or an object with a canActivate(context) method',
  },
  HALYARD_ERR_STATUS_INVALID: {
    area: 'boot',
    message: '{target}: {what} is not an HTTP status; use an integer from 100 to 599',
  },
  // Boot: dependency injection
  HALYARD_ERR_DI_UNKNOWN_PROVIDER: {
    area: 'boot',
    message: '{target}: cannot resolve {token} (parameter #{index}); add it to createApp({ providers })',
  },
  HALYARD_ERR_DI_CYCLE: { area: 'boot', message: 'dependency cycle: {cycle}' },
  HALYARD_ERR_DI_MISSING_TYPE: {
    area: 'boot',
    message:
      '{target}: constructor parameter #{index} has no type metadata; add @Injectable() to the class or @Inject(token) to the parameter',
  },
  HALYARD_ERR_DI_TYPE_NOT_INJECTABLE: {
    area: 'boot',
    message:
      '{target}: constructor parameter #{index} is typed {type}, which cannot be injected by type; write @Inject(TOKEN) on the parameter and provide TOKEN in createApp({ providers })',
  },
  HALYARD_ERR_DI_DUPLICATE_PROVIDER: { area: 'boot', message: '{token} is provided twice' },
  HALYARD_ERR_DI_FACTORY_FAILED: { area: 'boot', message: 'provider {token} failed to construct: {cause}' },
  // Wire: HTTP and WebSocket
  HALYARD_ERR_VALIDATION: {
    area: 'wire',
    frame: '`data` failed validation (`details` lists field errors)',
    message: '{where} failed validation',
    status: 400,
    closeCode: undefined,
  },
  HALYARD_ERR_INTERNAL: {
    area: 'wire',
    frame: 'the handler failed unexpectedly; details are only logged',
    message: 'Internal server error',
    status: 500,
    closeCode: 1011,
    closeReason: 'Internal server error',
  },
  HALYARD_ERR_RETURN_VALUE_UNDECLARED: {
    area: 'wire',
    message:
      '{target} returned a value, but its return type is void or not written, so the route answers {status} without a body; write the return type or add @Returns(YourDto), or return nothing',
    status: 500,
  },
  HALYARD_ERR_NOT_FOUND: {
    area: 'wire',
    frame: 'the handler threw `NotFoundError`',
    message: 'Route {method}:{url} not found',
    status: 404,
  },
  HALYARD_ERR_BAD_REQUEST: {
    area: 'wire',
    frame: 'the handler threw `BadRequestError`',
    message: '{detail}',
    status: 400,
  },
  HALYARD_ERR_UNAUTHORIZED: {
    area: 'wire',
    frame: 'the handler threw `UnauthorizedError`',
    message: 'Authentication required',
    status: 401,
  },
  HALYARD_ERR_FORBIDDEN: {
    area: 'wire',
    frame: 'the handler threw `ForbiddenError`',
    message: 'Access denied',
    status: 403,
  },
  HALYARD_ERR_CONFLICT: {
    area: 'wire',
    frame: 'the handler threw `ConflictError`',
    message: '{detail}',
    status: 409,
  },
  HALYARD_ERR_METHOD_NOT_ALLOWED: { area: 'wire', message: '{detail}', status: 405 },
  HALYARD_ERR_URI_TOO_LONG: { area: 'wire', message: '{detail}', status: 414 },
  HALYARD_ERR_UNSUPPORTED_MEDIA_TYPE: { area: 'wire', message: '{detail}', status: 415 },
  HALYARD_ERR_TOO_MANY_REQUESTS: { area: 'wire', message: '{detail}', status: 429 },
  HALYARD_ERR_PAYLOAD_TOO_LARGE: {
    area: 'wire',
    frame: 'the frame exceeds `maxPayload`; the socket then closes 1009',
    message: 'Payload exceeds {limit} bytes',
    status: 413,
    closeCode: 1009,
    closeReason: 'Message too big',
  },
  HALYARD_ERR_WS_MALFORMED_JSON: {
    area: 'wire',
    frame: 'the frame is not valid JSON (`details.reason`)',
    message: 'Message is not valid JSON',
  },
  HALYARD_ERR_WS_BINARY_UNSUPPORTED: {
    area: 'wire',
    frame: 'a binary frame arrived; only JSON text frames are accepted',
    message: 'Binary frames are not accepted; send JSON text frames',
  },
  HALYARD_ERR_WS_BAD_ENVELOPE: {
    area: 'wire',
    frame: 'the envelope is not `{ type, id?, data? }`, or `type` is missing',
    message: '{detail}',
  },
  HALYARD_ERR_WS_UNKNOWN_TYPE: {
    area: 'wire',
    frame: 'no handler for `type` (`details.known` lists the types)',
    message: 'Unknown message type "{type}"',
  },
  HALYARD_ERR_WS_RATE_LIMITED: {
    area: 'wire',
    frame: 'too many messages (`details.retryAfterMs`); repeated, the socket closes 1008',
    message: 'Rate limit exceeded; retry after {retryAfterMs} ms',
    closeCode: 1008,
    closeReason: 'Rate limit exceeded',
  },
  HALYARD_ERR_WS_ORIGIN_REJECTED: { area: 'wire', message: 'Origin {origin} is not allowed', status: 403 },
  HALYARD_ERR_WS_TOO_MANY_CONNECTIONS: {
    area: 'wire',
    message: 'Too many connections on {route}',
    status: 503,
  },
  HALYARD_ERR_WS_TOO_MANY_CONNECTIONS_PER_IP: {
    area: 'wire',
    message: 'Too many connections from this address',
    status: 503,
  },
  HALYARD_ERR_WS_SLOW_CONSUMER: {
    area: 'wire',
    message: 'Send buffer above {limit} bytes',
    closeCode: 1013,
    closeReason: 'Slow consumer',
  },
  HALYARD_ERR_WS_BAD_CLOSE_CODE: {
    area: 'wire',
    message: 'Close code {closeCode} cannot be sent; closed with 1011',
    closeCode: 1011,
    closeReason: 'Internal server error',
  },
  HALYARD_ERR_WS_UPGRADE_REQUIRED: {
    area: 'wire',
    message: '{path} is a WebSocket route; connect with a WebSocket client',
    status: 426,
  },
  HALYARD_ERR_WS_PROTOCOL: { area: 'wire', message: '{detail}', closeCode: 1002 },
  HALYARD_ERR_WS_CONNECT_BACKLOG: {
    area: 'wire',
    message:
      'More than {frames} frames or {bytes} bytes arrived while @OnConnect ran, or the backlogs of all connections reached maxBacklogBytes',
    closeCode: 1008,
    closeReason: 'Too many messages before the connection was ready',
  },
  HALYARD_ERR_WS_HEARTBEAT_TIMEOUT: {
    area: 'wire',
    message: 'No pong within {intervalMs} ms; connection terminated',
  },
  HALYARD_ERR_WS_RESUME_INVALID: {
    area: 'wire',
    frame:
      'a `$resume` frame whose `data` is not `{ rooms: { [room]: { offset, epoch } } }` (at most 100 rooms)',
    message: '{detail}',
  },
  HALYARD_ERR_WS_RESUME_FAILED: {
    area: 'wire',
    message: 'Resume of room "{room}" failed: the adapter could not read the stream; the client gets $reset',
  },
  HALYARD_ERR_WS_SHUTTING_DOWN: {
    area: 'wire',
    frame: 'a message arrived while the server shuts down; its handler did not run',
    message: 'Server is shutting down',
    status: 503,
    closeCode: 1012,
    closeReason: 'Service Restart',
  },
  HALYARD_ERR_WS_ROOM_FORBIDDEN: {
    area: 'wire',
    frame: 'a room policy refused `conn.join(room)` and the handler did not catch it',
    message: 'Joining room "{room}" was refused by {guard}',
    status: 403,
  },
  HALYARD_ERR_WS_UNKNOWN_REQUEST: {
    area: 'wire',
    frame:
      'a `$reply` / `$error` whose `id` names no server request awaiting an answer (it timed out, was answered already, or was never asked)',
    message: 'No request with id "{id}" awaits an answer on this connection',
  },
  HALYARD_ERR_WS_REQUEST_TIMEOUT: {
    area: 'wire',
    message: 'No answer to "{type}" (id {id}) within {timeoutMs} ms',
  },
  HALYARD_ERR_WS_REQUEST_CLOSED: {
    area: 'wire',
    message: 'The connection closed before the client answered "{type}" (id {id})',
  },
  HALYARD_ERR_WS_REQUEST_REFUSED: {
    area: 'wire',
    message: 'The client answered "{type}" (id {id}) with {clientCode}: {clientMessage}',
  },
  HALYARD_ERR_WS_REQUEST_INVALID_REPLY: {
    area: 'wire',
    message: 'The client\'s answer to "{type}" (id {id}) failed validation',
  },
  HALYARD_ERR_WS_REQUEST_LIMIT: {
    area: 'wire',
    message: 'The connection already has {limit} requests awaiting an answer (maxPendingRequests)',
  },
  HALYARD_ERR_WS_REQUEST_NOT_SENT: {
    area: 'wire',
    message: '"{type}" was not sent: the connection\'s send buffer is above sendHighWaterMark',
  },
  HALYARD_ERR_WS_AUTH_EXPIRED: {
    area: 'wire',
    message: 'The credential expired at {expiresAt} and no $auth frame replaced it',
    closeCode: 4401,
    closeReason: 'Credential expired',
  },

  // Testing (`@halyard/core/testing`)
  HALYARD_ERR_TESTING_CLIENT_MISSING: {
    area: 'testing',
    message:
      'contract checking needs @halyard/client (an optional peer dependency of @halyard/core): npm install --save-dev @halyard/client ({cause})',
  },
} satisfies Record<
  `HALYARD_ERR_${string}`,
  {
    area: 'boot' | 'wire' | 'testing';
    message: string;
    status?: number;
    closeCode?: number | undefined;
    closeReason?: string;
    frame?: string;
  }
>);

/** Union of every error code Halyard can produce. */
export type HalyardErrorCode = keyof typeof errorTable;

/** A code Halyard answers a client with (an HTTP problem, a WebSocket error frame or close). */
export type WireErrorCode = {
  [K in HalyardErrorCode]: (typeof errorTable)[K]['area'] extends 'wire' ? K : never;
}[HalyardErrorCode];

/** A wire code whose table row has an HTTP status. */
export type StatusErrorCode = {
  [K in WireErrorCode]: (typeof errorTable)[K] extends { status: number } ? K : never;
}[WireErrorCode];

/** The message of `code`, its `{name}` placeholders filled from `params`. */
export function formatMessage(code: HalyardErrorCode, params: ErrorParams = {}): string {
  return formatErrorMessage(errorTable, code, params);
}

/** A wire code whose table row closes the socket with a code and a reason. */
export type ClosingErrorCode = {
  [K in WireErrorCode]: (typeof errorTable)[K] extends { closeCode: number; closeReason: string } ? K : never;
}[WireErrorCode];

/**
 * The close code and reason the socket closes with for `code`, from the table.
 *
 * @example `const { closeCode, reason } = closeOf('HALYARD_ERR_WS_RATE_LIMITED'); // 1008, 'Rate limit exceeded'`
 */
export function closeOf(code: ClosingErrorCode): { readonly closeCode: number; readonly reason: string } {
  const entry = errorTable[code];
  return { closeCode: entry.closeCode, reason: entry.closeReason };
}

/** The HTTP status of a wire code (from the table). */
export function statusOf(code: StatusErrorCode): number {
  return errorTable[code].status;
}

/**
 * A Halyard error with a stable code. Boot errors name the class and member involved.
 *
 * @example
 * ```ts
 * try { await createApp({ controllers: [A, B] }); }
 * catch (err) { if (err instanceof HalyardError && err.code === 'HALYARD_ERR_ROUTE_DUPLICATE') ... }
 * ```
 */
export class HalyardError extends codedErrorClass('HalyardError', errorTable) {}
