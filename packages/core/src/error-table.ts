/**
 * The one shape of every Halyard package's error table (core, admin, redis, cli, client): a stable
 * `HALYARD_ERR_*` code per entry, a message template with `{name}` placeholders and, where one
 * applies, the HTTP status, the WebSocket close code or the process exit code that goes with it.
 *
 * This module imports nothing, and `@halyard/core/error-table` exports only it: the browser client
 * takes its types with `import type` (erased from its build), so the client still pulls no server code.
 */

/** One row of an error table. */
export interface ErrorTableEntry {
  /** When the error happens: `boot` (thrown by `createApp`), `wire` (answered to a client), ... */
  readonly area?: string;
  /** The message template; `{name}` is replaced by the `name` param. */
  readonly message: string;
  /** The HTTP status of a problem response with this code. */
  readonly status?: number;
  /** The WebSocket close code the connection closes with after (or instead of) the error frame. */
  readonly closeCode?: number | undefined;
  /** The close frame's reason that goes with `closeCode` (at most 123 bytes). */
  readonly closeReason?: string;
  /** The process exit code (the CLI). */
  readonly exitCode?: number;
  /** Sent in WebSocket error frames by Halyard itself: when. The AsyncAPI `ErrorCode` enum is built from these. */
  readonly frame?: string;
}

/** A package's error table: `HALYARD_ERR_*` codes to their rows. */
export type ErrorTable = Readonly<Record<`HALYARD_ERR_${string}`, ErrorTableEntry>>;

/** Values substituted into an error's message template. */
export type ErrorParams = Readonly<Record<string, string | number>>;

/**
 * Checks and freezes a package's error table, keeping its literal types (codes, templates, statuses),
 * so `keyof typeof table` is the package's code union.
 *
 * @example
 * ```ts
 * export const redisErrorTable = defineErrorTable({
 *   HALYARD_ERR_REDIS_OPTIONS_INVALID: { area: 'boot', message: 'redisAdapter options: {detail}' },
 * });
 * export type RedisErrorCode = keyof typeof redisErrorTable;
 * ```
 */
export function defineErrorTable<const T extends ErrorTable>(table: T): T {
  for (const entry of Object.values(table)) Object.freeze(entry);
  return Object.freeze(table);
}

/**
 * The message of `code` in `table`, its `{name}` placeholders replaced by `params` (unknown ones kept).
 *
 * @example `formatErrorMessage(redisErrorTable, 'HALYARD_ERR_REDIS_OPTIONS_INVALID', { detail: 'url is empty' })`
 */
export function formatErrorMessage<T extends Readonly<Record<string, ErrorTableEntry>>>(
  table: T,
  code: keyof T & string,
  params: ErrorParams = {},
): string {
  return table[code]!.message.replace(/\{(\w+)\}/g, (whole, key: string) =>
    key in params ? String(params[key]) : whole,
  );
}

/** An error with a stable code from one package's table, as every `codedErrorClass` makes it. */
export interface CodedError<Code extends string = string> extends Error {
  readonly code: Code;
  readonly params: ErrorParams;
}

/**
 * The base class of a package's error: `message` is `<code>: <formatted template>`, `name` is
 * `name`, and `code` / `params` are kept. Extend it so `instanceof` names the package's class.
 *
 * @example
 * ```ts
 * export class RedisAdapterError extends codedErrorClass('RedisAdapterError', redisErrorTable) {}
 * throw new RedisAdapterError('HALYARD_ERR_REDIS_OPTIONS_INVALID', { detail: 'url is empty' });
 * ```
 */
export function codedErrorClass<
  const Name extends string,
  T extends Readonly<Record<string, ErrorTableEntry>>,
>(
  name: Name,
  table: T,
): new (
  code: keyof T & string,
  params?: ErrorParams,
  options?: ErrorOptions,
) => CodedError<keyof T & string> & {
  readonly name: Name;
} {
  return class extends Error {
    override readonly name = name;
    readonly code: keyof T & string;
    readonly params: ErrorParams;

    constructor(code: keyof T & string, params: ErrorParams = {}, options?: ErrorOptions) {
      super(`${code}: ${formatErrorMessage(table, code, params)}`, options);
      this.code = code;
      this.params = params;
    }
  };
}
