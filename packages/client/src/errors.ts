/**
 * Every error the client itself raises: its stable code and its message template, `{name}`
 * replaced by the `name` param; the shape of every Halyard package's error table
 * (`@halyard/core/error-table`; test/client-contract.test.ts checks it against that type, so the
 * client's build imports nothing of core). Error frames from the server keep the server's code and message
 * (`HALYARD_ERR_VALIDATION`, your own `HttpError` codes, ...). `docs/client.md` lists the same
 * codes in the same order; a test keeps the two in step. A code is never reused.
 *
 * @example `clientErrorTable.HALYARD_ERR_CLIENT_TIMEOUT.message` // 'No reply to "{type}" (id {id}) within {timeoutMs} ms'
 */
export const clientErrorTable = {
  HALYARD_ERR_CLIENT_TIMEOUT: { message: 'No reply to "{type}" (id {id}) within {timeoutMs} ms' },
  HALYARD_ERR_CLIENT_CLOSED: { message: 'The client is closed ({cause}, {close})' },
  HALYARD_ERR_CLIENT_QUEUE_FULL: { message: `"{type}" {outcome} ({max} messages, overflow '{overflow}')` },
  HALYARD_ERR_CLIENT_FRAME_REFUSED: {
    message: '"{type}" (id {id}) is not re-sent: the server closed with {code} after it',
  },
  HALYARD_ERR_CLIENT_RESEND_LIMIT: {
    message: '"{type}" (id {id}) is not re-sent: already re-sent {resends} times (maxResends)',
  },
  HALYARD_ERR_CLIENT_TRANSPORT: { message: '{detail}' },
  HALYARD_ERR_CLIENT_UPGRADE_REFUSED: { message: 'The server refused the WebSocket upgrade with {reason}' },
  HALYARD_ERR_CLIENT_BAD_FRAME: { message: 'The server sent a frame that is not a Halyard frame' },
  HALYARD_ERR_CLIENT_HANDLER_FAILED: { message: 'A handler threw: {message}' },
  HALYARD_ERR_CLIENT_NO_WEBSOCKET: {
    message: 'No global WebSocket and the "ws" package failed to load: install ws or pass options.WebSocket',
  },
  HALYARD_ERR_CLIENT_AUTH_FAILED: { message: '{detail}' },
  HALYARD_ERR_CLIENT_NO_HANDLER: { message: 'No onRequest handler for "{type}"' },
  HALYARD_ERR_CLIENT_CONTRACT: { message: '{detail}' },
} as const;

/** A code the client raises; see `clientErrorTable`. */
export type ClientErrorCode = keyof typeof clientErrorTable;

/** The codes of `clientErrorTable`, in its order. */
export const clientErrorCodes: readonly ClientErrorCode[] = Object.freeze(
  Object.keys(clientErrorTable) as ClientErrorCode[],
);

/** Values substituted into a message template. */
export type ClientErrorParams = Readonly<Record<string, string | number>>;

/** What a `HalyardClientError` carries besides its code and message. */
export interface ClientErrorOptions {
  readonly details?: unknown;
  readonly errorsOmitted?: number;
  readonly cause?: unknown;
}

/**
 * Every error the client reports or rejects with: a server error frame (its `code`, `message` and
 * `details`), or one of the client's own (`ClientErrorCode`).
 *
 * @example
 * ```ts
 * try { await game.request('move', { x: 9, y: 0 }); }
 * catch (error) {
 *   if (error instanceof HalyardClientError && error.code === 'HALYARD_ERR_VALIDATION') showErrors(error.details);
 * }
 * ```
 */
export class HalyardClientError extends Error {
  override name = 'HalyardClientError';
  /** The server's code for an error frame, or a `ClientErrorCode`. */
  readonly code: ClientErrorCode | (string & {});
  /** The server's `details` (e.g. field errors), or facts about a client error. */
  readonly details: unknown;
  /**
   * Set when the server listed only the first 100 field errors in `details`: how many it left
   * out (docs/errors.md, "Bounded errors").
   */
  readonly errorsOmitted: number | undefined;

  constructor(code: ClientErrorCode | (string & {}), message: string, options: ClientErrorOptions = {}) {
    super(message, 'cause' in options ? { cause: options.cause } : undefined);
    this.code = code;
    this.details = options.details;
    this.errorsOmitted = options.errorsOmitted;
  }
}

/**
 * The error of `code`, its message built from `clientErrorTable` (`{name}` replaced by the `name`
 * param, unknown ones kept), the way `formatErrorMessage` of `@halyard/core/error-table` does;
 * a local copy, so the client imports no server code.
 */
export function clientError(
  code: ClientErrorCode,
  params: ClientErrorParams = {},
  options?: ClientErrorOptions,
): HalyardClientError {
  const message = clientErrorTable[code].message.replace(/\{(\w+)\}/g, (whole, key: string) =>
    key in params ? String(params[key]) : whole,
  );
  return new HalyardClientError(code, message, options);
}
