import type { SocketDefinition } from '../definition/app-definition.js';
import { HalyardError, type ErrorParams, type HalyardErrorCode } from '../errors.js';
import { compileValidator, type ValidationResult, type Validator } from '../validation/dto-validator.js';
import type { ValidationSettings } from '../validation/validation-settings.js';
import type { CodedRefusal } from './message-dispatcher.js';
import type { SocketGauges } from './socket-gauges.js';
import type { ResolvedLimits } from './socket-limits.js';
import type { ErrorBody, MessageId } from './wire-protocol.js';

/** Options of one `conn.ask()`. */
export interface ServerRequestOptions {
  /** Rejects with `HALYARD_ERR_WS_REQUEST_TIMEOUT` after this long; default the route's `requestTimeoutMs`. */
  readonly timeoutMs?: number;
}

/**
 * Why `conn.ask()` rejected: `code` is one of `HALYARD_ERR_WS_REQUEST_TIMEOUT`, `_CLOSED`,
 * `_REFUSED` (the client answered `$error`; `details` is its error body), `_INVALID_REPLY`
 * (`details` lists the field errors), `_LIMIT`, `_NOT_SENT`.
 *
 * @example
 * ```ts
 * try { await conn.ask('confirm', { text: 'Sure?' }); }
 * catch (error) { if (error instanceof ServerRequestError && error.code === 'HALYARD_ERR_WS_REQUEST_TIMEOUT') ... }
 * ```
 */
export class ServerRequestError extends HalyardError {
  /** The request's `type` and server-chosen `id` (`$1`, `$2`, ...). */
  readonly type: string;
  readonly id: string;
  /** The client's error body (`_REFUSED`) or the field errors of its answer (`_INVALID_REPLY`). */
  readonly details: unknown;

  constructor(
    code: HalyardErrorCode,
    request: { type: string; id: string; details?: unknown },
    params: ErrorParams = {},
  ) {
    super(code, { type: request.type, id: request.id, ...params });
    this.type = request.type;
    this.id = request.id;
    this.details = request.details;
  }
}

/** What one socket's connections need to ask their clients, compiled once at boot. */
export interface ServerRequestSettings {
  readonly maxPending: number;
  readonly timeoutMs: number;
  /** The reply validator of every `@Requests` type; `null` for an acknowledgement. Other types are not validated. */
  readonly replies: ReadonlyMap<string, Validator | null>;
  readonly gauges: SocketGauges;
}

/** The reply validators of a socket's `@Requests` declarations and its request limits. */
export function compileServerRequests(
  socket: Pick<SocketDefinition, 'requests'>,
  options: {
    readonly limits: ResolvedLimits;
    readonly settings: ValidationSettings;
    readonly gauges: SocketGauges;
  },
): ServerRequestSettings {
  const replies = new Map<string, Validator | null>();
  for (const request of socket.requests)
    replies.set(
      request.type,
      request.reply ? compileValidator(request.reply, 'message', options.settings) : null,
    );
  return {
    maxPending: options.limits.maxPendingRequests,
    timeoutMs: options.limits.requestTimeoutMs,
    replies,
    gauges: options.gauges,
  };
}

/** What a connection's requests need from it. */
export interface RequestChannel {
  readonly isOpen: boolean;
  sendFrame(frame: string): boolean;
}

/** A client's answer: `$reply` with its `data`, or `$error` with its error body. */
export type ClientAnswer =
  { readonly kind: 'reply'; readonly data: unknown } | { readonly kind: 'error'; readonly error: ErrorBody };

const maxCodeLength = 128;
const maxMessageLength = 1024;

/**
 * Reads a client's `$reply` / `$error` frame: it needs the `id` of the request it answers, and an
 * `$error` needs `error: { code, message, details? }` (code 1-128 characters, message at most
 * 1024). Returns what is wrong as text for a `HALYARD_ERR_WS_BAD_ENVELOPE` answer.
 */
export function readClientAnswer(envelope: {
  readonly type?: string;
  readonly id?: MessageId;
  readonly data?: unknown;
  readonly error?: unknown;
}): ClientAnswer | string {
  if (envelope.id === undefined) return `a ${envelope.type} needs the "id" of the request it answers`;
  if (envelope.type === '$reply') return { kind: 'reply', data: envelope.data };
  const error = envelope.error;
  if (typeof error !== 'object' || error === null || Array.isArray(error))
    return 'a $error needs "error": { "code", "message" }';
  const { code, message, details } = error as Record<string, unknown>;
  if (typeof code !== 'string' || code.length === 0 || code.length > maxCodeLength)
    return `"error.code" must be a string of 1 to ${maxCodeLength} characters`;
  if (typeof message !== 'string' || message.length > maxMessageLength)
    return `"error.message" must be a string of at most ${maxMessageLength} characters`;
  return { kind: 'error', error: { code, message, ...(details !== undefined && { details }) } };
}

interface Entry {
  readonly type: string;
  readonly id: string;
  readonly timer: ReturnType<typeof setTimeout>;
  resolve(value: unknown): void;
  reject(error: Error): void;
}

const isThenable = (value: unknown): value is PromiseLike<ValidationResult> =>
  typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';

