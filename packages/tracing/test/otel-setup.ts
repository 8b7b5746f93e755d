import { context, SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
  type ReadableSpan,
} from '@opentelemetry/sdk-trace-base';

// What an app's SDK setup does for context: async work inside a span keeps it as the active one.
context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());

/** A tracer provider whose spans land in memory, as the SDK's own tests do. */
export function memoryTracing(): { provider: BasicTracerProvider; exporter: InMemorySpanExporter } {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  return { provider, exporter };
}

/** A span as the tests compare it: names, kinds, parents and attributes, no timings or random ids. */
export interface SpanView {
  readonly name: string;
  readonly kind: number;
  readonly parent: string | undefined;
  readonly attributes: Record<string, unknown>;
  readonly status: number;
  readonly events: readonly string[];
  readonly links: readonly string[];
}

export function view(span: ReadableSpan, names: ReadonlyMap<string, string> = new Map()): SpanView {
  const parent = span.parentSpanContext?.spanId;
  return {
    name: span.name,
    kind: span.kind,
    parent: parent === undefined ? undefined : (names.get(parent) ?? parent),
    attributes: { ...span.attributes },
    status: span.status.code,
    events: span.events.map((event) => event.name),
    links: span.links.map((link) => `${link.context.traceId}-${link.context.spanId}`),
  };
}

/** The ids of the given spans mapped to their names, for `view`'s parent column. */
export function spanNames(
  spans: readonly ReadableSpan[],
  extra: readonly [string, string][] = [],
): Map<string, string> {
  return new Map([
    ...extra,
    ...spans.map((span): [string, string] => [span.spanContext().spanId, span.name]),
  ]);
}

/** The view of a span whose status is unset and that has no events and no links. */
export function plainView(span: Pick<SpanView, 'name' | 'kind' | 'parent' | 'attributes'>): SpanView {
  return { ...span, status: SpanStatusCode.UNSET, events: [], links: [] };
}

/** The view of a guard span that let the connection through, under `parent`. */
export function passedGuardView(guard: string, parent: string): SpanView {
  return plainView({
    name: `guard ${guard}`,
    kind: SpanKind.INTERNAL,
    parent,
    attributes: { 'halyard.guard': guard, 'halyard.outcome': 'ok' },
  });
}

/** The error attributes of a span ended by a guard's refusal (close 4403 / HTTP 403). */
export const forbidden = {
  'halyard.error.code': 'HALYARD_ERR_FORBIDDEN',
  'error.type': 'HALYARD_ERR_FORBIDDEN',
} as const;

/** The attributes of the span of a guard that refused. */
export const refusedGuardAttributes = (guard: string) => ({
  'halyard.guard': guard,
  'halyard.outcome': 'rejected',
  ...forbidden,
});

/** Finished spans by name; the test waits for the ones it expects (spans end after the frames go out). */
export async function spansNamed(
  exporter: InMemorySpanExporter,
  names: readonly string[],
): Promise<ReadableSpan[]> {
  const deadline = Date.now() + 5_000;
  for (;;) {
    const spans = exporter.getFinishedSpans();
    const found = names.map((name) => spans.find((span) => span.name === name));
    if (found.every((span) => span !== undefined)) return found as ReadableSpan[];
    if (Date.now() > deadline)
      throw new Error(
        `spans ${names.join(', ')} not all finished; have ${spans.map((span) => span.name).join(', ')}`,
      );
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
