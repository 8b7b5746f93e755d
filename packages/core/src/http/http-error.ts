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
    super(400, message, { code: 'HALYARD_ERR_BAD_REQUEST', ...options });
  }
}

/** 401: missing or wrong credentials. @example `throw new UnauthorizedError('Unknown token')` */
export class UnauthorizedError extends HttpError {
  constructor(message = 'Authentication required', options: HttpErrorOptions = {}) {
    super(401, message, { code: 'HALYARD_ERR_UNAUTHORIZED', ...options });
  }
}

/** 403: known caller, not allowed. @example `throw new ForbiddenError('Admins only')` */
export class ForbiddenError extends HttpError {
  constructor(message = 'Access denied', options: HttpErrorOptions = {}) {
    super(403, message, { code: 'HALYARD_ERR_FORBIDDEN', ...options });
  }
}

/** 404. @example `throw new NotFoundError(\`Room ${id} not found\`)` */
export class NotFoundError extends HttpError {
  constructor(message = 'Not found', options: HttpErrorOptions = {}) {
    super(404, message, { code: 'HALYARD_ERR_NOT_FOUND', ...options });
  }
}

/** 409. @example `throw new ConflictError('Room exists', { code: 'ROOM_EXISTS' })` */
export class ConflictError extends HttpError {
  constructor(message = 'Conflict', options: HttpErrorOptions = {}) {
    super(409, message, { code: 'HALYARD_ERR_CONFLICT', ...options });
  }
}

/** The 400 a failed DTO validation produces; `errors` lists every failed constraint. */
export class ValidationFailedError extends HttpError {
  constructor(where: string, errors: readonly FieldError[]) {
    super(400, `${where} failed validation`, { code: 'HALYARD_ERR_VALIDATION', errors });
  }
}
