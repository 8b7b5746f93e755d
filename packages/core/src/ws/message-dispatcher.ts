import type { MessageHandlerDefinition, SocketDefinition } from '../definition/app-definition.js';
import type { ErrorParams, WireErrorCode } from '../errors.js';
import { HttpError } from '../http/http-error.js';
import { compileValidator, type ValidationResult, type Validator } from '../validation/dto-validator.js';
import type { ValidationSettings } from '../validation/validation-settings.js';
import type { MessageGuard } from '../guards/message-guards.js';
import type { SocketAuth } from './socket-auth.js';
import { codedError, wireError, type WireError } from '../wire-error.js';
import { WsCloseError } from './close-codes.js';
import type { Connection } from './connection.js';
import type { InFlight } from './in-flight.js';
import { observedEnvelope, observeMessage, outcomeOf } from './message-observation.js';
import type { MessageObservation } from './socket-observer.js';
import type { SocketObservers } from './socket-observers.js';
import type { SocketReporter } from './socket-reporter.js';
import { readClientAnswer } from './server-requests.js';
import { compileReplyFrame, type ReplyFrameBuilder } from './reply-serializer.js';
import { checkEnvelope, errorFrame, type IncomingEnvelope, type MessageId } from './wire-protocol.js';
import { bindMethod, compileInvoker, type MessageInvoker } from './ws-param-resolvers.js';

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
  /** The method called with the arguments its parameters ask for. */
  readonly invoke: MessageInvoker;
  /** Per-message guards; absent for unguarded handlers. */
  readonly guard?: MessageGuard;
  /** `replyFrame(type, id, data)`, compiled for the handler's reply DTO. */
  readonly replyFrame: ReplyFrameBuilder;
}

