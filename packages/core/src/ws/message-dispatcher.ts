import type { FastifyBaseLogger } from 'fastify';
import type {
  LifecycleHandlerDefinition,
  MessageHandlerDefinition,
  SocketDefinition,
} from '../definition/app-definition.js';
import { errorTable, type HalyardErrorCode } from '../errors.js';
import { HttpError } from '../http/http-error.js';
import { compileValidator, type ValidationResult, type Validator } from '../validation/dto-validator.js';
import type { FieldError } from '../validation/field-error.js';
import type { ValidationSettings } from '../validation/validation-settings.js';
import { CloseCodes, closeCodeForStatus, WsCloseError } from './close-codes.js';
import type { Connection } from './connection.js';
import type { StatsRecorder } from './hub-stats.js';
import { checkEnvelope, errorFrame, replyFrame, type MessageId } from './wire-protocol.js';
import { compileWsParam, type CompiledWsParam, type HandlerScope } from './ws-param-resolvers.js';

type Method = (...args: unknown[]) => unknown;

interface CompiledHandler {
  readonly type: string;
  readonly name: string;
  readonly validate: Validator;
  readonly params: readonly CompiledWsParam[];
  readonly method: Method;
}

interface CompiledLifecycle {
  readonly name: string;
  readonly params: readonly CompiledWsParam[];
  readonly method: Method;
}

const isThenable = (value: unknown): value is PromiseLike<unknown> =>
  typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';

/** Raised while building arguments, when a named query/header value does not convert. */
class ArgumentError extends Error {
  constructor(readonly errors: readonly FieldError[]) {
    super('argument conversion failed');
  }
}

function buildArgs(params: readonly CompiledWsParam[], scope: HandlerScope): unknown[] {
  const args = new Array<unknown>(params.length);
  for (let index = 0; index < params.length; index++) {
    const param = params[index] as CompiledWsParam;
    const raw = param.resolve(scope);
    if (!param.convert) {
      args[index] = raw;
      continue;
    }
    const converted = param.convert(raw) as ValidationResult;
    if (!converted.ok) throw new ArgumentError(converted.errors);
    args[index] = converted.value;
  }
  return args;
}

/**
 * The per-socket message path: parse → envelope → handler by `type` → validate → handler →
 * reply. Everything it needs is compiled at boot; a bad message is answered with an error
 * frame and a log line and never affects the connection or others.
 */
export class MessageDispatcher {
  readonly #handlers = new Map<string, CompiledHandler>();
  readonly #single: CompiledHandler | undefined;
  readonly #onConnect: CompiledLifecycle | undefined;
  readonly #onDisconnect: CompiledLifecycle | undefined;
  readonly #stats: StatsRecorder;
  readonly #log: FastifyBaseLogger;
  readonly #route: string;
  #inFlight = 0;
  #idle: Array<() => void> = [];

  constructor(options: {
    socket: SocketDefinition;
    instance: object;
    settings: ValidationSettings;
    stats: StatsRecorder;
    log: FastifyBaseLogger;
  }) {
    const { socket, instance, settings } = options;
    const methodOf = (member: string): Method =>
      ((instance as Record<string, Method>)[member] as Method).bind(instance);
    const compile = (handler: MessageHandlerDefinition): CompiledHandler => ({
      type: handler.type,
      name: handler.handlerName,
      validate: compileValidator(handler.message, 'message', settings),
      params: handler.params.map((param) => compileWsParam(param, settings)),
      method: methodOf(handler.member),
    });
    const lifecycle = (handler: LifecycleHandlerDefinition | undefined): CompiledLifecycle | undefined =>
      handler && {
        name: handler.handlerName,
        params: handler.params.map((param) => compileWsParam(param, settings)),
        method: methodOf(handler.member),
      };
    for (const handler of socket.handlers.values()) this.#handlers.set(handler.type, compile(handler));
    this.#single = socket.form === 'single' ? [...this.#handlers.values()][0] : undefined;
    this.#onConnect = lifecycle(socket.onConnect);
    this.#onDisconnect = lifecycle(socket.onDisconnect);
    this.#stats = options.stats;
    this.#log = options.log;
    this.#route = socket.path;
  }

