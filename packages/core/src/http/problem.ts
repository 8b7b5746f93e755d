import type { FieldError } from '../validation/field-error.js';
import type { WireError } from '../wire-error.js';
import { statusTitle } from './http-error.js';

/** RFC 9457 problem details, as every Halyard HTTP error is answered. */
export interface Problem {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly instance: string;
  readonly code: string;
  /** The first 100 field errors. */
  readonly errors?: readonly FieldError[];
  /** How many field errors there are beyond those in `errors`; absent when `errors` has them all. */
  readonly errorsOmitted?: number;
}

export const problemContentType = 'application/problem+json; charset=utf-8';

/** The problem body of a wire error (built by `wireError`, so already bounded). */
export function problem(status: number, error: WireError, instance: string): Problem {
  return {
    type: 'about:blank',
    title: statusTitle(status),
    status,
    detail: error.message,
    instance,
    code: error.code,
    ...(error.errors && { errors: error.errors }),
    ...(error.errorsOmitted !== undefined && { errorsOmitted: error.errorsOmitted }),
  };
}
