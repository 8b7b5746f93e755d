import type { FastifyInstance, LightMyRequestResponse } from 'fastify';

/**
 * `POST url` with `payload` sent as the raw JSON text (`content-type: application/json`), so a test
 * can send bodies no serialiser would write: malformed, deeply nested, very wide.
 */
export function postJson(
  app: FastifyInstance,
  url: string,
  payload: string,
): Promise<LightMyRequestResponse> {
  return app.inject({ method: 'POST', url, headers: { 'content-type': 'application/json' }, payload });
}
