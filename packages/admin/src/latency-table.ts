import { performance } from 'node:perf_hooks';
import {
  frameTypesByRoute,
  type AppDefinition,
  type MessageObservation,
  type MessageOutcome,
  type ObservedEnvelope,
  type SocketObserver,
} from '@halyard/core';
import { LatencyHistogram, latencyBucketsMs } from './latency-histogram.js';

/** Handler-duration percentiles of one route and message type, as `GET latency` and the page show them. */
export interface LatencyView {
  /** The route pattern (`/game/:roomId`), or `other`. */
  readonly route: string;
  /** A type the route declares, a protocol type (`$ping`), or `other`. */
  readonly type: string;
  /** Messages measured since the app started. */
  readonly count: number;
  /** How those messages ended: `ok`, `rejected` (a coded error frame), `error` (a server fault), `closed`. */
  readonly outcomes: Readonly<Record<MessageOutcome, number>>;
  /** Milliseconds, estimated from the buckets as `histogram_quantile` does (to the microsecond). */
  readonly p50Ms: number;
  readonly p95Ms: number;
  readonly p99Ms: number;
}

/** What the page and `GET latency` receive: the bucket bounds, then one row per route and type. */
export interface LatencyReport {
  readonly bucketsMs: readonly number[];
  readonly rows: readonly LatencyView[];
}

const other = 'other';
const otherKey = `${other}\n${other}`;
/** A guard on the number of rows; the definition already bounds them (routes × declared types). */
export const maxLatencyKeys = 1_000;

interface Row {
  readonly route: string;
  readonly type: string;
  readonly histogram: LatencyHistogram;
  readonly outcomes: Record<MessageOutcome, number>;
}

const round = (ms: number | null): number => Math.round((ms ?? 0) * 1_000) / 1_000;

/**
 * Handler durations per route pattern and declared message type, in fixed buckets, fed by a socket
 * observer from the moment the admin panel is registered. The label values are bounded as the
 * metrics' are: a type the route does not declare, or a frame that was no envelope, is `other`.
 */
export class LatencyTable {
  readonly #types: ReadonlyMap<string, ReadonlySet<string>>;
  readonly #rows = new Map<string, Row>();

  constructor(definition: AppDefinition) {
    // The same bounds as `@halyard/metrics`' labels.
    this.#types = frameTypesByRoute(definition);
  }

  /** The observer to attach with `app.halyard.observeSockets`. */
  observer(): SocketObserver {
    return { message: ({ route }) => new Measurement(this, route) };
  }

  record(route: string, type: string | undefined, sample: { outcome: MessageOutcome; ms: number }): void {
    const types = this.#types.get(route);
    const routeLabel = types ? route : other;
    const typeLabel = type !== undefined && types?.has(type) ? type : other;
    const row = this.#row(`${routeLabel}\n${typeLabel}`, routeLabel, typeLabel);
    row.histogram.record(sample.ms);
    row.outcomes[sample.outcome]++;
  }

  report(): LatencyReport {
    const rows = [...this.#rows.values()]
      .sort((a, b) => (a.route === b.route ? compare(a.type, b.type) : compare(a.route, b.route)))
      .map(({ route, type, histogram, outcomes }): LatencyView => ({
        route,
        type,
        count: histogram.count,
        outcomes: { ...outcomes },
        p50Ms: round(histogram.quantile(0.5)),
        p95Ms: round(histogram.quantile(0.95)),
        p99Ms: round(histogram.quantile(0.99)),
      }));
    return { bucketsMs: latencyBucketsMs, rows };
  }

  #row(key: string, route: string, type: string): Row {
    let row = this.#rows.get(key);
    if (row) return row;
    if (this.#rows.size >= maxLatencyKeys && key !== otherKey) return this.#row(otherKey, other, other);
    row = {
      route,
      type,
      histogram: new LatencyHistogram(latencyBucketsMs),
      outcomes: { ok: 0, rejected: 0, error: 0, closed: 0 },
    };
    this.#rows.set(key, row);
    return row;
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** One message, from the dispatcher to its outcome (the span `halyard_ws_handler_duration_seconds` measures). */
class Measurement implements MessageObservation {
  readonly #table: LatencyTable;
  readonly #route: string;
  readonly #started = performance.now();
  #type: string | undefined;

  constructor(table: LatencyTable, route: string) {
    this.#table = table;
    this.#route = route;
  }

  typed(envelope: ObservedEnvelope): void {
    this.#type = envelope.type;
  }

  end(outcome: MessageOutcome): void {
    this.#table.record(this.#route, this.#type, { outcome, ms: performance.now() - this.#started });
  }
}
