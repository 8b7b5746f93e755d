/**
 * Codes of the errors the client itself raises. Error frames from the server keep the server's
 * code (`HALYARD_ERR_VALIDATION`, your own `HttpError` codes, ...). `docs/client.md` lists the
 * same codes; a test keeps the two in step.
 */
export const clientErrorCodes = Object.freeze([
  'HALYARD_ERR_CLIENT_TIMEOUT',
  'HALYARD_ERR_CLIENT_CLOSED',
  'HALYARD_ERR_CLIENT_QUEUE_FULL',
  'HALYARD_ERR_CLIENT_FRAME_REFUSED',
  'HALYARD_ERR_CLIENT_RESEND_LIMIT',
  'HALYARD_ERR_CLIENT_TRANSPORT',
  'HALYARD_ERR_CLIENT_UPGRADE_REFUSED',
  'HALYARD_ERR_CLIENT_BAD_FRAME',
  'HALYARD_ERR_CLIENT_HANDLER_FAILED',
  'HALYARD_ERR_CLIENT_NO_WEBSOCKET',
  'HALYARD_ERR_CLIENT_AUTH_FAILED',
  'HALYARD_ERR_CLIENT_NO_HANDLER',
  'HALYARD_ERR_CLIENT_CONTRACT',
] as const);

/** A code the client raises; see `clientErrorCodes`. */
export type ClientErrorCode = (typeof clientErrorCodes)[number];

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

  constructor(
    code: ClientErrorCode | (string & {}),
    message: string,
    options: { readonly details?: unknown; readonly errorsOmitted?: number; readonly cause?: unknown } = {},
  ) {
    super(message, 'cause' in options ? { cause: options.cause } : undefined);
    this.code = code;
    this.details = options.details;
    this.errorsOmitted = options.errorsOmitted;
  }
}
