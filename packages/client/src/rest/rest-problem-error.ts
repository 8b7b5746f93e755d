function problemMessage(status: number, problem: unknown, statusText: string): string {
  const fields = problem as { readonly detail?: unknown; readonly title?: unknown } | undefined;
  const text = [fields?.detail, fields?.title].find((value) => typeof value === 'string');
  return typeof text === 'string' ? text : `HTTP ${status} ${statusText}`.trim();
}

/**
 * A response outside 2xx. `problem` is the server's RFC 9457 body (`application/problem+json`),
 * `undefined` when the body was something else. A generated client module exports it typed with
 * the app's `Problem` schema; its message is the problem's `detail`, else its `title`.
 *
 * @example
 * ```ts
 * try { await api.notes.create({ body: { title: '' } }); }
 * catch (error) {
 *   if (error instanceof RestProblemError && error.status === 400) show(error.problem?.errors);
 * }
 * ```
 */
export class RestProblemError<TProblem = unknown> extends Error {
  override readonly name = 'RestProblemError';
  readonly status: number;
  readonly problem: TProblem | undefined;

  constructor(status: number, problem: TProblem | undefined, statusText: string) {
    super(problemMessage(status, problem, statusText));
    this.status = status;
    this.problem = problem;
  }
}

/**
 * `RestProblemError` as a class whose `problem` is the app's `Problem` type: what a generated
 * module exports as its own `RestProblemError` (the same class, so `instanceof` narrows through
 * the typed `prototype`, which an instantiation expression would leave untyped).
 *
 * @example
 * ```ts
 * export const RestProblemError: RestProblemErrorClass<Problem> = RestError;
 * ```
 */
export interface RestProblemErrorClass<TProblem> {
  new (status: number, problem: TProblem | undefined, statusText: string): RestProblemError<TProblem>;
  readonly prototype: RestProblemError<TProblem>;
}
