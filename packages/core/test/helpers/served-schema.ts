import type { Test } from 'tap';
import { createApp, type CreateAppOptions } from '../../src/index.js';

/** Which document a schema component is read from, and under what name. */
export interface ServedSchema {
  readonly controllers: CreateAppOptions['controllers'];
  readonly document: 'openapi' | 'asyncapi';
  readonly name: string;
}

/**
 * The schema component `name` as `GET /docs/<document>.json` serves it from an app built with
 * `validation` (closed when the test ends): what a setting does to the published documents.
 */
export async function servedSchema(
  t: Test,
  served: ServedSchema,
  validation?: CreateAppOptions['validation'],
): Promise<Record<string, unknown>> {
  const app = await createApp({
    controllers: served.controllers,
    fastify: { logger: false },
    ...(validation && { validation }),
  });
  t.teardown(() => app.close());
  const res = await app.inject({ url: `/docs/${served.document}.json` });
  return res.json().components.schemas[served.name] as Record<string, unknown>;
}
