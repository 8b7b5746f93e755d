import type { ArrivingUpgrade, MessageObservation, MessageOutcome, UpgradeObservation } from '@halyard/core';
import { context, SpanKind, trace, type Context, type Span, type Tracer } from '@opentelemetry/api';
import { guardSpan } from './guard-span.js';
import { upgradeParent } from './http-span.js';
import { finish } from './span-outcome.js';

/**
 * `upgrade <route>`: the checks of a WebSocket upgrade and its handshake, until the connection is
 * open (after `@OnConnect`, whose span is its child). Each guard is a child span, because guards
 * do I/O (a token lookup, a session store) that its own instrumentation nests under it; validation
 * runs in-process and is an event. A refusal ends the span with its code.
 */
export class UpgradeSpan implements UpgradeObservation {
  readonly #tracer: Tracer;
  readonly #span: Span;
  readonly #context: Context;
  readonly #fastifySpan: Span | undefined;

  constructor(tracer: Tracer, upgrade: ArrivingUpgrade) {
    this.#tracer = tracer;
    const { parent, server, fastifySpan } = upgradeParent(upgrade.request);
    this.#fastifySpan = fastifySpan;
    this.#span = tracer.startSpan(
      `upgrade ${upgrade.route}`,
      {
        kind: server ? SpanKind.SERVER : SpanKind.INTERNAL,
        attributes: {
          'halyard.route': upgrade.route,
          'halyard.handler': upgrade.handler,
          'network.protocol.name': 'websocket',
        },
      },
      parent,
    );
    this.#context = trace.setSpan(parent, this.#span);
  }

  guard(name: string): MessageObservation {
    return guardSpan(this.#tracer, this.#context, name);
  }

  validated(errors: number): void {
    if (errors === 0) this.#span.addEvent('halyard.validation.passed');
    else this.#span.addEvent('halyard.validation.failed', { 'halyard.validation.errors': errors });
  }

  run<T>(work: () => T): T {
    return context.with(this.#context, work);
  }

  /**
   * The 101 went out, for an accepted upgrade or a refusal answered by a close frame
   * (`refuseWith: 'close'`): no HTTP response follows, so @fastify/otel would never end its
   * request span, and an unended span is never exported.
   */
  upgraded(): void {
    const request = this.#fastifySpan;
    if (!request?.isRecording()) return;
    request.setAttribute('http.response.status_code', 101);
    request.end();
  }

  end(outcome: MessageOutcome, code?: string): void {
    finish(this.#span, outcome, code);
    // A refusal answered over HTTP is a response that @fastify/otel ends itself; a handshake that
    // died before the 101 sends none, so its request span is ended here.
    const request = this.#fastifySpan;
    if (outcome === 'rejected' || outcome === 'error' || !request?.isRecording()) return;
    request.end();
  }
}
