import { formatMessage, type ErrorParams, type WireErrorCode } from './errors.js';
import type { FieldError } from './validation/field-error.js';

/**
 * How much of an error leaves the process. A rejected request is answered and logged in a size that
 * does not grow with the request: a 1 MB body of unknown keys gets the first 100 field errors and a
 * count of the others, and one log line of a few hundred bytes.
 */
export const wireErrorLimits = Object.freeze({
  /** Field errors listed in a problem response or an error frame; `errorsOmitted` counts the rest. */
  errors: 100,
  /** Characters kept of a message, a path or another text sent to the client; longer ones end in `…`. */
  text: 1024,
  /** Field errors in the log line of a rejected request or message; `errorCount` gives the total. */
  logErrors: 3,
  /** Characters kept of a text in that log line. */
  logText: 200,
});

/**
 * A coded error as it is sent: the problem details of an HTTP response (`errors`, `errorsOmitted`)
 * or the `error` of a WebSocket error frame (`details`, `errorsOmitted`). Built only by {@link wireError}.
 */
export interface WireError {
  readonly code: string;
  readonly message: string;
  /** The first field errors, texts cut. */
  readonly errors?: readonly FieldError[];
  /** How many field errors follow the listed ones; absent when all are listed. */
  readonly errorsOmitted?: number;
  /** Other facts (`{ retryAfterMs }`, `{ known }`), texts cut; WebSocket frames only. */
  readonly details?: Readonly<Record<string, unknown>>;
}

/** Cuts a text to `max` characters, the last one `…`, never between the halves of a surrogate pair. */
function cutText(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max - 1;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return `${text.slice(0, end)}…`;
}

/** The record itself when no string in it is longer than `max`, else a copy with those strings cut. */
function cutStrings<T extends object>(record: T, max: number): T {
  if (typeof record !== 'object' || record === null || Array.isArray(record)) return record;
  let copy: Record<string, unknown> | undefined;
  for (const [key, value] of Object.entries(record)) {
    if (typeof value === 'string' && value.length > max)
      (copy ??= { ...(record as Record<string, unknown>) })[key] = cutText(value, max);
  }
  return (copy ?? record) as T;
}

/**
 * The one place a wire error is built, for HTTP problem responses and WebSocket error frames alike:
 * at most {@link wireErrorLimits}`.errors` field errors plus `errorsOmitted`, every text cut.
 * `details` is a list of field errors (validation, an `HttpError`'s `errors`) or an object of facts.
 *
 * @example
 * wireError('HALYARD_ERR_VALIDATION', 'body failed validation', fieldErrors);
 * // { code, message, errors: fieldErrors.slice(0, 100), errorsOmitted: fieldErrors.length - 100 }
 */
export function wireError(code: string, message: string, details?: unknown): WireError {
  const base = { code: cutText(code, wireErrorLimits.text), message: cutText(message, wireErrorLimits.text) };
  if (Array.isArray(details)) {
    if (details.length === 0) return base;
    const listed = (details as FieldError[])
      .slice(0, wireErrorLimits.errors)
      .map((entry) => cutStrings(entry, wireErrorLimits.text));
    const omitted = details.length - listed.length;
    return { ...base, errors: listed, ...(omitted > 0 && { errorsOmitted: omitted }) };
  }
  if (typeof details === 'object' && details !== null)
    return { ...base, details: cutStrings(details as Record<string, unknown>, wireErrorLimits.text) };
  return base;
}

/**
 * The wire error of one of Halyard's own codes, its message built from the error table's template:
 * the only way the runtime words an error frame or a problem response (user `HttpError`s, which
 * carry their own code and message, go through {@link wireError}).
 *
 * @example
 * codedError('HALYARD_ERR_WS_UNKNOWN_TYPE', { type: 'mvoe' }, { known: ['move'] });
 * // { code: 'HALYARD_ERR_WS_UNKNOWN_TYPE', message: 'Unknown message type "mvoe"', details: { known: ['move'] } }
 */
export function codedError(code: WireErrorCode, params?: ErrorParams, details?: unknown): WireError {
  return wireError(code, formatMessage(code, params), details);
}

/**
 * What the info line about a rejected request or message says of its error: the code, the number
 * of field errors and the first few of them, texts cut, so the line stays under a few KB.
 *
 * @example
 * const { fields, message } = wireErrorLog(error);
 * log.info({ ...fields, status: 400 }, `request rejected: ${message}`);
 */
export function wireErrorLog(error: WireError): {
  readonly fields: Readonly<Record<string, unknown>>;
  readonly message: string;
} {
  const { errors, details } = error;
  const fields = {
    code: cutText(error.code, wireErrorLimits.logText),
    ...(errors && {
      errorCount: errors.length + (error.errorsOmitted ?? 0),
      errors: errors
        .slice(0, wireErrorLimits.logErrors)
        .map((entry) => cutStrings(entry, wireErrorLimits.logText)),
    }),
    ...(details && { details: cutStrings(details, wireErrorLimits.logText) }),
  };
  return { fields, message: cutText(error.message, wireErrorLimits.logText) };
}
