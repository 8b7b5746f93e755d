import type { SocketDefinition } from '../definition/app-definition.js';
import { CloseCodes, closeCodeForStatus } from '../ws/close-codes.js';
import type { ResolvedLimits } from '../ws/socket-limits.js';
import { reauthCloseCodes } from './reauth-messages.js';

/**
 * What each exported close code means on a Halyard socket. Keyed by `CloseCodes` names, so a code
 * added there without a meaning here fails the type check instead of going undocumented.
 */
const closeCodeMeanings: Readonly<Record<keyof typeof CloseCodes, string>> = {
  NORMAL: 'Normal closure: `conn.close()` or `hub.disconnect(id)` without a code.',
  GOING_AWAY:
    'The server is shutting down with `restartWindowMs: 0` (`Server shutting down`); reconnect later or elsewhere.',
  PROTOCOL_ERROR:
    'Protocol error: the client broke the WebSocket framing (`ws` detects it; Halyard logs `HALYARD_ERR_WS_PROTOCOL`). Fix the client.',
  POLICY_VIOLATION:
    'Policy violation: `closeAfter` rate-limited messages within `windowMs` (`Rate limit exceeded`), or too many frames or bytes sent before `@OnConnect` finished (`Too many messages before the connection was ready`); do not reconnect automatically.',
  MESSAGE_TOO_BIG: 'A frame exceeded `maxPayload` (`Message too big`).',
  INTERNAL_ERROR: '`@OnConnect` failed unexpectedly, or the close code asked for cannot be sent.',
  SERVICE_RESTART:
    'Service restart: `app.close()` ran (`Service Restart; reconnect within <ms> ms`); reconnect, to any instance, after a uniformly random delay within that window, then resume.',
  TRY_AGAIN_LATER: 'Slow consumer: the send buffer exceeded `sendHighWaterMark` (`Slow consumer`).',
  UNAUTHORIZED:
    'The identity expired and no `$auth` frame replaced it (`Credential expired`), or the upgrade guards refused a `$auth` credential.',
};

/** Codes only a socket with upgrade guards sends. */
const guardedOnly: ReadonlySet<keyof typeof CloseCodes> = new Set(['UNAUTHORIZED']);

/** The upgrade checks that can refuse a connection on this socket, as `[status, meaning]`. */
function refusals(
  socket: SocketDefinition,
  limits: ResolvedLimits,
  validated: boolean,
): Array<[number, string]> {
  const guarded = socket.guards.length > 0;
  const originChecked = !limits.allowedOrigins.includes('*');
  const forbidden = [
    ...(guarded ? ['a guard denied access'] : []),
    ...(originChecked ? ['the `Origin` is not allowed'] : []),
  ];
  return [
    ...(validated
      ? [[400, 'the path, query or headers of the upgrade failed validation'] as [number, string]]
      : []),
    ...(guarded ? [[401, 'a guard requires credentials'] as [number, string]] : []),
    ...(forbidden.length > 0 ? [[403, forbidden.join(', or ')] as [number, string]] : []),
    // Capacity refusals (503) are answered over HTTP before the upgrade even then: no close code.
  ];
}

/**
 * `x-halyard-close-codes` of one channel: every close code the server may send on it, with its
 * meaning. With `refuseWith: 'close'` the upgrade refusals (`4000 + status`) join the list, since
 * a browser then sees them instead of 1006.
 *
 * @example `closeCodesFor(socket, limits, true)['4401'] // 'Upgrade refused: a guard requires credentials.'`
 */
export function closeCodesFor(
  socket: SocketDefinition,
  limits: ResolvedLimits,
  validated: boolean,
): Record<string, string> {
  const guarded = socket.guards.length > 0;
  const meanings = new Map<number, string>();
  for (const name of Object.keys(CloseCodes) as Array<keyof typeof CloseCodes>)
    if (guarded || !guardedOnly.has(name)) meanings.set(CloseCodes[name], closeCodeMeanings[name]);
  // A guarded socket understands `$auth`, whose refusals close it.
  if (guarded)
    for (const [code, meaning] of reauthCloseCodes) {
      const known = meanings.get(code);
      meanings.set(code, known ? `${known} ${meaning}` : meaning);
    }
  if (limits.refuseWith === 'close')
    for (const [status, meaning] of refusals(socket, limits, validated)) {
      const code = closeCodeForStatus(status);
      const refused = `Upgrade refused (HTTP ${status}): ${meaning}.`;
      const known = meanings.get(code);
      meanings.set(code, known ? `${refused} Later: ${known}` : refused);
    }
  const entries = [...meanings].sort(([a], [b]) => a - b);
  return Object.fromEntries(entries.map(([code, meaning]) => [String(code), meaning]));
}