type ResumeHook = (
  connection: Connection,
  message: { id: MessageId | undefined; data: unknown },
  reject: (detail: string) => void,
) => void;

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
  readonly #auth: SocketAuth | undefined;
  readonly #resume: ResumeHook | undefined;
  readonly #observers: SocketObservers;

  constructor(options: {
    socket: SocketDefinition;
    instance: object;
    settings: ValidationSettings;
    reporter: SocketReporter;
    /** Metrics and tracing (`app.halyard.observeSockets`); the message path asks `active` only. */
    observers: SocketObservers;
    inFlight: InFlight;
    /** Once true, messages are answered with `HALYARD_ERR_WS_SHUTTING_DOWN` instead of running handlers. */
    isShuttingDown: () => boolean;
    /** `compileMessageGuards(socket)`: the guards of the handlers that have some, by type. */
    guards?: ReadonlyMap<string, MessageGuard>;
    /** Answers `$auth` frames; absent on sockets without upgrade guards (`$auth` is then an unknown type). */
    auth?: SocketAuth;
    /** Answers `$resume` frames; only set when the app has stream rooms. */
    resume?: ResumeHook;
  }) {
    const { socket, instance, settings } = options;
    const compile = (handler: MessageHandlerDefinition): CompiledHandler => {
      const guard = options.guards?.get(handler.type);
      return {
        type: handler.type,
        name: handler.handlerName,
        validate: compileValidator(handler.message, 'message', settings),
        invoke: compileInvoker(handler.params, bindMethod(instance, handler.member)),
        replyFrame: compileReplyFrame(handler.type, handler.reply),
        ...(guard && { guard }),
      };
    };
    for (const handler of socket.handlers.values()) this.#handlers.set(handler.type, compile(handler));
    this.#single = socket.form === 'single' ? [...this.#handlers.values()][0] : undefined;
    this.#reporter = options.reporter;
    this.#route = socket.path;
    this.#inFlight = options.inFlight;
    this.#isShuttingDown = options.isShuttingDown;
    this.#auth = options.auth;
    this.#resume = options.resume;
    this.#observers = options.observers;
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
    // Observers (metrics, tracing) follow the message to its outcome; without them nothing is built.
    const seen = this.#observers.active
      ? observeMessage(this.#observers, { route: this.#route, connection, text })
      : undefined;
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      seen?.end('rejected', 'HALYARD_ERR_WS_MALFORMED_JSON');
      this.sendError(connection, undefined, {
        code: 'HALYARD_ERR_WS_MALFORMED_JSON',
        details: { reason: (error as Error).message },
      });
      return;
    }
    const checked = checkEnvelope(parsed);
    if (!checked.ok) {
      seen?.end('rejected', 'HALYARD_ERR_WS_BAD_ENVELOPE');
      this.sendError(connection, checked.id, {
        code: 'HALYARD_ERR_WS_BAD_ENVELOPE',
        params: { detail: checked.detail },
      });
      return;
    }
    const { type, id, data } = checked.envelope;
    if (type === '$ping') {
      seen?.typed?.(observedEnvelope(checked.envelope, type));
      seen?.end('ok');
      connection.sendFrame(pongFrame(id));
      return;
    }
    if (type === '$auth' && this.#auth) {
      seen?.typed?.(observedEnvelope(checked.envelope, type));
      seen?.end('ok');
      const auth = this.#auth;
      const reauth = (): Promise<void> =>
        auth.reauthenticate(connection, { id, data }, (conn, badId, detail) =>
          this.sendError(conn, badId, { code: 'HALYARD_ERR_WS_BAD_ENVELOPE', params: { detail } }),
        );
      // Inside the frame's observation, so a trace's `reauth` span is a child of `process $auth`.
      this.#track(seen?.run ? seen.run(reauth) : reauth());
      return;
    }
    if (type === '$resume' && this.#resume) {
      seen?.typed?.(observedEnvelope(checked.envelope, type));
      seen?.end('ok');
      this.#resume(connection, { id, data }, (detail) =>
        this.sendError(connection, id, { code: 'HALYARD_ERR_WS_RESUME_INVALID', params: { detail } }),
      );
      return;
    }
    if (type === '$reply' || type === '$error') {
      seen?.typed?.(observedEnvelope(checked.envelope, type));
      const refused = this.#answer(connection, checked.envelope);
      if (refused) seen?.end('rejected', refused);
      else seen?.end('ok');
      return;
    }
    const handler =
      this.#single && (type === undefined || type === this.#single.type)
        ? this.#single
        : type === undefined
          ? undefined
          : this.#handlers.get(type);
    seen?.typed?.(observedEnvelope(checked.envelope, handler?.type));
    if (!handler) {
      seen?.end(
        'rejected',
        type === undefined ? 'HALYARD_ERR_WS_BAD_ENVELOPE' : 'HALYARD_ERR_WS_UNKNOWN_TYPE',
      );
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
      seen?.end('rejected', 'HALYARD_ERR_WS_SHUTTING_DOWN');
      this.sendError(connection, id, { code: 'HALYARD_ERR_WS_SHUTTING_DOWN' });
      return;
    }
    let validated: ValidationResult | Promise<ValidationResult>;
    try {
      // User code runs here (@Transform, custom constraints): a throw must not reach ws.
      validated = seen?.run ? seen.run(() => handler.validate(data)) : handler.validate(data);
    } catch (error) {
      this.#fail(connection, handler, id, error, seen);
      return;
    }
    if (isThenable(validated)) {
      this.#track(
        validated.then(
          (result) => this.#run(connection, handler, id, result, seen),
          (error: unknown) => this.#fail(connection, handler, id, error, seen),
        ),
      );
    } else {
      this.#run(connection, handler, id, validated, seen);
    }
  }

  // eslint-disable-next-line @typescript-eslint/max-params -- per-message path: positional arguments avoid allocating an options object per call
  #run(
    connection: Connection,
    handler: CompiledHandler,
    id: MessageId | undefined,
    validated: ValidationResult,
    seen?: MessageObservation,
  ): void {
    if (!validated.ok) {
      seen?.end('rejected', 'HALYARD_ERR_VALIDATION');
      this.sendError(connection, id, {
        code: 'HALYARD_ERR_VALIDATION',
        params: { where: 'message' },
        details: validated.errors,
      });
      return;
    }
    const message = validated.value;
    if (handler.guard) {
      // Guards see the validated message; a refusal or a throw is answered like a handler's.
      this.#track(
        handler.guard(connection, message).then(
          () => this.#invoke(connection, handler, id, message, seen),
          (error: unknown) => this.#fail(connection, handler, id, error, seen),
        ),
      );
      return;
    }
    this.#invoke(connection, handler, id, message, seen);
  }

  // eslint-disable-next-line @typescript-eslint/max-params -- per-message path: positional arguments avoid allocating an options object per call
  #invoke(
    connection: Connection,
    handler: CompiledHandler,
    id: MessageId | undefined,
    message: unknown,
    seen?: MessageObservation,
  ): void {
    let result: unknown;
    try {
      // The closure only for observers that run the handler in their context (tracing).
      result = seen?.run
        ? seen.run(() => handler.invoke(connection, message))
        : handler.invoke(connection, message);
    } catch (error) {
      this.#fail(connection, handler, id, error, seen);
      return;
    }
    if (isThenable(result)) {
      this.#track(
        Promise.resolve(result).then(
          (value) => this.#reply(connection, handler, id, value, seen),
          (error: unknown) => this.#fail(connection, handler, id, error, seen),
        ),
      );
    } else {
      this.#reply(connection, handler, id, result, seen);
    }
  }

  // eslint-disable-next-line @typescript-eslint/max-params -- per-message path: positional arguments avoid allocating an options object per call
  #reply(
    connection: Connection,
    handler: CompiledHandler,
    id: MessageId | undefined,
    value: unknown,
    seen?: MessageObservation,
  ): void {
    // A request with an id always gets exactly one answer, so clients can await it.
    if (value === undefined && id === undefined) {
      seen?.end('ok');
      return;
    }
    let frame: string;
    try {
      frame = handler.replyFrame(id, value);
    } catch (error) {
      // e.g. a circular structure or a BigInt in the handler's result
      this.#fail(connection, handler, id, error, seen);
      return;
    }
    seen?.end('ok');
    connection.sendFrame(frame);
  }

  // eslint-disable-next-line @typescript-eslint/max-params -- per-message path: positional arguments avoid allocating an options object per call
  #fail(
    connection: Connection,
    handler: CompiledHandler,
    id: MessageId | undefined,
    error: unknown,
    seen?: MessageObservation,
  ): void {
    if (seen) outcomeOf(seen, error);
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

  /** A client's answer to `conn.ask()`; returns the code it was refused with, if it was. */
  #answer(connection: Connection, envelope: IncomingEnvelope): CodedRefusal['code'] | undefined {
    const { id } = envelope;
    const answer = readClientAnswer(envelope);
    if (typeof answer === 'string') {
      this.sendError(connection, id, { code: 'HALYARD_ERR_WS_BAD_ENVELOPE', params: { detail: answer } });
      return 'HALYARD_ERR_WS_BAD_ENVELOPE';
    }
    const known = connection.answerRequest(id as MessageId, answer, (refusal) =>
      this.sendError(connection, id, refusal),
    );
    if (known) return undefined;
    // Late (after its timeout), twice, or never asked: bad input, answered and logged at info.
    this.sendError(connection, id, { code: 'HALYARD_ERR_WS_UNKNOWN_REQUEST', params: { id: String(id) } });
    return 'HALYARD_ERR_WS_UNKNOWN_REQUEST';
  }

  #track(work: Promise<void>): void {
    this.#inFlight.track(work, (error) => this.#reporter.dispatchFailed(this.#route, error));
  }
}
