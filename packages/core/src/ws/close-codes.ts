import { errorTable } from '../errors.js';

/**
 * Close codes Halyard uses. 1xxx are RFC 6455; 4xxx are Halyard's: `4000 + HTTP status` for an
 * `HttpError` thrown by `@OnConnect` (4401 unauthorized, 4403 forbidden, ...).
 */
export const CloseCodes = Object.freeze({
  NORMAL: 1000,
  GOING_AWAY: 1001,
  PROTOCOL_ERROR: 1002,
  POLICY_VIOLATION: 1008,
  MESSAGE_TOO_BIG: 1009,
  INTERNAL_ERROR: 1011,
  /** `app.close()`: the reason carries the window to reconnect within (`restartWindowMs`). */
  SERVICE_RESTART: 1012,
  TRY_AGAIN_LATER: 1013,
  /** On a guarded socket: the identity expired with no `$auth`, or a `$auth` credential was refused. */
  UNAUTHORIZED: 4401,
});

/** Close codes a client must not reconnect after: the same attempt would be refused again. */
export const doNotRetryCloseCodes: readonly number[] = [1008, 4400, 4401, 4403, 4404];

/**
 * The close `app.close()` sends every socket: 1012 with the window clients spread their reconnects
 * over, or 1001 without a hint when the window is 0.
 *
 * @example `shutdownClose(5000) // { code: 1012, reason: 'Service Restart; reconnect within 5000 ms' }`
 */
export function shutdownClose(restartWindowMs: number): { readonly code: number; readonly reason: string } {
  if (restartWindowMs === 0) return { code: CloseCodes.GOING_AWAY, reason: 'Server shutting down' };
  const { closeCode, closeReason: reason } = errorTable.HALYARD_ERR_WS_SHUTTING_DOWN;
  return { code: closeCode, reason: `${reason}; reconnect within ${restartWindowMs} ms` };
}

/** Codes an endpoint may send (RFC 6455 7.4): 1000-1003, 1007-1014, and 3000-4999. */
export function isSendableCloseCode(code: number): boolean {
  return (
    Number.isInteger(code) &&
    ((code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) || (code >= 3000 && code <= 4999))
  );
}

/** A close reason cut to the 123 bytes a close frame allows, without splitting a character. */
export function closeReason(reason: string): string {
  if (Buffer.byteLength(reason) <= 123) return reason;
  let cut = reason.slice(0, 123);
  while (Buffer.byteLength(cut) > 123) cut = cut.slice(0, -1);
  return cut;
}

export function closeCodeForStatus(status: number): number {
  return 4000 + Math.min(Math.max(status, 400), 599);
}

/**
 * Thrown from a socket handler (or `@OnConnect`) to close the connection with a specific code.
 *
 * @example `throw new WsCloseError(4403, 'Room is private')`
 */
export class WsCloseError extends Error {
  override name = 'WsCloseError';
  constructor(
    readonly code: number,
    readonly reason = '',
  ) {
    super(`closing with ${code}${reason ? `: ${reason}` : ''}`);
  }
}
