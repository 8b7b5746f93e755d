import { clientError, type HalyardClientError } from './errors.js';
import type { SocketEnd } from './transport.js';

/** How a socket ended, as the client reports it (status changes, `HALYARD_ERR_CLIENT_CLOSED`). */
export interface ClientEnd {
  readonly code: number;
  readonly reason: string;
  readonly httpStatus?: number;
}

/** Throws a `RangeError` unless `close(code, reason)` is something a client may send. */
export function checkCloseArguments(code: number, reason: string): void {
  if (code !== 1000 && !(Number.isInteger(code) && code >= 3000 && code <= 4999))
    throw new RangeError(`close code ${code} is not 1000 or 3000-4999`);
  if (new TextEncoder().encode(reason).length > 123) throw new RangeError('close reason is over 123 bytes');
}

/**
 * A refused upgrade becomes close code `4000 + status`, with `refused`, the error to report once
 * with the server's answer; any other end is kept as it is.
 */
export function translateEnd(end: SocketEnd): { end: ClientEnd; refused?: HalyardClientError } {
  if (end.httpStatus === undefined) return { end: { code: end.code, reason: end.reason } };
  const status = end.httpStatus;
  const body = end.httpBody as { detail?: unknown } | string | undefined;
  const detail = typeof body === 'object' && typeof body?.detail === 'string' ? `: ${body.detail}` : '';
  const reason = `HTTP ${status}${detail}`;
  const refused = clientError(
    'HALYARD_ERR_CLIENT_UPGRADE_REFUSED',
    { reason },
    { details: { status, body: end.httpBody } },
  );
  return { end: { code: 4000 + status, reason, httpStatus: status }, refused };
}
