import type { MessageObservation } from '@halyard/core';
import { context, SpanKind, trace, type Context, type Tracer } from '@opentelemetry/api';
import { finish } from './span-outcome.js';

/**
 * `guard <Name>`: one upgrade guard's `canActivate`, under the upgrade's or a `$auth`'s span.
 * Guards do I/O (a token lookup, a session store), so they run inside their span and their own
 * instrumentation's spans nest under it.
 */
export function guardSpan(tracer: Tracer, parent: Context, name: string): MessageObservation {
  const span = tracer.startSpan(
    `guard ${name}`,
    { kind: SpanKind.INTERNAL, attributes: { 'halyard.guard': name } },
    parent,
  );
  const active = trace.setSpan(parent, span);
  return {
    run: (work) => context.with(active, work),
    end: (outcome, code) => finish(span, outcome, code),
  };
}
