import { HttpError } from '../http/http-error.js';
import { WsCloseError } from './close-codes.js';
import type { Connection } from './connection.js';
import type { MessageObservation, ObservedEnvelope } from './socket-observer.js';
import type { SocketObservers } from './socket-observers.js';
import type { IncomingEnvelope } from './wire-protocol.js';

/** Starts the observers' view of one incoming frame (only called while observers are attached). */
export function observeMessage(
  observers: SocketObservers,
  frame: { readonly route: string; readonly connection: Connection; readonly text: string },
): MessageObservation | undefined {
  const { route, connection, text } = frame;
  return observers.message({ route, connectionId: connection.id, bytes: Buffer.byteLength(text) });
}

/** The envelope fields observers read; the client's trace context is passed on as strings only. */
export function observedEnvelope(envelope: IncomingEnvelope, type: string | undefined): ObservedEnvelope {
  return { type, id: envelope.id, traceparent: envelope.traceparent, tracestate: envelope.tracestate };
}

/** Ends an observation with the outcome a handler's (or validator's) throw leads to. */
export function outcomeOf(seen: MessageObservation, error: unknown): void {
  if (error instanceof HttpError) seen.end('rejected', error.code);
  else if (error instanceof WsCloseError) seen.end('closed', `CLOSE_${error.code}`);
  else seen.end('error', 'HALYARD_ERR_INTERNAL');
}
