import type { GuardedObservation, MessageObservation, MessageOutcome, ReauthRun } from '@halyard/core';
import { context, SpanKind, trace, type Context, type Span, type Tracer } from '@opentelemetry/api';
import { guardSpan } from './guard-span.js';
import { finish } from './span-outcome.js';

/**
 * `reauth <route>`: a `$auth` frame's credential checked by the route's upgrade guards again, one
 * `guard <Name>` child each, as on the upgrade. Its parent is the frame's `process $auth` span,
 * which ends when the frame was accepted for checking; this one ends with the check's outcome
 * (`ok`, or the refusal's code, after which the socket closes).
 */
export class ReauthSpan implements GuardedObservation {
  readonly #tracer: Tracer;
  readonly #span: Span;
  readonly #context: Context;

  constructor(tracer: Tracer, reauth: ReauthRun) {
    this.#tracer = tracer;
    const parent = context.active();
    this.#span = tracer.startSpan(
      `reauth ${reauth.route}`,
      {
        kind: SpanKind.INTERNAL,
        attributes: {
          'halyard.route': reauth.route,
          'halyard.handler': reauth.handler,
          'halyard.connection.id': reauth.connectionId,
        },
      },
      parent,
    );
    this.#context = trace.setSpan(parent, this.#span);
  }

  guard(name: string): MessageObservation {
    return guardSpan(this.#tracer, this.#context, name);
  }

  run<T>(work: () => T): T {
    return context.with(this.#context, work);
  }

  end(outcome: MessageOutcome, code?: string): void {
    finish(this.#span, outcome, code);
  }
}
