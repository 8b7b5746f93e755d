import type { FastifyBaseLogger } from 'fastify';
import type { SocketReport, SocketReportListener } from './socket-reporter.js';
import type {
  ArrivingMessage,
  ArrivingUpgrade,
  GuardedObservation,
  HubDelivery,
  HubPublish,
  LifecycleRun,
  MessageObservation,
  MessageOutcome,
  ObservedEnvelope,
  PublishObservation,
  ReauthRun,
  SocketObserver,
  UpgradeObservation,
} from './socket-observer.js';

type Report = (error: unknown, where: string) => void;

/**
 * The observers attached to an app's sockets (`app.halyard.observeSockets`). The runtime asks
 * `active` before building anything for them, so an app without observers pays one property read
 * per event. Observers never reach the socket: what they throw is logged once per method.
 */
export class SocketObservers {
  #list: readonly SocketObserver[] = [];
  readonly #reported = new Set<string>();
  readonly #report: Report;
  readonly #listen: (listener: SocketReportListener) => () => void;
  #unlisten: (() => void) | undefined;

  /** `listen` subscribes to the socket reporter: refusals, failures and closes reach observers from there. */
  constructor(log: FastifyBaseLogger, listen: (listener: SocketReportListener) => () => void) {
    this.#listen = listen;
    this.#report = (error, where) => {
      if (this.#reported.has(where)) return;
      this.#reported.add(where);
      log.error({ err: error, code: 'HALYARD_ERR_INTERNAL', observer: where }, 'socket observer failed');
    };
  }

  get active(): boolean {
    return this.#list.length > 0;
  }

  add(observer: SocketObserver): () => void {
    this.#list = [...this.#list, observer];
    // The reporter has a listener only while someone observes, so an unobserved app pays nothing.
    this.#unlisten ??= this.#listen((report) => this.#fromReporter(report));
    return () => {
      this.#list = this.#list.filter((candidate) => candidate !== observer);
      if (this.#list.length === 0) {
        this.#unlisten?.();
        this.#unlisten = undefined;
      }
    };
  }

