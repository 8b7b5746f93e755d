import type { FastifyRequest } from 'fastify';

/**
 * How a handled message ended: `ok` (answered or done), `rejected` (the client's fault: a coded
 * error frame such as a validation failure or an `HttpError` from the handler), `error` (the
 * server's fault: `HALYARD_ERR_INTERNAL`) or `closed` (the handler closed the connection).
 */
export type MessageOutcome = 'ok' | 'rejected' | 'error' | 'closed';

/** One incoming message, from its arrival at the dispatcher until its outcome is known. */
export interface MessageObservation {
  /** The envelope was read (not called for a frame that is not JSON or not an envelope). */
  typed?(envelope: ObservedEnvelope): void;
  /** Runs the handler (and its validation) inside the observation, e.g. in a trace context. */
  run?<T>(work: () => T): T;
  /** Called exactly once; `code` is the error frame's or close's code when there is one. */
  end(outcome: MessageOutcome, code?: string): void;
}

/** The envelope fields an observer may use; `type` is the handler's declared type when one matched. */
export interface ObservedEnvelope {
  readonly type: string | undefined;
  readonly id: string | number | undefined;
  /** W3C trace context the client sent (`traceparent` / `tracestate` envelope fields). */
  readonly traceparent: string | undefined;
  readonly tracestate: string | undefined;
}

/** A frame that reached the dispatcher (its size and rate were accepted). */
export interface ArrivingMessage {
  readonly route: string;
  readonly connectionId: string;
  readonly bytes: number;
}

/**
 * What the WebSocket runtime reports, for metrics and tracing add-ons (`@halyard/metrics`).
 * Every method is optional; while no observer is attached the runtime builds nothing for them.
 * An observer must be cheap and must not throw: a throw is logged once per observer and method.
 *
 * @example
 * ```ts
 * const stop = app.halyard.observeSockets({ opened: (route) => gauge.inc({ route }) });
 * ```
 */
export interface SocketObserver {
  opened?(route: string): void;
  closed?(route: string): void;
  /** An upgrade refused before or right after the handshake, with its error code. */
  refused?(route: string, code: string): void;
  frameIn?(route: string, bytes: number): void;
  /** A frame written to a socket; `frame` is the JSON text (or its UTF-8 bytes). */
  frameOut?(route: string, frame: string | Buffer, bytes: number): void;
  /** A frame not sent because the receiver was a slow consumer under `slowConsumer: 'drop'`. */
  dropped?(route: string): void;
  /** An error frame sent, a refusal, or a close the server started, with its code. */
  error?(route: string, code: string): void;
  /** A message reached the dispatcher; return an observation to follow it to its outcome. */
  message?(message: ArrivingMessage): MessageObservation | undefined;
  /** A hub publish (broadcast, room or connection push) is about to reach the adapter. */
  publish?(publish: HubPublish): PublishObservation | undefined;
  /** A published message is being delivered to this instance's connections. */
  deliver?(delivery: HubDelivery): void;
  /** `@OnConnect` or `@OnDisconnect` runs; `run` wraps it, as for messages. */
  lifecycle?(hook: LifecycleRun): MessageObservation | undefined;
  /** A WebSocket upgrade request reached a Halyard route; return an observation to follow its checks. */
  upgrade?(upgrade: ArrivingUpgrade): UpgradeObservation | undefined;
  /** A `$auth` frame's credential is about to be checked by the upgrade guards (after the frame's own `message`). */
  reauth?(reauth: ReauthRun): GuardedObservation | undefined;
}

/** An upgrade request, before its checks (origin, limits, guards, validation) run. */
export interface ArrivingUpgrade {
  readonly route: string;
  /** `Class.member` of the route's controller, as on HTTP routes' `halyardHandler`. */
  readonly handler: string;
  /** The Fastify request: its headers may carry trace context, a Fastify instrumentation its span. */
  readonly request: FastifyRequest;
}

/**
 * One upgrade, from its checks to the open socket: `end('ok')` when the socket opened (`run` wraps
 * `@OnConnect`), `end('rejected' | 'error', code)` when a check refused it, `end('closed')` when
 * the TCP socket went away during the handshake.
 */
export interface UpgradeObservation extends GuardedObservation {
  /** Path, query and header validation ran (only on routes that declare any); `errors` 0 means it passed. */
  validated?(errors: number): void;
  /**
   * The HTTP handshake completed (101): before `@OnConnect` for an accepted upgrade, and after
   * `end('rejected', code)` for a refusal that `refuseWith: 'close'` answers with a close frame on
   * the open socket (no HTTP error response is sent then).
   */
  upgraded?(): void;
}

/** An observation during which the route's upgrade guards run (the upgrade, or a `$auth`). */
export interface GuardedObservation extends MessageObservation {
  /** A guard's `canActivate` starts; the observation wraps it and hears `ok` or the refusal's code. */
  guard?(name: string): MessageObservation | undefined;
}

/**
 * A `$auth` frame re-runs the route's upgrade guards with a new credential: `end('ok')` once the
 * identity was replaced (and `@OnReauth` ran), `end('rejected', code)` when a guard refused (the
 * socket closes), `end('error', 'HALYARD_ERR_INTERNAL')` when one threw something else, and
 * `end('closed')` when the connection closed meanwhile (also by `@OnReauth`).
 */
export interface ReauthRun {
  readonly route: string;
  /** `Class.member` of the route's controller, as on `ArrivingUpgrade`. */
  readonly handler: string;
  readonly connectionId: string;
}

export interface HubPublish {
  readonly target: 'all' | 'room' | 'connection';
  readonly type: string;
}

/** What a publish may carry to other instances (bus metadata). */
export interface PublishObservation {
  /** W3C trace context to put on the bus message, if any. */
  readonly traceparent?: string;
  readonly tracestate?: string;
  end(error?: unknown): void;
}

export interface HubDelivery {
  readonly target: 'all' | 'room' | 'connection';
  /** Local connections the frame was handed to. */
  readonly recipients: number;
  /** True when the message came from another instance (over the adapter's bus). */
  readonly remote: boolean;
  /** When the origin instance published it (epoch ms), for messages that crossed the bus from an observed app. */
  readonly publishedAt?: number;
  readonly traceparent?: string;
  readonly tracestate?: string;
}

export interface LifecycleRun {
  readonly route: string;
  readonly hook: 'connect' | 'disconnect';
  readonly connectionId: string;
}