/**
 * The requests one connection sent its client and awaits answers to. Each entry has one owner and
 * leaves on every exit path: the answer, its timeout, or the socket closing (`closed`).
 */
export class ServerRequests {
  readonly #entries = new Map<string, Entry>();
  readonly #settings: ServerRequestSettings;
  readonly #channel: RequestChannel;
  #lastId = 0;

  constructor(settings: ServerRequestSettings, channel: RequestChannel) {
    this.#settings = settings;
    this.#channel = channel;
  }

  /** Requests awaiting an answer. */
  get size(): number {
    return this.#entries.size;
  }

  send(type: string, data: unknown, options: ServerRequestOptions = {}): Promise<unknown> {
    const id = `$${++this.#lastId}`;
    const fail = (code: HalyardErrorCode, params?: ErrorParams): Promise<never> =>
      Promise.reject(new ServerRequestError(code, { type, id }, params));
    if (!this.#channel.isOpen) return fail('HALYARD_ERR_WS_REQUEST_CLOSED');
    const timeoutMs = options.timeoutMs ?? this.#settings.timeoutMs;
    if (!(typeof timeoutMs === 'number' && timeoutMs > 0 && timeoutMs <= 2_147_483_647))
      return Promise.reject(
        new HalyardError('HALYARD_ERR_OPTIONS_INVALID', {
          detail: `conn.ask("${type}"): timeoutMs must be a positive number of milliseconds (at most 2147483647), got ${String(timeoutMs)}`,
        }),
      );
    if (this.#entries.size >= this.#settings.maxPending)
      return fail('HALYARD_ERR_WS_REQUEST_LIMIT', { limit: this.#settings.maxPending });
    // Throws for what JSON cannot hold (a cycle, a BigInt): the caller's mistake, before anything is held.
    const frame = JSON.stringify({ type, id, data: data ?? null });
    if (!this.#channel.sendFrame(frame))
      return fail(this.#channel.isOpen ? 'HALYARD_ERR_WS_REQUEST_NOT_SENT' : 'HALYARD_ERR_WS_REQUEST_CLOSED');
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        if (!this.#take(id)) return;
        reject(new ServerRequestError('HALYARD_ERR_WS_REQUEST_TIMEOUT', { type, id }, { timeoutMs }));
      }, timeoutMs);
      timer.unref();
      this.#entries.set(id, { type, id, timer, resolve, reject });
      this.#settings.gauges.serverRequests++;
    });
  }

  /**
   * The client answered `id`. Returns `false` when no request awaits that id (the caller answers
   * `HALYARD_ERR_WS_UNKNOWN_REQUEST`). An answer that fails the reply DTO rejects the request and
   * is refused to the client with `HALYARD_ERR_VALIDATION`.
   */
  answer(id: MessageId, answer: ClientAnswer, refuse: (refusal: CodedRefusal) => void): boolean {
    const entry = typeof id === 'string' ? this.#take(id) : undefined;
    if (!entry) return false;
    const request = { type: entry.type, id: entry.id };
    if (answer.kind === 'error') {
      const { code, message } = answer.error;
      entry.reject(
        new ServerRequestError(
          'HALYARD_ERR_WS_REQUEST_REFUSED',
          { ...request, details: answer.error },
          { clientCode: code, clientMessage: message },
        ),
      );
      return true;
    }
    const validate = this.#settings.replies.get(entry.type);
    if (validate === null) entry.resolve(undefined);
    else if (validate === undefined) entry.resolve(answer.data);
    else this.#validated(entry, { validate, data: answer.data, refuse });
    return true;
  }

  #validated(
    entry: Entry,
    input: { validate: Validator; data: unknown; refuse: (refusal: CodedRefusal) => void },
  ): void {
    const settle = (result: ValidationResult): void => {
      if (result.ok) {
        entry.resolve(result.value);
        return;
      }
      input.refuse({ code: 'HALYARD_ERR_VALIDATION', params: { where: 'reply' }, details: result.errors });
      entry.reject(
        new ServerRequestError('HALYARD_ERR_WS_REQUEST_INVALID_REPLY', {
          type: entry.type,
          id: entry.id,
          details: result.errors,
        }),
      );
    };
    let result: ValidationResult | PromiseLike<ValidationResult>;
    try {
      // User code runs here (@Transform, custom constraints): its throw rejects this request only.
      result = input.validate(input.data);
    } catch (error) {
      entry.reject(error as Error);
      return;
    }
    if (isThenable(result)) result.then(settle, (error: unknown) => entry.reject(error as Error));
    else settle(result);
  }

  /** The socket closed: every request still waiting rejects with `HALYARD_ERR_WS_REQUEST_CLOSED`. */
  closed(): void {
    for (const entry of [...this.#entries.values()]) {
      this.#take(entry.id);
      entry.reject(
        new ServerRequestError('HALYARD_ERR_WS_REQUEST_CLOSED', { type: entry.type, id: entry.id }),
      );
    }
  }

  #take(id: string): Entry | undefined {
    const entry = this.#entries.get(id);
    if (!entry) return undefined;
    this.#entries.delete(id);
    clearTimeout(entry.timer);
    this.#settings.gauges.serverRequests--;
    return entry;
  }
}
