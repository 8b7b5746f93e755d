import type { FastifyInstance, InjectOptions } from 'fastify';

/** What a JSON answer comes to: its status and its parsed body. */
export interface JsonAnswer {
  readonly status: number;
  readonly body: unknown;
}

/**
 * `app.inject(options)` reduced to `{ status, body }` with the body parsed as JSON, so a test states
 * the whole answer in one `t.strictSame`.
 */
export async function injectJson(app: FastifyInstance, options: InjectOptions | string): Promise<JsonAnswer> {
  const res = await app.inject(options);
  return { status: res.statusCode, body: res.json() };
}
