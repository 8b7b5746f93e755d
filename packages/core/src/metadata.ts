import 'reflect-metadata';
import { HalyardError } from './errors.js';
import { CLASS_RECORD, MEMBER_NAMES, MEMBER_RECORD } from './metadata-keys.js';
import type { Class } from './types.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export type ParamKind =
  | 'body'
  | 'param'
  | 'query'
  | 'headers'
  | 'req'
  | 'reply'
  | 'message'
  | 'conn'
  | 'identity'
  | 'close-code'
  | 'close-reason';

export interface ParamRecord {
  readonly index: number;
  readonly kind: ParamKind;
  /** For `@Param('id')`, `@Query('page')`, `@Headers('x-id')`: one named value instead of the whole object. */
  readonly name?: string;
  /** Explicit type when `design:paramtypes` cannot carry it (arrays, interfaces). */
  readonly type?: Class | readonly [Class];
}

export interface ExampleRecord {
  readonly name?: string;
  readonly summary?: string;
  readonly value: unknown;
}

export interface DocsRecord {
  readonly summary?: string;
  readonly description?: string;
  readonly tags?: readonly string[];
  readonly deprecated?: boolean;
  readonly examples?: readonly ExampleRecord[];
  /** Reply examples of an `@OnMessage` handler (`{ examples }` option): the reply's `data`. */
  readonly replyExamples?: readonly ExampleRecord[];
  readonly operationId?: string;
}

export interface ReturnsRecord {
  /** `null` documents "no body". */
  readonly type: Class | readonly [Class] | null;
  readonly status?: number;
  readonly description?: string;
}

export interface EmitRecord {
  readonly event: string;
  readonly type: Class | readonly [Class];
  readonly summary?: string;
  readonly description?: string;
  /** Hand-written push examples (the push's `data`). */
  readonly examples?: readonly ExampleRecord[];
}

/** What `@Requests` recorded: a request the server sends with `conn.ask()` and the answer it expects. */
export interface RequestRecord {
  readonly type: string;
  /** The request's `data`; `null` when it carries none. */
  readonly data: Class | readonly [Class] | null;
  /** The answer's `data`; `null` when the answer is an acknowledgement only. */
  readonly reply: Class | readonly [Class] | null;
  readonly summary?: string;
  readonly description?: string;
  /** Hand-written request examples (the request's `data`). */
  readonly examples?: readonly ExampleRecord[];
}

export interface GuardRecord {
  readonly guard: Class | object;
}

/** Options shared by `@WebSocket` (route level) and per-route limit overrides. */
export interface SocketLimitOptions {
  /** Largest accepted frame in bytes; bigger frames close the socket with 1009. */
  readonly maxPayload?: number;
  /** Most simultaneous connections on this route; further upgrades get HTTP 503. */
  readonly maxConnections?: number;
  /**
   * Messages per second a connection may send (token bucket refilled continuously, `burst` at most).
   * A limited message with an `id` gets an error frame (one without gets one per burst); after
   * `closeAfter` limited messages within `windowMs` (default 10 000, counted from the first limited
   * message of the window) the connection is closed with 1008. `false` turns the limit off.
   */
  readonly rateLimit?:
    | {
        readonly perSecond: number;
        readonly burst?: number;
        readonly closeAfter?: number;
        readonly windowMs?: number;
      }
    | false;
  /** Buffered bytes allowed per connection before the slow-consumer policy applies. */
  readonly sendHighWaterMark?: number;
  readonly slowConsumer?: 'drop' | 'close';
  /**
   * Origin allow-list (`scheme://host[:port]` entries, compared normalised and exactly, or `'*'`);
   * the app's own origin (same scheme, host and port) is always accepted.
   */
  readonly allowedOrigins?: readonly string[];
  readonly allowMissingOrigin?: boolean;
  /**
   * How a refused upgrade is answered. `http` (default): an HTTP 4xx/5xx problem and no socket.
   * `close`: the upgrade is accepted and closed at once with `4000 + status` (4401, 4403, 4400...)
   * and the reason, because browsers never see the HTTP status of a refused upgrade (it reads as
   * 1006) and so cannot tell "not allowed" from "server down".
   */
  readonly refuseWith?: 'http' | 'close';
  /**
   * Ping every connection every `intervalMs`; one that answered neither the previous ping nor sent
   * any frame since is terminated. `false` turns the pings off for this route. App-wide default:
   * `createApp({ websocket: { heartbeat } })`, else `{ intervalMs: 30000 }`.
   */
  readonly heartbeat?: { readonly intervalMs: number } | false;
  /**
   * Most `conn.ask()` calls one connection may have awaiting the client's answer; one more
   * rejects at once with `HALYARD_ERR_WS_REQUEST_LIMIT`, nothing sent. Default 64.
   */
  readonly maxPendingRequests?: number;
  /**
   * How long `conn.ask()` waits for the client's answer unless its own `timeoutMs` says
   * otherwise; then it rejects with `HALYARD_ERR_WS_REQUEST_TIMEOUT`. Default 10 000 ms.
   */
  readonly requestTimeoutMs?: number;
}

export interface SocketRecord {
  readonly path: string;
  readonly reply?: Class | readonly [Class] | null;
  /** Message type on a single-message socket; defaults to the method name. */
  readonly type?: string;
  readonly limits?: SocketLimitOptions;
}

