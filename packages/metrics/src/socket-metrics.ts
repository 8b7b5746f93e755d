import { performance } from 'node:perf_hooks';
import type { AppDefinition, HubDelivery, MessageObservation, SocketObserver } from '@halyard/core';
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import { frameType } from './frame-type.js';
import { LabelBounds } from './label-bounds.js';
import type { ResolvedMetricsOptions } from './metrics-options.js';

const rateLimited = 'HALYARD_ERR_WS_RATE_LIMITED';
const slowConsumer = 'HALYARD_ERR_WS_SLOW_CONSUMER';

/**
 * Halyard's series in one prom-client registry, fed by a socket observer. Names follow the
 * Prometheus conventions: `halyard_` namespace, base units (seconds, bytes), `_total` counters.
 */
export class SocketMetrics {
  readonly #bounds: LabelBounds;
  readonly #connections: Gauge<'route'>;
  readonly #opened: Counter<'route'>;
  readonly #refused: Counter<'route' | 'reason'>;
  readonly #messages: Counter<'route' | 'type' | 'direction' | 'outcome'>;
  readonly #duration: Histogram<'route' | 'type' | 'outcome'>;
  readonly #bytesIn: Counter<'route'>;
  readonly #bytesOut: Counter<'route'>;
  readonly #errors: Counter<'route' | 'code'>;
  readonly #rateLimited: Counter<'route'>;
  readonly #slowConsumer: Counter<'route' | 'action'>;
  readonly #publishes: Counter<'target'>;
  readonly #fanOut: Histogram<'target'>;
  readonly #lag: Histogram<'target'>;

  constructor(definition: AppDefinition, options: ResolvedMetricsOptions) {
    const registers: Registry[] = [options.registry];
    this.#bounds = new LabelBounds(definition, options.maxCodes);
    this.#connections = new Gauge({
      name: 'halyard_ws_connections',
      help: 'Open WebSocket connections, by route pattern.',
      labelNames: ['route'],
      registers,
    });
    this.#opened = new Counter({
      name: 'halyard_ws_connections_opened_total',
      help: 'WebSocket connections accepted, by route pattern.',
      labelNames: ['route'],
      registers,
    });
    this.#refused = new Counter({
      name: 'halyard_ws_upgrades_refused_total',
      help: 'WebSocket upgrades refused (guards, validation, limits, origin, shutdown), by route and error code.',
      labelNames: ['route', 'reason'],
      registers,
    });
    this.#messages = new Counter({
      name: 'halyard_ws_messages_total',
      help: 'Messages handled (direction="in", outcome ok|rejected|error|closed) and frames sent (direction="out", outcome sent|dropped), by route and type.',
      labelNames: ['route', 'type', 'direction', 'outcome'],
      registers,
    });
    this.#duration = new Histogram({
      name: 'halyard_ws_handler_duration_seconds',
      help: 'Time from a message reaching the dispatcher to its outcome (validation, handler, reply), by route, type and outcome.',
      labelNames: ['route', 'type', 'outcome'],
      buckets: [...options.durationBuckets],
      registers,
    });
    this.#bytesIn = new Counter({
      name: 'halyard_ws_received_bytes_total',
      help: 'Bytes of WebSocket frames received, by route.',
      labelNames: ['route'],
      registers,
    });
    this.#bytesOut = new Counter({
      name: 'halyard_ws_sent_bytes_total',
      help: 'Bytes of WebSocket frames sent, by route.',
      labelNames: ['route'],
      registers,
    });
    this.#errors = new Counter({
      name: 'halyard_ws_errors_total',
      help: 'Error frames sent and closes started by the server, by route and code (refused upgrades are in halyard_ws_upgrades_refused_total).',
      labelNames: ['route', 'code'],
      registers,
    });
    this.#rateLimited = new Counter({
      name: 'halyard_ws_rate_limited_total',
      help: 'Frames refused by the rate limit, by route.',
      labelNames: ['route'],
      registers,
    });
    this.#slowConsumer = new Counter({
      name: 'halyard_ws_slow_consumer_total',
      help: 'Slow-consumer actions: frames dropped (action="drop") and connections closed (action="close"), by route.',
      labelNames: ['route', 'action'],
      registers,
    });
    this.#publishes = new Counter({
      name: 'halyard_hub_publishes_total',
      help: 'Hub publishes (broadcast, room, connection on another instance), by target kind.',
      labelNames: ['target'],
      registers,
    });
    this.#fanOut = new Histogram({
      name: 'halyard_hub_fanout_connections',
      help: 'Local connections one published message was delivered to on this instance, by target kind.',
      labelNames: ['target'],
      buckets: [...options.fanOutBuckets],
      registers,
    });
    this.#lag = new Histogram({
      name: 'halyard_hub_delivery_lag_seconds',
      help: 'Time from a publish on another instance to its delivery here (wall clocks of both hosts), by target kind.',
      labelNames: ['target'],
      buckets: [...options.lagBuckets],
      registers,
    });
    // Series that exist from the start, so a dashboard shows 0 rather than no data.
    for (const route of this.#bounds.routes) {
      this.#connections.set({ route }, 0);
      this.#opened.inc({ route }, 0);
    }
  }

  /** The observer that feeds these series; attach it with `app.halyard.observeSockets`. */
  observer(): SocketObserver {
    const bounds = this.#bounds;
    return {
      opened: (route) => {
        const labels = { route: bounds.route(route) };
        this.#connections.inc(labels);
        this.#opened.inc(labels);
      },
      closed: (route) => this.#connections.dec({ route: bounds.route(route) }),
      refused: (route, code) => this.#refused.inc({ route: bounds.route(route), reason: bounds.code(code) }),
      frameIn: (route, bytes) => this.#bytesIn.inc({ route: bounds.route(route) }, bytes),
      frameOut: (route, frame, bytes) => {
        const label = bounds.route(route);
        this.#bytesOut.inc({ route: label }, bytes);
        this.#messages.inc({
          route: label,
          type: bounds.type(route, frameType(frame)),
          direction: 'out',
          outcome: 'sent',
        });
      },
      dropped: (route) => {
        const label = bounds.route(route);
        this.#slowConsumer.inc({ route: label, action: 'drop' });
        this.#messages.inc({ route: label, type: LabelBounds.other, direction: 'out', outcome: 'dropped' });
      },
      error: (route, code) => {
        const label = bounds.route(route);
        this.#errors.inc({ route: label, code: bounds.code(code) });
        if (code === rateLimited) this.#rateLimited.inc({ route: label });
        else if (code === slowConsumer) this.#slowConsumer.inc({ route: label, action: 'close' });
      },
      message: (message) => this.#message(message.route),
      publish: (publish) => {
        this.#publishes.inc({ target: publish.target });
        return undefined;
      },
      deliver: (delivery) => this.#delivered(delivery),
    };
  }

  #message(route: string): MessageObservation {
    const started = performance.now();
    let type: string | undefined;
    return {
      typed: (envelope) => {
        type = envelope.type;
      },
      end: (outcome) => {
        const labels = { route: this.#bounds.route(route), type: this.#bounds.type(route, type), outcome };
        this.#messages.inc({ ...labels, direction: 'in' });
        this.#duration.observe(labels, (performance.now() - started) / 1000);
      },
    };
  }

  #delivered(delivery: HubDelivery): void {
    this.#fanOut.observe({ target: delivery.target }, delivery.recipients);
    if (delivery.remote && delivery.publishedAt !== undefined)
      this.#lag.observe({ target: delivery.target }, Math.max(0, Date.now() - delivery.publishedAt) / 1000);
  }
}
