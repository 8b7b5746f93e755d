import { clientError } from './errors.js';
import type { Unsubscribe } from './listeners.js';
import type { ErrorBody, MessageId } from './wire-frames.js';

/** A request the server sent with `conn.ask(type, data)`: its `id` is the server's (`$1`, `$2`, ...). */
export interface ServerAsk {
  readonly type: string;
  readonly id: MessageId;
  readonly data: unknown;
}

/** Answers one server request: returns (or resolves with) the reply's `data`; a throw refuses it. */
export type RequestHandler = (data: unknown) => unknown;

/**
 * The `error` of a `$error` answer, within the bounds the server accepts: the thrown value's own
 * `code` when it has one of 1-128 characters (`HalyardClientError`, an app's coded error), else
 * `HALYARD_ERR_CLIENT_HANDLER_FAILED`; its `message` cut to 1024 characters; its `details`.
 */
function refusal(error: unknown): ErrorBody {
  const { code, message, details } = Object(error) as {
    code?: unknown;
    message?: unknown;
    details?: unknown;
  };
  return {
    code: typeof code === 'string' && code && code.length <= 128 ? code : 'HALYARD_ERR_CLIENT_HANDLER_FAILED',
    message: (typeof message === 'string' ? message : String(error)).slice(0, 1024),
    ...(details !== undefined && { details }),
  };
}

/**
 * The client's `onRequest` handlers, one per request type, and how a request is answered: with
 * `$reply` and the handler's result, or with `$error` when the handler throws, rejects or is missing.
 */
export class RequestHandlers {
  readonly #handlers = new Map<string, RequestHandler>();

  /** Sets the handler of `type`, replacing an earlier one; the returned function removes it. */
  on(type: string, handler: RequestHandler): Unsubscribe {
    this.#handlers.set(type, handler);
    return () => {
      if (this.#handlers.get(type) === handler) this.#handlers.delete(type);
    };
  }

  /**
   * Runs the handler of `ask` and gives `send` its answer frame. Rejects only when not even the
   * `$error` can be encoded (its `details` hold a cycle) or `send` throws.
   */
  answer(ask: ServerAsk, send: (frame: string) => void): Promise<void> {
    const { type, id } = ask;
    const handler = this.#handlers.get(type);
    return new Promise((resolve) => {
      if (!handler) throw clientError('HALYARD_ERR_CLIENT_NO_HANDLER', { type });
      resolve(handler(ask.data));
    })
      .then((data) => JSON.stringify({ type: '$reply', id, data: data ?? null }))
      .catch((error: unknown) => JSON.stringify({ type: '$error', id, error: refusal(error) }))
      .then(send);
  }
}
