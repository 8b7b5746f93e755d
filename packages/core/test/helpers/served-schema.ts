import type { Test } from 'tap';
import { createApp, generateDocs, type CreateAppOptions } from '../../src/index.js';

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

/**
 * Asserts the component `served.name`, a DTO of one required string `text`, follows the validation
 * settings: `additionalProperties: false` by default, left out when unknown properties are stripped
 * or kept, served and from `generateDocs` alike. Returns the open schema.
 */
export async function assertTextSchemaFollowsSettings(
  t: Test,
  served: ServedSchema,
): Promise<Record<string, unknown>> {
  const closed = {
    title: served.name,
    type: 'object',
    properties: { text: { type: 'string' } },
    required: ['text'],
    additionalProperties: false,
  };
  const { additionalProperties: _closedOnly, ...open } = closed;
  t.strictSame(await servedSchema(t, served), closed, 'default: unknown properties are rejected');
  t.strictSame(await servedSchema(t, served, { forbidNonWhitelisted: false }), open, 'stripped, so accepted');
  t.strictSame(await servedSchema(t, served, { whitelist: false }), open, 'kept, so accepted');
  const exported = generateDocs({ controllers: served.controllers, validation: { whitelist: false } });
  t.strictSame(
    exported[served.document].components.schemas[served.name],
    open,
    'generateDocs takes the same setting',
  );
  return open;
}
