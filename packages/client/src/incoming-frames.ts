import type { ClientEvents } from './client-events.js';
import { clientError, HalyardClientError } from './errors.js';
import type { Heartbeat } from './heartbeat.js';
import type { PendingRequests } from './pending-requests.js';
import type { RoomPositions } from './room-positions.js';
import type { ServerAsk } from './request-handlers.js';
import { decodeFrame } from './wire-frames.js';

/** What a frame from the server can settle or notify. */
export interface FrameTargets {
  readonly heartbeat: Heartbeat;
  readonly pending: PendingRequests;
  readonly events: ClientEvents;
  /** Stream rooms: positions, resume and reset (room-positions.ts). */
  readonly positions: RoomPositions;
  /** The server's `$expiring` warning arrived (it reaches `on('$expiring')` handlers too). */
  readonly expiring: () => void;
  /** The server asked (`conn.ask()`): answer it from an `onRequest` handler. */
  readonly ask: (request: ServerAsk) => void;
}

/** Handles one frame from the server: a pong, a reply, an error, a push or a server request. */
export function receiveFrame(data: unknown, to: FrameTargets): void {
  const frame = decodeFrame(data);
  if (!frame) {
    reportBadFrame(data, to.events);
    return;
  }
  switch (frame.kind) {
    case 'pong':
      // Only the heartbeat's business: its arrival already counted as a sign of life.
      if (!to.heartbeat.owns(frame.id)) reportBadFrame(data, to.events);
      return;
    case 'reply':
      // No waiter: the request timed out, or a handler answered a fire-and-forget send.
      if (frame.id !== undefined) to.pending.take(String(frame.id))?.resolve(frame.data);
      return;
    case 'error': {
      // A server without `$ping` answers it with an unknown-type error: still a sign of life.
      if (to.heartbeat.owns(frame.id)) return;
      const { code, message, details, errorsOmitted } = frame.error;
      const error = new HalyardClientError(code, message, {
        details,
        ...(typeof errorsOmitted === 'number' && { errorsOmitted }),
      });
      const request = frame.id === undefined ? undefined : to.pending.take(String(frame.id));
      if (request) request.reject(error);
      else to.events.emit('error', error);
      return;
    }
    case 'push':
      if (to.positions.take(frame)) return;
      if (frame.event === '$expiring') to.expiring();
      to.events.push(frame.event, frame.data);
      return;
    case 'ask':
      to.ask(frame);
      return;
    default:
      return frame satisfies never;
  }
}

function reportBadFrame(data: unknown, events: ClientEvents): void {
  const text = typeof data === 'string' ? data.slice(0, 200) : `(${typeof data})`;
  events.emit('error', clientError('HALYARD_ERR_CLIENT_BAD_FRAME', {}, { details: { frame: text } }));
}
