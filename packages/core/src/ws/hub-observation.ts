import type { BroadcastAdapter, OutboundMessage } from './broadcast-adapter.js';
import type { SocketObservers } from './socket-observers.js';

/** Messages published by this hub, so their local delivery is not mistaken for one from the bus. */
const localPublishes = new WeakSet<OutboundMessage>();

/**
 * A hub publish while observers are attached: they may add trace context to the message (which
 * the adapter carries to other instances) and learn when the adapter has taken it.
 */
export async function observedPublish(
  observers: SocketObservers,
  adapter: BroadcastAdapter,
  publish: { readonly message: OutboundMessage; readonly type: string },
): Promise<void> {
  const { message, type } = publish;
  const observation = observers.publish({ target: message.target.kind, type });
  const carried: OutboundMessage = {
    ...message,
    publishedAt: Date.now(),
    ...(observation?.traceparent !== undefined && { traceparent: observation.traceparent }),
    ...(observation?.tracestate !== undefined && { tracestate: observation.tracestate }),
  };
  // This object is what the adapter hands back for local delivery; a message from another
  // instance is a new object, decoded from the bus.
  localPublishes.add(carried);
  if (!observation) return adapter.publish(carried);
  try {
    await adapter.publish(carried);
    observation.end();
  } catch (error) {
    observation.end(error);
    throw error;
  }
}

/** A delivery to this instance's connections, reported with its fan-out and its bus metadata. */
export function observedDelivery(
  observers: SocketObservers,
  message: OutboundMessage,
  send: () => number,
): void {
  const recipients = send();
  const remote = !localPublishes.has(message);
  observers.deliver({
    target: message.target.kind,
    recipients,
    remote,
    ...(remote && message.publishedAt !== undefined && { publishedAt: message.publishedAt }),
    ...(message.traceparent !== undefined && { traceparent: message.traceparent }),
    ...(message.tracestate !== undefined && { tracestate: message.tracestate }),
  });
}
