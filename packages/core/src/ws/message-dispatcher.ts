import type { MessageHandlerDefinition, SocketDefinition } from '../definition/app-definition.js';
import type { ErrorParams, WireErrorCode } from '../errors.js';
import { HttpError } from '../http/http-error.js';
import { compileValidator, type ValidationResult, type Validator } from '../validation/dto-validator.js';
import type { ValidationSettings } from '../validation/validation-settings.js';
import { codedError, wireError, type WireError } from '../wire-error.js';
import { WsCloseError } from './close-codes.js';
import type { Connection } from './connection.js';
import type { InFlight } from './in-flight.js';
import type { SocketReporter } from './socket-reporter.js';
import { checkEnvelope, errorFrame, replyFrame, type MessageId } from './wire-protocol.js';
import {
  bindMethod,
  buildArgs,
  compileWsParam,
  type BoundMethod,
  type CompiledWsParam,
} from './ws-param-resolvers.js';

/** One of Halyard's own refusals of a frame: its code, the params of its message template, its details. */
export interface CodedRefusal {
  readonly code: WireErrorCode;
  readonly params?: ErrorParams;
  /** Field errors, or an object of facts (`{ retryAfterMs }`, `{ known }`). */
  readonly details?: unknown;
}

interface CompiledHandler {
  readonly type: string;
  readonly name: string;
  readonly validate: Validator;
  readonly params: readonly CompiledWsParam[];
  readonly method: BoundMethod;
}

const isThenable = (value: unknown): value is PromiseLike<unknown> =>
  typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';

/** The app-level heartbeat answer, `{"type":"$pong","id":...}` (see docs/websocket-protocol.md). */
function pongFrame(id: MessageId | undefined): string {
  return JSON.stringify(id === undefined ? { type: '$pong' } : { type: '$pong', id });
}

/**
 * The per-socket message path: parse → envelope → handler by `type` → validate → handler →
 * reply. Everything it needs is compiled at boot; a bad message is answered with an error
 * frame and a log line and never affects the connection or others. Nothing a user wrote
 * (validators, transforms, handlers) can throw into `ws`: every failure becomes a frame.
 */
export class MessageDispatcher {
  readonly #handlers = new Map<string, CompiledHandler>();
  readonly #single: CompiledHandler | undefined;
  readonly #reporter: SocketReporter;
  readonly #route: string;
  readonly #inFlight: InFlight;
  readonly #isShuttingDown: () => boolean;

  constructor(options: {
    socket: SocketDefinition;
    instance: object;
    settings: ValidationSettings;
    reporter: SocketReporter;
    inFlight: InFlight;
    /** Once true, messages are answered with `HALYARD_ERR_WS_SHUTTING_DOWN` instead of running handlers. */
    isShuttingDown: () => boolean;
  }) {
    const { socket, instance, settings } = options;
    const compile = (handler: MessageHandlerDefinition): CompiledHandler => ({
      type: handler.type,
      name: handler.handlerName,
      validate: compileValidator(handler.message, 'message', settings),
      params: handler.params.map(compileWsParam),
      method: bindMethod(instance, handler.member),
    });
    for (const handler of socket.handlers.values()) this.#handlers.set(handler.type, compile(handler));
    this.#single = socket.form === 'single' ? [...this.#handlers.values()][0] : undefined;
    this.#reporter = options.reporter;
    this.#route = socket.path;
    this.#inFlight = options.inFlight;
    this.#isShuttingDown = options.isShuttingDown;
  }

  /**
   * Sends the error frame of one of Halyard's codes (its message from the error table), counts it
   * and logs it. `details` are field errors or an object of facts; the frame and the log line are
   * bounded by `wireError` whatever their size.
   */
  sendError(connection: Connection, id: MessageId | undefined, refusal: CodedRefusal): void {
    this.#send(connection, id, codedError(refusal.code, refusal.params, refusal.details));
  }