export type HandlerRecord =
  | { readonly kind: 'connect' }
  | { readonly kind: 'disconnect' }
  | { readonly kind: 'reauth' }
  | { readonly kind: 'message'; readonly type: string; readonly reply?: Class | readonly [Class] | null };

/**
 * A decorator placed where it cannot work (a symbol-named or static member, a handler decorator on
 * a constructor parameter, ...). Decorators only record it; the builder reports it at boot.
 */
export interface MisuseRecord {
  /** `Rooms.list`, `Rooms[Symbol(x)]` or `Rooms` for constructor parameters. */
  readonly target: string;
  readonly detail: string;
}

export interface ClassRecord {
  readonly prefix?: string;
  readonly socket?: SocketRecord;
  readonly docs: DocsRecord;
  readonly guards: readonly GuardRecord[];
  readonly emits: readonly EmitRecord[];
  /** `@Requests` on the class; absent when there is none. */
  readonly requests?: readonly RequestRecord[];
  readonly misuses?: readonly MisuseRecord[];
}

export interface MemberRecord {
  readonly route?: { readonly method: HttpMethod; readonly path: string };
  readonly httpCode?: number;
  readonly returns: readonly ReturnsRecord[];
  readonly socket?: SocketRecord;
  readonly handler?: HandlerRecord;
  readonly emits: readonly EmitRecord[];
  /** `@Requests` on the member; absent when there is none. */
  readonly requests?: readonly RequestRecord[];
  readonly docs: DocsRecord;
  readonly guards: readonly GuardRecord[];
  readonly params: readonly ParamRecord[];
  /** Every decorator that touched this member, for error messages ("@Get and @OnMessage on one method"). */
  readonly decorators: readonly string[];
}

const emptyClass: ClassRecord = Object.freeze({ docs: {}, guards: [], emits: [] });
const emptyMember: MemberRecord = Object.freeze({
  returns: [],
  emits: [],
  docs: {},
  guards: [],
  params: [],
  decorators: [],
});

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
  }
  return value;
}

export function readClassRecord(target: Class): ClassRecord {
  return (Reflect.getOwnMetadata(CLASS_RECORD, target) as ClassRecord | undefined) ?? emptyClass;
}

export function updateClassRecord(target: Class, update: (current: ClassRecord) => ClassRecord): void {
  Reflect.defineMetadata(CLASS_RECORD, deepFreeze(update(readClassRecord(target))), target);
}

export function readMemberNames(target: Class): readonly string[] {
  return (Reflect.getOwnMetadata(MEMBER_NAMES, target) as readonly string[] | undefined) ?? [];
}

export function readMemberRecord(target: Class, member: string): MemberRecord {
  return (Reflect.getOwnMetadata(MEMBER_RECORD, target, member) as MemberRecord | undefined) ?? emptyMember;
}

/** Records a misplaced decorator on `target` (a class), to be reported by the builder at boot. */
export function recordMisuse(target: Class, misuse: MisuseRecord): void {
  updateClassRecord(target, (record) => ({ ...record, misuses: [...(record.misuses ?? []), misuse] }));
}

export function readMisuses(target: Class): readonly MisuseRecord[] {
  return readClassRecord(target).misuses ?? [];
}

/**
 * Reports the first misplaced decorator recorded on `target`, at boot: the definition builder
 * checks controllers and the container checks providers, with the same error.
 *
 * @example `assertNoMisuse(ChatController) // throws HALYARD_ERR_DECORATOR_MISUSE if a decorator was misplaced`
 */
export function assertNoMisuse(target: Class): void {
  const misuse = readMisuses(target)[0];
  if (misuse)
    throw new HalyardError('HALYARD_ERR_DECORATOR_MISUSE', { target: misuse.target, detail: misuse.detail });
}

/** What a method decorator receives: the prototype (the class itself for a static member) and the member's key. */
export interface DecoratedMember {
  prototype: object;
  member: string | symbol;
}

/**
 * `target` is the prototype a method decorator receives; records live on its constructor. A static
 * member (the decorator receives the class itself) or a symbol-named one is recorded as a misuse.
 */
export function updateMemberRecord(
  { prototype, member }: DecoratedMember,
  decorator: string,
  update: (current: MemberRecord) => Partial<MemberRecord>,
): void {
  if (typeof prototype === 'function') {
    recordMisuse(prototype as Class, {
      target: `${(prototype as Class).name}.${String(member)}`,
      detail: `${decorator} cannot decorate a static member; make it an instance method`,
    });
    return;
  }
  const ctor = (prototype as { constructor: Class }).constructor;
  if (typeof member === 'symbol') {
    recordMisuse(ctor, {
      target: `${ctor.name}[${String(member)}]`,
      detail: `${decorator} cannot decorate a symbol-named member; give the method a string name`,
    });
    return;
  }
  const current = readMemberRecord(ctor, member);
  const next: MemberRecord = {
    ...current,
    ...update(current),
    decorators: [...current.decorators, decorator],
  };
  Reflect.defineMetadata(MEMBER_RECORD, deepFreeze(next), ctor, member);
  const names = readMemberNames(ctor);
  if (!names.includes(member)) Reflect.defineMetadata(MEMBER_NAMES, Object.freeze([...names, member]), ctor);
}
