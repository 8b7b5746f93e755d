import type { FastifyInstance, InjectOptions } from 'fastify';

/** What an answer comes to: its status and its body (parsed, for a JSON answer). */
export interface Answer<Body> {
  readonly status: number;
  readonly body: Body;
}

/**
 * `app.inject(options)` reduced to `{ status, body }` with the body parsed as JSON, so a test states
 * the whole answer in one `t.strictSame`.
 */
export async function injectJson(
  app: FastifyInstance,
  options: InjectOptions | string,
): Promise<Answer<unknown>> {
  const res = await app.inject(options);
  return { status: res.statusCode, body: res.json() };
}

/** `app.inject(options)` reduced to `{ status, body }` with the body as text: e.g. `{ status: 204, body: '' }`. */
export async function injectText(
  app: FastifyInstance,
  options: InjectOptions | string,
): Promise<Answer<string>> {
  const res = await app.inject(options);
  return { status: res.statusCode, body: res.body };
}