  /** A refused upgrade (no connection yet) is a refusal; everything else the reporter counts is an error. */
  #fromReporter(report: SocketReport): void {
    if (report.kind === 'refused' && report.connection === undefined) this.refused(report.route, report.code);
    else this.error(report.route, report.code);
  }

  opened(route: string): void {
    for (const observer of this.#list) this.#call(observer.opened, 'opened', () => observer.opened?.(route));
  }

  closed(route: string): void {
    for (const observer of this.#list) this.#call(observer.closed, 'closed', () => observer.closed?.(route));
  }

  refused(route: string, code: string): void {
    for (const observer of this.#list)
      this.#call(observer.refused, 'refused', () => observer.refused?.(route, code));
  }

  frameIn(route: string, bytes: number): void {
    for (const observer of this.#list)
      this.#call(observer.frameIn, 'frameIn', () => observer.frameIn?.(route, bytes));
  }

  frameOut(route: string, frame: string | Buffer, bytes: number): void {
    for (const observer of this.#list)
      this.#call(observer.frameOut, 'frameOut', () => observer.frameOut?.(route, frame, bytes));
  }

  dropped(route: string): void {
    for (const observer of this.#list)
      this.#call(observer.dropped, 'dropped', () => observer.dropped?.(route));
  }

  error(route: string, code: string): void {
    for (const observer of this.#list)
      this.#call(observer.error, 'error', () => observer.error?.(route, code));
  }

  deliver(delivery: HubDelivery): void {
    for (const observer of this.#list)
      this.#call(observer.deliver, 'deliver', () => observer.deliver?.(delivery));
  }

  message(message: ArrivingMessage): MessageObservation | undefined {
    return this.#combine('message', (observer) => observer.message?.(message));
  }

  lifecycle(hook: LifecycleRun): MessageObservation | undefined {
    return this.#combine('lifecycle', (observer) => observer.lifecycle?.(hook));
  }

  upgrade(upgrade: ArrivingUpgrade): UpgradeObservation | undefined {
    let found: UpgradeObservation[] | undefined;
    for (const observer of this.#list) {
      try {
        const observation = observer.upgrade?.(upgrade);
        if (observation) (found ??= []).push(observation);
      } catch (error) {
        this.#report(error, 'upgrade');
      }
    }
    return found && new CombinedUpgrade(found, this.#report, 'upgrade');
  }

  reauth(reauth: ReauthRun): GuardedObservation | undefined {
    let found: GuardedObservation[] | undefined;
    for (const observer of this.#list) {
      try {
        const observation = observer.reauth?.(reauth);
        if (observation) (found ??= []).push(observation);
      } catch (error) {
        this.#report(error, 'reauth');
      }
    }
    return found && new CombinedUpgrade(found, this.#report, 'reauth');
  }

  /** The publishes' observations; the first one that carries trace context gives it to the bus. */
  publish(publish: HubPublish): PublishObservation | undefined {
    const found: PublishObservation[] = [];
    for (const observer of this.#list) {
      if (!observer.publish) continue;
      try {
        const observation = observer.publish(publish);
        if (observation) found.push(observation);
      } catch (error) {
        this.#report(error, 'publish');
      }
    }
    if (found.length === 0) return undefined;
    const carrier = found.find((observation) => observation.traceparent !== undefined);
    return {
      ...(carrier?.traceparent !== undefined && { traceparent: carrier.traceparent }),
      ...(carrier?.tracestate !== undefined && { tracestate: carrier.tracestate }),
      end: (error) => {
        for (const observation of found)
          this.#call(observation.end, 'publish.end', () => observation.end(error));
      },
    };
  }

  #call(method: unknown, where: string, call: () => void): void {
    if (method === undefined) return;
    try {
      call();
    } catch (error) {
      this.#report(error, where);
    }
  }

  #combine(
    where: string,
    start: (observer: SocketObserver) => MessageObservation | undefined,
  ): MessageObservation | undefined {
    let found: MessageObservation[] | undefined;
    for (const observer of this.#list) {
      try {
        const observation = start(observer);
        if (observation) (found ??= []).push(observation);
      } catch (error) {
        this.#report(error, where);
      }
    }
    return found && new CombinedObservation(found, this.#report, where);
  }
}

/** Several observers' views of one message, each shielded from the others and from the runtime. */
class CombinedObservation implements MessageObservation {
  readonly #parts: readonly MessageObservation[];
  readonly #report: Report;
  readonly #where: string;
  #ended = false;

  constructor(parts: readonly MessageObservation[], report: Report, where: string) {
    this.#parts = parts;
    this.#report = report;
    this.#where = where;
  }

  typed(envelope: ObservedEnvelope): void {
    for (const part of this.#parts) {
      try {
        part.typed?.(envelope);
      } catch (error) {
        this.#report(error, `${this.#where}.typed`);
      }
    }
  }

  run<T>(work: () => T): T {
    let wrapped = work;
    for (const part of this.#parts) {
      if (!part.run) continue;
      const inner = wrapped;
      wrapped = () => runShielded(part, inner, (error) => this.#report(error, `${this.#where}.run`));
    }
    return wrapped();
  }

  end(outcome: MessageOutcome, code?: string): void {
    if (this.#ended) return;
    this.#ended = true;
    for (const part of this.#parts) {
      try {
        part.end(outcome, code);
      } catch (error) {
        this.#report(error, `${this.#where}.end`);
      }
    }
  }
}

/** Several observers' views of one upgrade (or `$auth`); a guard's views combine the same way. */
class CombinedUpgrade extends CombinedObservation implements UpgradeObservation {
  readonly #upgrades: readonly UpgradeObservation[];
  readonly #reportError: Report;
  readonly #name: string;

  constructor(parts: readonly UpgradeObservation[], report: Report, where: 'upgrade' | 'reauth') {
    super(parts, report, where);
    this.#upgrades = parts;
    this.#reportError = report;
    this.#name = where;
  }

  guard(name: string): MessageObservation | undefined {
    let found: MessageObservation[] | undefined;
    for (const part of this.#upgrades) {
      try {
        const observation = part.guard?.(name);
        if (observation) (found ??= []).push(observation);
      } catch (error) {
        this.#reportError(error, `${this.#name}.guard`);
      }
    }
    return found && new CombinedObservation(found, this.#reportError, `${this.#name}.guard`);
  }

  validated(errors: number): void {
    for (const part of this.#upgrades) {
      try {
        part.validated?.(errors);
      } catch (error) {
        this.#reportError(error, 'upgrade.validated');
      }
    }
  }

  upgraded(): void {
    for (const part of this.#upgrades) {
      try {
        part.upgraded?.();
      } catch (error) {
        this.#reportError(error, 'upgrade.upgraded');
      }
    }
  }
}

/**
 * Runs `work` through an observer's `run`. If the observer itself throws, the work still runs
 * exactly once and its own result or throw is what the runtime sees.
 */
function runShielded<T>(part: MessageObservation, work: () => T, report: (error: unknown) => void): T {
  let called = false;
  let workThrew = false;
  let result: T | undefined;
  const call = (): T => {
    called = true;
    try {
      result = work();
      return result;
    } catch (error) {
      workThrew = true;
      throw error;
    }
  };
  try {
    return (part.run as (work: () => T) => T)(call);
  } catch (error) {
    if (workThrew) throw error;
    report(error);
    return called ? (result as T) : work();
  }
}
