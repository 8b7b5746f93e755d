import { formatErrorMessage, type ErrorTableEntry } from '../error-table.js';
import { formatMessage, statusOf, type ErrorParams, type StatusErrorCode } from '../errors.js';
import type { FieldError } from '../validation/field-error.js';

export interface HttpErrorOptions extends ErrorOptions {
  /** Stable machine-readable code; your own (`ROOM_FULL`) or a `HALYARD_ERR_*` one. */
  readonly code?: string;
  /** Field-level details, as validation failures carry them. */
  readonly errors?: readonly FieldError[];
}

const titles: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Content Too Large',
  414: 'URI Too Long',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  426: 'Upgrade Required',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export function statusTitle(status: number): string {
  return titles[status] ?? (status >= 500 ? 'Server Error' : 'Client Error');
}

/**
 * An error meant for the client: thrown from a handler or guard, it becomes an
 * `application/problem+json` response (HTTP) or an error frame (WebSocket) with its code and message.
 * Anything that is not an `HttpError` is answered as a generic 500 and logged.
 *
 * @example `throw new HttpError(409, 'Room "general" exists', { code: 'ROOM_EXISTS' })`
 */
export class HttpError extends Error {
  override name = 'HttpError';
  readonly status: number;
  readonly code: string;
  readonly errors?: readonly FieldError[];

  constructor(status: number, message: string, options: HttpErrorOptions = {}) {
    super(message, options);
    this.status = status;
    this.code = options.code ?? `HTTP_${status}`;
    if (options.errors) this.errors = options.errors;
  }
}

/** 400. @example `throw new BadRequestError('date range is inverted')` */
export class BadRequestError extends HttpError {
  constructor(message = 'Bad request', options: HttpErrorOptions = {}) {
    super(statusOf('HALYARD_ERR_BAD_REQUEST'), message, { code: 'HALYARD_ERR_BAD_REQUEST', ...options });
  }
}

/** 401: missing or wrong credentials. @example `throw new UnauthorizedError('Unknown token')` */
export class UnauthorizedError extends HttpError {
  constructor(message = formatMessage('HALYARD_ERR_UNAUTHORIZED'), options: HttpErrorOptions = {}) {
    super(statusOf('HALYARD_ERR_UNAUTHORIZED'), message, { code: 'HALYARD_ERR_UNAUTHORIZED', ...options });
  }
}

/** 403: known caller, not allowed. @example `throw new ForbiddenError('Admins only')` */
export class ForbiddenError extends HttpError {
  constructor(message = formatMessage('HALYARD_ERR_FORBIDDEN'), options: HttpErrorOptions = {}) {
    super(statusOf('HALYARD_ERR_FORBIDDEN'), message, { code: 'HALYARD_ERR_FORBIDDEN', ...options });
  }
}

/** 404. @example `throw new NotFoundError(\`Room ${id} not found\`)` */
export class NotFoundError extends HttpError {
  constructor(message = 'Not found', options: HttpErrorOptions = {}) {
    super(statusOf('HALYARD_ERR_NOT_FOUND'), message, { code: 'HALYARD_ERR_NOT_FOUND', ...options });
  }
}

/** 409. @example `throw new ConflictError('Room exists', { code: 'ROOM_EXISTS' })` */
export class ConflictError extends HttpError {
  constructor(message = 'Conflict', options: HttpErrorOptions = {}) {
    super(statusOf('HALYARD_ERR_CONFLICT'), message, { code: 'HALYARD_ERR_CONFLICT', ...options });
  }
}

/** The 400 a failed DTO validation produces; `errors` lists every failed constraint. */
export class ValidationFailedError extends HttpError {
  constructor(where: string, errors: readonly FieldError[]) {
    super(statusOf('HALYARD_ERR_VALIDATION'), formatMessage('HALYARD_ERR_VALIDATION', { where }), {
      code: 'HALYARD_ERR_VALIDATION',
      errors,
    });
  }
}

/**
 * The `HttpError` of one of Halyard's own codes: status and message from the error table, so the
 * runtime never types either by hand.
 *
 * @example `throw codedHttpError('HALYARD_ERR_WS_ORIGIN_REJECTED', { origin })` // 403 'Origin … is not allowed'
 */
export function codedHttpError(
  code: StatusErrorCode,
  params?: ErrorParams,
  options: Omit<HttpErrorOptions, 'code'> = {},
): HttpError {
  return new HttpError(statusOf(code), formatMessage(code, params), { ...options, code });
}

/** The codes of `table` whose row has an HTTP status. */
export type TableStatusCode<T> = {
  [K in keyof T]: T[K] extends { readonly status: number } ? K : never;
}[keyof T] &
  string;

/**
 * The `HttpError` of a code from any package's error table (`defineErrorTable`): the status and the
 * message come from the code's row, so an extension never types either by hand. Only codes whose row
 * has a `status` are accepted.
 *
 * @example
 * ```ts
 * throw httpErrorFromTable(adminErrorTable, 'HALYARD_ERR_ADMIN_CONNECTION_NOT_FOUND', { id });
 * // 404, 'Connection c-1 is not connected', code HALYARD_ERR_ADMIN_CONNECTION_NOT_FOUND
 * ```
 */
export function httpErrorFromTable<T extends Readonly<Record<string, ErrorTableEntry>>>(
  table: T,
  code: TableStatusCode<T>,
  params?: ErrorParams,
): HttpError {
  const status = table[code]!.status;
  if (status === undefined) throw new TypeError(`${code} has no HTTP status in its error table`);
  return new HttpError(status, formatErrorMessage(table, code, params), { code });
}