  /** Sends a coded error frame, counts it and logs it. */
  sendError(
    connection: Connection,
    id: MessageId | undefined,
    code: HalyardErrorCode | string,
    message: string,
    details?: unknown,
  ): void {
    this.#stats.error(this.#route, code);
    this.#log.info(
      {
        code,
        connection: connection.id,
        route: this.#route,
        ...(id !== undefined && { messageId: id }),
        ...(details !== undefined && { details }),
      },
      `websocket message rejected: ${message}`,
    );
    connection.sendFrame(errorFrame(id, { code, message, ...(details !== undefined && { details }) }));
  }

  /** Handles one incoming frame whose size and rate were already accepted. */
  dispatch(connection: Connection, text: string): void {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      this.sendError(
        connection,
        undefined,
        'HALYARD_ERR_WS_MALFORMED_JSON',
        errorTable.HALYARD_ERR_WS_MALFORMED_JSON.message,
        { reason: (error as Error).message },
      );
      return;
    }
    const checked = checkEnvelope(parsed);
    if (!checked.ok) {
      this.sendError(connection, checked.id, 'HALYARD_ERR_WS_BAD_ENVELOPE', checked.detail);
      return;
    }
    const { type, id, data } = checked.envelope;
    const handler =
      this.#single && (type === undefined || type === this.#single.type)
        ? this.#single
        : type === undefined
          ? undefined
          : this.#handlers.get(type);
    if (!handler) {
      if (type === undefined)
        this.sendError(
          connection,
          id,
          'HALYARD_ERR_WS_BAD_ENVELOPE',
          'Missing "type": this socket dispatches messages by type',
        );
      else
        this.sendError(connection, id, 'HALYARD_ERR_WS_UNKNOWN_TYPE', `Unknown message type "${type}"`, {
          known: [...this.#handlers.keys()],
        });
      return;
    }
    const validated = handler.validate(data);
    if (isThenable(validated)) {
      this.#track(validated.then((result) => this.#run(connection, handler, id, result)));
    } else {
      this.#run(connection, handler, id, validated);
    }
  }

  #run(
    connection: Connection,
    handler: CompiledHandler,
    id: MessageId | undefined,
    validated: ValidationResult,
  ): void {
    if (!validated.ok) {
      this.sendError(connection, id, 'HALYARD_ERR_VALIDATION', 'message failed validation', validated.errors);
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

  #fail(connection: Connection, handler: CompiledHandler, id: MessageId | undefined, error: unknown): void {
    if (error instanceof ArgumentError) {
      this.sendError(connection, id, 'HALYARD_ERR_VALIDATION', 'message failed validation', error.errors);
    } else if (error instanceof HttpError) {
      this.sendError(connection, id, error.code, error.message, error.errors);
    } else if (error instanceof WsCloseError) {
      this.#stats.error(this.#route, `CLOSE_${error.code}`);
      connection.close(error.code, error.reason);
    } else {
      this.#stats.error(this.#route, 'HALYARD_ERR_INTERNAL');
      this.#log.error(
        { err: error, code: 'HALYARD_ERR_INTERNAL', connection: connection.id, handler: handler.name },
        'websocket handler failed',
      );
      connection.sendFrame(
        errorFrame(id, { code: 'HALYARD_ERR_INTERNAL', message: errorTable.HALYARD_ERR_INTERNAL.message }),
      );
    }
  }

  /** Runs `@OnConnect`; rejects the connection with a close code if it throws. Resolves `false` if closed. */
  async connect(connection: Connection): Promise<boolean> {
    const hook = this.#onConnect;
    if (!hook) return true;
    try {
      await hook.method(...buildArgs(hook.params, { connection }));
      return connection.isOpen;
    } catch (error) {
      if (error instanceof WsCloseError) {
        this.#stats.error(this.#route, `CLOSE_${error.code}`);
        connection.close(error.code, error.reason);
      } else if (error instanceof HttpError) {
        this.#stats.error(this.#route, error.code);
        this.#log.info(
          { code: error.code, connection: connection.id, route: this.#route },
          `connection rejected: ${error.message}`,
        );
        connection.close(closeCodeForStatus(error.status), error.message);
      } else {
        this.#stats.error(this.#route, 'HALYARD_ERR_INTERNAL');
        this.#log.error(
          { err: error, code: 'HALYARD_ERR_INTERNAL', connection: connection.id, handler: hook.name },
          '@OnConnect failed',
        );
        connection.close(CloseCodes.INTERNAL_ERROR, 'Internal server error');
      }
      return false;
    }
  }

  /** Runs `@OnDisconnect`; its failure is logged, never thrown. */
  async disconnect(connection: Connection, closeCode: number, closeReason: string): Promise<void> {
    const hook = this.#onDisconnect;
    if (!hook) return;
    try {
      await hook.method(...buildArgs(hook.params, { connection, closeCode, closeReason }));
    } catch (error) {
      this.#stats.error(this.#route, 'HALYARD_ERR_INTERNAL');
      this.#log.error(
        { err: error, code: 'HALYARD_ERR_INTERNAL', connection: connection.id, handler: hook.name },
        '@OnDisconnect failed',
      );
    }
  }

  /** Resolves once no handler of this socket is running. */
  idle(): Promise<void> {
    return this.#inFlight === 0 ? Promise.resolve() : new Promise((resolve) => this.#idle.push(resolve));
  }

  #track(work: Promise<void>): void {
    this.#inFlight++;
    const done = (): void => {
      this.#inFlight--;
      if (this.#inFlight === 0) {
        const waiting = this.#idle;
        this.#idle = [];
        for (const resolve of waiting) resolve();
      }
    };
    work.then(done, (error: unknown) => {
      this.#log.error(
        { err: error, code: 'HALYARD_ERR_INTERNAL', route: this.#route },
        'websocket dispatch failed',
      );
      done();
    });
  }
}
