import type {
  ArrivingMessage,
  HubDelivery,
  HubPublish,
  LifecycleRun,
  MessageOutcome,
  MessageObservation,
  ObservedEnvelope,
  PublishObservation,
  SocketObserver,
} from '@halyard/core';
import {
  context,
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
  type Context,
  type Span,
  type Tracer,
} from '@opentelemetry/api';
import { finish, now } from './span-outcome.js';
import { contextFrom, remoteSpanContext, traceFields } from './trace-context.js';
import { ReauthSpan } from './reauth-span.js';
import { UpgradeSpan } from './upgrade-span.js';

/** Attributes every Halyard messaging span carries (OpenTelemetry messaging conventions). */
function messagingAttributes(route: string, operation: 'process' | 'publish' | 'receive'): Attributes {
  return {
    'messaging.system': 'halyard',
    'messaging.operation.type': operation,
    'messaging.operation.name': operation,
    'messaging.destination.name': route,
    'messaging.destination.template': route,
    'network.protocol.name': 'websocket',
  };
}

/**
 * The socket observer that makes OpenTelemetry spans: `upgrade <route>` with a child span per
 * guard (and `reauth <route>` with the same children per `$auth`), `process <type>` per handled message
 * (continuing the client's `traceparent`), `@OnConnect` / `@OnDisconnect`, `publish <type>` per
 * hub publish (its context travels on the bus) and `deliver <target>` per delivery, linked to the
 * publish when it came from another instance. With no SDK registered the API's no-op tracer
 * answers every call.
 */
export function socketTracer(tracer: Tracer): SocketObserver {
  return {
    message: (message) => new MessageSpan(tracer, message),
    lifecycle: (hook) => lifecycleSpan(tracer, hook),
    publish: (publish) => publishSpan(tracer, publish),
    deliver: (delivery) => deliverSpan(tracer, delivery),
    upgrade: (upgrade) => new UpgradeSpan(tracer, upgrade),
    reauth: (reauth) => new ReauthSpan(tracer, reauth),
  };
}

class MessageSpan implements MessageObservation {
  readonly #tracer: Tracer;
  readonly #message: ArrivingMessage;
  readonly #startTime = now();
  #span: Span | undefined;
  #context: Context | undefined;

  constructor(tracer: Tracer, message: ArrivingMessage) {
    this.#tracer = tracer;
    this.#message = message;
  }

  typed(envelope: ObservedEnvelope): void {
    this.#start(envelope);
  }

  run<T>(work: () => T): T {
    return this.#context ? context.with(this.#context, work) : work();
  }

  end(outcome: MessageOutcome, code?: string): void {
    // A frame that never became an envelope (not JSON, not an object) still gets its span.
    const span = this.#span ?? this.#start(undefined);
    finish(span, outcome, code);
  }

  #start(envelope: ObservedEnvelope | undefined): Span {
    const { route, connectionId, bytes } = this.#message;
    const type = envelope?.type;
    const remote = remoteSpanContext(envelope?.traceparent, envelope?.tracestate);
    const parent = contextFrom(context.active(), remote);
    const attributes: Attributes = {
      ...messagingAttributes(route, 'process'),
      'messaging.message.body.size': bytes,
      'halyard.route': route,
      'halyard.connection.id': connectionId,
      ...(type !== undefined && { 'halyard.message.type': type }),
      ...(envelope?.id !== undefined && { 'messaging.message.id': String(envelope.id) }),
    };
    const span = this.#tracer.startSpan(
      `process ${type ?? route}`,
      { kind: SpanKind.CONSUMER, startTime: this.#startTime, attributes },
      parent,
    );
    this.#span = span;
    this.#context = trace.setSpan(parent, span);
    return span;
  }
}

function lifecycleSpan(tracer: Tracer, hook: LifecycleRun): MessageObservation {
  const name = hook.hook === 'connect' ? 'OnConnect' : 'OnDisconnect';
  const span = tracer.startSpan(`${name} ${hook.route}`, {
    kind: SpanKind.INTERNAL,
    attributes: {
      'halyard.route': hook.route,
      'halyard.connection.id': hook.connectionId,
      'halyard.hook': name,
    },
  });
  const active = trace.setSpan(context.active(), span);
  return {
    run: (work) => context.with(active, work),
    end: (outcome, code) => finish(span, outcome, code),
  };
}

function publishSpan(tracer: Tracer, publish: HubPublish): PublishObservation {
  const span = tracer.startSpan(`publish ${publish.type}`, {
    kind: SpanKind.PRODUCER,
    attributes: {
      ...messagingAttributes(publish.target, 'publish'),
      'halyard.message.type': publish.type,
      'halyard.target': publish.target,
    },
  });
  const fields = traceFields(span.spanContext());
  return {
    ...fields,
    end: (error) => {
      if (error !== undefined) {
        span.recordException(error instanceof Error ? error : String(error));
        span.setStatus({
          code: SpanStatusCode.ERROR,
          message: error instanceof Error ? error.message : String(error),
        });
      }
      span.end();
    },
  };
}

function deliverSpan(tracer: Tracer, delivery: HubDelivery): void {
  const publisher = delivery.remote
    ? remoteSpanContext(delivery.traceparent, delivery.tracestate)
    : undefined;
  const attributes: Attributes = {
    ...messagingAttributes(delivery.target, 'receive'),
    'halyard.target': delivery.target,
    'halyard.delivery.remote': delivery.remote,
    'halyard.fanout.recipients': delivery.recipients,
  };
  // A delivery from another instance starts its own trace here, linked to the publish (the
  // messaging conventions' choice for fan-out); a local one is part of the publishing handler's.
  const span = tracer.startSpan(
    `deliver ${delivery.target}`,
    {
      kind: SpanKind.CONSUMER,
      attributes,
      ...(publisher && { links: [{ context: publisher }], root: true }),
    },
    context.active(),
  );
  span.end();
}
