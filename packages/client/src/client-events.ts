import { clientError, type HalyardClientError } from './errors.js';
import type { OpenInfo, ReconnectInfo, StatusChange } from './halyard-client.js';
import { Listeners, type Unsubscribe } from './listeners.js';
import type { ResetInfo } from './room-positions.js';

/** Throws `error` outside the caller's stack, so it reaches the host's uncaught-error handling. */
export const rethrowLater = (error: unknown): void =>
  queueMicrotask(() => {
    throw error;
  });

/** The client's own events and what each handler receives. */
export interface ClientEventMap {
  error: HalyardClientError;
  status: StatusChange;
  open: OpenInfo;
  reconnect: ReconnectInfo;
  reset: ResetInfo;
}

/**
 * The client's listeners (its own events and the server's pushed events) and how their failures
 * are reported: a throwing handler goes to `onError`, or is rethrown when there is none.
 */
export class ClientEvents {
  readonly #own: { readonly [K in keyof ClientEventMap]: Listeners<ClientEventMap[K]> } = {
    error: new Listeners(),
    status: new Listeners(),
    open: new Listeners(),
    reconnect: new Listeners(),
    reset: new Listeners(),
  };
  readonly #pushes = new Map<string, Listeners<unknown>>();

  on<K extends keyof ClientEventMap>(kind: K, handler: (arg: ClientEventMap[K]) => void): Unsubscribe {
    return (this.#own[kind] as Listeners<ClientEventMap[K]>).add(handler);
  }

  /** Calls the `kind` handlers; one that throws is reported (an `error` handler's is rethrown). */
  emit<K extends keyof ClientEventMap>(kind: K, arg: ClientEventMap[K]): void {
    (this.#own[kind] as Listeners<ClientEventMap[K]>).emit(
      arg,
      kind === 'error' ? rethrowLater : (error) => this.failed(error),
    );
  }

  /** Adds a handler for the server's push event `event`. */
  onPush(event: string, handler: (data: unknown) => void): Unsubscribe {
    let listeners = this.#pushes.get(event);
    if (!listeners) this.#pushes.set(event, (listeners = new Listeners<unknown>()));
    return listeners.add(handler);
  }

  push(event: string, data: unknown): void {
    this.#pushes.get(event)?.emit(data, (error) => this.failed(error));
  }

  /** A handler of ours threw: `onError` gets it; with no `onError` handler it is rethrown, never lost. */
  failed(error: unknown): void {
    if (this.#own.error.size === 0) {
      rethrowLater(error);
      return;
    }
    const message = error instanceof Error ? error.message : String(error);
    this.emit('error', clientError('HALYARD_ERR_CLIENT_HANDLER_FAILED', { message }, { cause: error }));
  }
}
