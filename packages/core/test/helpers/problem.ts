import type { LightMyRequestResponse } from 'fastify';
import type { Test } from 'tap';

/** Where a field error was found, as a validation problem's `errors[].in` names it. */
export type ErrorSource = 'body' | 'query' | 'params' | 'headers';

/** One expected validation error: `[path, constraint, message]`. */
export type ExpectedFieldError = readonly [path: string, constraint: string, message: string];

/** The expected problem: `type` is always `about:blank` and `title` follows from `status`. */
export interface ExpectedProblem {
  readonly status: 400 | 404 | 429 | 500;
  readonly detail: string;
  readonly instance: string;
  readonly code: string;
  readonly errors?: readonly unknown[];
}

// Written out rather than read from node:http, so the test states what the client sees.
const titles: Record<ExpectedProblem['status'], string> = {
  400: 'Bad Request',
  404: 'Not Found',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
};

/** The `errors` entries of a validation problem, every one found in `source`. */
export function fieldErrors(source: ErrorSource, errors: readonly ExpectedFieldError[]) {
  return errors.map(([path, constraint, message]) => ({ in: source, path, constraint, message }));
}

/** Asserts `res` answers exactly the problem `expected`: status, problem content type and whole body. */
export function assertProblem(t: Test, res: LightMyRequestResponse, expected: ExpectedProblem): void {
  const { status, detail, instance, code, errors } = expected;
  t.equal(res.statusCode, status);
  t.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8');
  t.strictSame(res.json(), {
    type: 'about:blank',
    title: titles[status],
    status,
    detail,
    instance,
    code,
    ...(errors && { errors }),
  });
}

/** Asserts `res` is a 400 whose problem lists exactly `errors`, in order (see `fieldErrors`). */
export function assertFieldErrors(t: Test, res: LightMyRequestResponse, errors: readonly unknown[]): void {
  t.equal(res.statusCode, 400);
  t.strictSame(res.json().errors, errors);
}