  #send(connection: Connection, id: MessageId | undefined, error: WireError): void {
    this.#reporter.messageRefused(connection, id, error);
    connection.sendFrame(errorFrame(id, error));
  }

  /** Handles one incoming frame whose size and rate were already accepted. */
  dispatch(connection: Connection, text: string): void {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      this.sendError(connection, undefined, {
        code: 'HALYARD_ERR_WS_MALFORMED_JSON',
        details: { reason: (error as Error).message },
      });
      return;
    }
    const checked = checkEnvelope(parsed);
    if (!checked.ok) {
      this.sendError(connection, checked.id, {
        code: 'HALYARD_ERR_WS_BAD_ENVELOPE',
        params: { detail: checked.detail },
      });
      return;
    }
    const { type, id, data } = checked.envelope;
    if (type === '$ping') {
      connection.sendFrame(pongFrame(id));
      return;
    }
    const handler =
      this.#single && (type === undefined || type === this.#single.type)
        ? this.#single
        : type === undefined
          ? undefined
          : this.#handlers.get(type);
    if (!handler) {
      if (type === undefined)
        this.sendError(connection, id, {
          code: 'HALYARD_ERR_WS_BAD_ENVELOPE',
          params: { detail: 'Missing "type": this socket dispatches messages by type' },
        });
      else
        this.sendError(connection, id, {
          code: 'HALYARD_ERR_WS_UNKNOWN_TYPE',
          params: { type },
          details: { known: [...this.#handlers.keys()] },
        });
      return;
    }
    if (this.#isShuttingDown()) {
      this.sendError(connection, id, { code: 'HALYARD_ERR_WS_SHUTTING_DOWN' });
      return;
    }
    let validated: ValidationResult | Promise<ValidationResult>;
    try {
      // User code runs here (@Transform, custom constraints): a throw must not reach ws.
      validated = handler.validate(data);
    } catch (error) {
      this.#fail(connection, handler, id, error);
      return;
    }
    if (isThenable(validated)) {
      this.#track(
        validated.then(
          (result) => this.#run(connection, handler, id, result),
          (error: unknown) => this.#fail(connection, handler, id, error),
        ),
      );
    } else {
      this.#run(connection, handler, id, validated);
    }
  }

  // eslint-disable-next-line @typescript-eslint/max-params -- per-message path: positional arguments avoid allocating an options object per call
  #run(
    connection: Connection,
    handler: CompiledHandler,
    id: MessageId | undefined,
    validated: ValidationResult,
  ): void {
    if (!validated.ok) {
      this.sendError(connection, id, {
        code: 'HALYARD_ERR_VALIDATION',
        params: { where: 'message' },
        details: validated.errors,
      });
      return;
    }
    let result: unknown;
    try {
      result = handler.method(...buildArgs(handler.params, { connection, message: validated.value }));
    } catch (error) {
      this.#fail(connection, handler, id, error);
      return;
    }
    if (isThenable(result)) {
      this.#track(
        Promise.resolve(result).then(
          (value) => this.#reply(connection, handler, id, value),
          (error: unknown) => this.#fail(connection, handler, id, error),
        ),
      );
    } else {
      this.#reply(connection, handler, id, result);
    }
  }

  // eslint-disable-next-line @typescript-eslint/max-params -- per-message path: positional arguments avoid allocating an options object per call
  #reply(connection: Connection, handler: CompiledHandler, id: MessageId | undefined, value: unknown): void {
    // A request with an id always gets exactly one answer, so clients can await it.
    if (value === undefined && id === undefined) return;
    let frame: string;
    try {
      frame = replyFrame(handler.type, id, value);
    } catch (error) {
      // e.g. a circular structure or a BigInt in the handler's result
      this.#fail(connection, handler, id, error);
      return;
    }
    connection.sendFrame(frame);
  }

  // eslint-disable-next-line @typescript-eslint/max-params -- per-message path: positional arguments avoid allocating an options object per call
  #fail(connection: Connection, handler: CompiledHandler, id: MessageId | undefined, error: unknown): void {
    if (error instanceof HttpError) {
      this.#send(connection, id, wireError(error.code, error.message, error.errors));
    } else if (error instanceof WsCloseError) {
      this.#reporter.closedFor(connection, error, {
        prefix: 'handler closed the connection with',
        fields: { handler: handler.name, ...(id !== undefined && { messageId: id }) },
      });
    } else {
      this.#reporter.failed(connection, error, {
        message: 'websocket handler failed',
        fields: { handler: handler.name, ...(id !== undefined && { messageId: id }) },
      });
      connection.sendFrame(errorFrame(id, codedError('HALYARD_ERR_INTERNAL')));
    }
  }

  #track(work: Promise<void>): void {
    this.#inFlight.track(work, (error) => this.#reporter.dispatchFailed(this.#route, error));
  }
}
