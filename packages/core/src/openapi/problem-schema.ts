import type { JsonSchema } from '../schema/json-schema-builder.js';

/** Component name of the shared error body; reserved so a user DTO called `Problem` gets a suffix. */
export const problemComponent = 'Problem';

/** Media type of every Halyard HTTP error (RFC 9457). */
export const problemMediaType = 'application/problem+json';

// A fresh object per use: a YAML serialiser would turn shared objects into anchors and aliases.
const text = (): JsonSchema => ({ type: 'string' });

/**
 * The body of every Halyard HTTP error, as `http/problem.ts` sends it. `errors` lists failed
 * constraints on 400 responses, at most 100 (`errorsOmitted` counts the rest, as in WebSocket
 * error frames); extension members stay allowed, as RFC 9457 intends.
 */
export function problemSchema(): JsonSchema {
  return {
    title: problemComponent,
    description: 'RFC 9457 problem details. `code` is a stable HALYARD_ERR_* code.',
    type: 'object',
    properties: {
      type: text(),
      title: text(),
      status: { type: 'integer' },
      detail: text(),
      instance: text(),
      code: text(),
      errors: {
        description: 'The failed constraints, at most 100; `errorsOmitted` counts the others.',
        type: 'array',
        maxItems: 100,
        items: {
          type: 'object',
          properties: {
            in: { type: 'string', enum: ['body', 'query', 'params', 'headers'] },
            path: text(),
            constraint: text(),
            message: text(),
          },
          required: ['in', 'path', 'constraint', 'message'],
        },
      },
      errorsOmitted: {
        description: 'How many failed constraints follow those in `errors`; absent when `errors` lists all.',
        type: 'integer',
        minimum: 1,
      },
    },
    required: ['type', 'title', 'status', 'code'],
  };
}
