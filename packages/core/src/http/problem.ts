import type { FieldError } from '../validation/field-error.js';
import { statusTitle } from './http-error.js';

/** RFC 9457 problem details, as every Halyard HTTP error is answered. */
export interface Problem {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly instance: string;
  readonly code: string;
  readonly errors?: readonly FieldError[];
}

export const problemContentType = 'application/problem+json; charset=utf-8';

export function problem(
  status: number,
  code: string,
  detail: string,
  instance: string,
  errors?: readonly FieldError[],
): Problem {
  return {
    type: 'about:blank',
    title: statusTitle(status),
    status,
    detail,
    instance,
    code,
    ...(errors && errors.length > 0 && { errors }),
  };
}
