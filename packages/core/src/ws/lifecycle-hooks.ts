import type { LifecycleHandlerDefinition, SocketDefinition } from '../definition/app-definition.js';
import { HttpError } from '../http/http-error.js';
import { closeOf } from '../errors.js';
import { closeCodeForStatus, WsCloseError } from './close-codes.js';
import type { Connection } from './connection.js';
import type { InFlight } from './in-flight.js';
import { outcomeOf } from './message-observation.js';
import type { MessageObservation } from './socket-observer.js';
import type { SocketObservers } from './socket-observers.js';
import type { SocketReporter } from './socket-reporter.js';
import {
  bindMethod,
  buildArgs,
  compileWsParam,
  type BoundMethod,
  type CompiledWsParam,
} from './ws-param-resolvers.js';

interface CompiledLifecycle {
  readonly name: string;
  readonly params: readonly CompiledWsParam[];
  readonly method: BoundMethod;
}

/**
 * Runs a socket's `@OnConnect`, `@OnReauth` and `@OnDisconnect`. All count as in-flight work, so a graceful
 * shutdown waits for them before the hub and its adapter stop.
 */
export class LifecycleHooks {
  readonly #onConnect: CompiledLifecycle | undefined;
  readonly #onDisconnect: CompiledLifecycle | undefined;
  readonly #onReauth: CompiledLifecycle | undefined;
  readonly #reporter: SocketReporter;
  readonly #observers: SocketObservers;
  readonly #route: string;
  readonly #inFlight: InFlight;

  constructor(options: {
    socket: SocketDefinition;
    instance: object;
    reporter: SocketReporter;
    observers: SocketObservers;
    inFlight: InFlight;
  }) {
    const { socket, instance } = options;
    const compile = (handler: LifecycleHandlerDefinition | undefined): CompiledLifecycle | undefined =>
      handler && {
        name: handler.handlerName,
        params: handler.params.map(compileWsParam),
        method: bindMethod(instance, handler.member),
      };
    this.#onConnect = compile(socket.onConnect);
    this.#onDisconnect = compile(socket.onDisconnect);
    this.#onReauth = compile(socket.onReauth);
    this.#reporter = options.reporter;
    this.#observers = options.observers;
    this.#route = socket.path;
    this.#inFlight = options.inFlight;
  }

  get hasOnConnect(): boolean {
    return this.#onConnect !== undefined;
  }

  /** Runs `@OnConnect`; rejects the connection with a close code if it throws. Resolves `false` if closed. */
  connect(connection: Connection): Promise<boolean> {
    return this.#runTracked(this.#onConnect, connection, '@OnConnect');
  }

  /** `@OnReauth` when the socket has one, else undefined: `$auth` then costs nothing more. */
  get reauth(): ((connection: Connection) => Promise<boolean>) | undefined {
    const hook = this.#onReauth;
    return hook && ((connection) => this.#runTracked(hook, connection, '@OnReauth'));
  }

  #runTracked(
    hook: CompiledLifecycle | undefined,
    connection: Connection,
    decorator: '@OnConnect' | '@OnReauth',
  ): Promise<boolean> {
    if (!hook) return Promise.resolve(true);
    const run = this.#runOpening(hook, connection, decorator);
    this.#inFlight.track(run, (error) => this.#internal(error, connection, hook.name, `${decorator} failed`));
    return run;
  }

  /** `@OnConnect` or `@OnReauth`: a throw closes the connection, as documented for `@OnConnect`. */
  async #runOpening(
    hook: CompiledLifecycle,
    connection: Connection,
    decorator: '@OnConnect' | '@OnReauth',
  ): Promise<boolean> {
    // Observers know connect and disconnect hooks; a re-authentication is not one of them.
    const seen = decorator === '@OnConnect' ? this.#observe('connect', connection) : undefined;
    try {
      const call = (): unknown => hook.method(...buildArgs(hook.params, { connection }));
      await (seen?.run ? seen.run(call) : call());
      seen?.end('ok');
      return connection.isOpen;
    } catch (error) {
      if (seen) outcomeOf(seen, error);
      if (error instanceof WsCloseError) {
        this.#reporter.closedFor(connection, error, {
          prefix: 'connection rejected with',
          fields: { route: this.#route },
        });
      } else if (error instanceof HttpError) {
        this.#reporter.connectRefused(connection, error);
        connection.close(closeCodeForStatus(error.status), error.message);
      } else {
        this.#internal(error, connection, hook.name, `${decorator} failed`);
        const { closeCode, reason } = closeOf('HALYARD_ERR_INTERNAL');
        connection.close(closeCode, reason);
      }
      return false;
    }
  }

  /**
   * Runs after a socket closed: `cleanup` (leaving rooms), then `@OnDisconnect`. Counted as
   * in-flight; failures are logged, never thrown.
   */
  disconnect(
    connection: Connection,
    close: { code: number; reason: string },
    cleanup: () => Promise<void>,
  ): void {
    const hook = this.#onDisconnect;
    const run = async (): Promise<void> => {
      await cleanup();
      if (!hook) return;
      const seen = this.#observe('disconnect', connection);
      try {
        const call = (): unknown =>
          hook.method(
            ...buildArgs(hook.params, { connection, closeCode: close.code, closeReason: close.reason }),
          );
        await (seen?.run ? seen.run(call) : call());
        seen?.end('ok');
      } catch (error) {
        if (seen) outcomeOf(seen, error);
        this.#internal(error, connection, hook.name, '@OnDisconnect failed');
      }
    };
    this.#inFlight.track(run(), (error) =>
      this.#internal(error, connection, 'websocket cleanup', 'websocket cleanup failed'),
    );
  }

  #observe(hook: 'connect' | 'disconnect', connection: Connection): MessageObservation | undefined {
    const observers = this.#observers;
    return observers.active
      ? observers.lifecycle({ route: this.#route, hook, connectionId: connection.id })
      : undefined;
  }

  // eslint-disable-next-line @typescript-eslint/max-params -- predates the rule (issue 15); turn into an options object when this signature next changes
  #internal(error: unknown, connection: Connection, handler: string, message: string): void {
    this.#reporter.failed(connection, error, { message, fields: { handler } });
  }
}
