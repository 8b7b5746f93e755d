import 'reflect-metadata';
import t from 'tap';
import { Validator } from '@seriousme/openapi-schema-validator';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { controllers, generate, info, json, problem } from './helpers/openapi-sample.js';

const doc = generate();

t.test('document head: version, info, servers, sorted tags and paths', async (t) => {
  t.equal(doc.openapi, '3.1.0');
  t.strictSame(doc.info, info);
  t.strictSame(doc.servers, [{ url: 'https://chat.example', description: 'prod' }]);
  t.strictSame(doc.tags, [
    { name: 'admin', description: 'Routes of RoomsController.' },
    { name: 'orgs', description: 'Routes of OrgsController.' },
    { name: 'rooms', description: 'Routes of RoomsController.' },
  ]);
  t.equal(doc.security, undefined, 'routes need credentials: each operation states its own');
  t.strictSame(Object.keys(doc.paths), [
    '/health',
    '/orgs/{org}/members/{id}',
    '/orgs/{org}/repos/{repo}',
    '/rooms',
    '/rooms/{id}',
  ]);
  t.strictSame(Object.keys(doc.paths['/rooms'] ?? {}), ['get', 'post']);
  t.strictSame(Object.keys(doc.paths['/rooms/{id}'] ?? {}), ['get', 'delete']);
});

t.test('query DTO, named header (lower-cased) and an array response', async (t) => {
  t.strictSame(doc.paths['/rooms']?.get, {
    operationId: 'RoomsController_list',
    summary: 'List rooms',
    tags: ['rooms'],
    security: [],
    parameters: [
      { name: 'page', in: 'query', required: false, schema: { type: 'integer', minimum: 1 } },
      { name: 'sort', in: 'query', required: false, schema: { type: 'string', enum: ['name', 'created'] } },
      { name: 'x-request-id', in: 'header', required: false, schema: { type: 'string' } },
    ],
    responses: {
      '200': {
        description: 'OK',
        content: json({ type: 'array', items: { $ref: '#/components/schemas/RoomDto' } }),
      },
      '400': problem('Bad Request'),
      '500': problem('Internal Server Error'),
    },
  });
});

t.test('guarded POST: security, header DTO, body with examples, merged tags', async (t) => {
  t.strictSame(doc.paths['/rooms']?.post, {
    operationId: 'createRoom',
    description: 'Creates a room.',
    tags: ['rooms', 'admin'],
    security: [{ BearerGuard: [], ApiKeyGuard: [] }],
    parameters: [{ name: 'x-trace-id', in: 'header', required: true, schema: { type: 'string' } }],
    requestBody: {
      required: true,
      content: {
        'application/json': {
          schema: { $ref: '#/components/schemas/CreateRoomDto' },
          examples: {
            lobby: { value: { name: 'lobby', kind: 'public', tags: ['general'] }, summary: 'A public lobby' },
            example1: { value: { name: 'secret', kind: 'private' } },
          },
        },
      },
    },
    responses: {
      '201': { description: 'Created', content: json({ $ref: '#/components/schemas/RoomDto' }) },
      '400': problem('Bad Request'),
      '401': problem('Unauthorized'),
      '403': problem('Forbidden'),
      '500': problem('Internal Server Error'),
    },
  });
});

t.test('typed path parameter, two bodies for one status, deprecated 204', async (t) => {
  t.strictSame(doc.paths['/rooms/{id}']?.get, {
    operationId: 'RoomsController_get',
    tags: ['rooms'],
    security: [],
    parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
    responses: {
      '200': {
        description: 'OK',
        content: json({ oneOf: [{ $ref: '#/components/schemas/RoomDto' }, { type: 'string' }] }),
      },
      '400': problem('Bad Request'),
      '500': problem('Internal Server Error'),
    },
  });
  t.strictSame(doc.paths['/rooms/{id}']?.delete, {
    operationId: 'RoomsController_remove',
    tags: ['rooms'],
    deprecated: true,
    security: [{ BearerGuard: [] }],
    parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'number' } }],
    responses: {
      '204': { description: 'No Content' },
      '400': problem('Bad Request'),
      '401': problem('Unauthorized'),
      '403': problem('Forbidden'),
      '500': problem('Internal Server Error'),
    },
  });
});

t.test('path parameters: DTO in path order, regex stripped, untyped ones are strings', async (t) => {
  t.strictSame(doc.paths['/orgs/{org}/members/{id}']?.get?.parameters, [
    { name: 'org', in: 'path', required: true, schema: { type: 'string', maxLength: 39 } },
    { name: 'id', in: 'path', required: true, schema: { type: 'integer' } },
  ]);
  t.strictSame(doc.paths['/orgs/{org}/members/{id}']?.get?.responses['200'], {
    description: 'The member exists',
  });
  t.strictSame(doc.paths['/orgs/{org}/repos/{repo}']?.get?.parameters, [
    { name: 'org', in: 'path', required: true, schema: { type: 'string' } },
    { name: 'repo', in: 'path', required: true, schema: { type: 'string' } },
  ]);
});

t.test('a route with nothing to validate and no guards documents only its body and 500', async (t) => {
  t.strictSame(doc.paths['/health']?.get, {
    operationId: 'HealthController_check',
    security: [],
    responses: {
      '200': { description: 'OK', content: json({ $ref: '#/components/schemas/HealthDto' }) },
      '500': problem('Internal Server Error'),
    },
  });
});

t.test('components: DTO schemas, Problem, security schemes', async (t) => {
  t.strictSame(Object.keys(doc.components.schemas), ['CreateRoomDto', 'HealthDto', 'Problem', 'RoomDto']);
  t.strictSame(doc.components.schemas['RoomDto'], {
    title: 'RoomDto',
    type: 'object',
    properties: {
      id: { type: 'string', format: 'uuid' },
      name: { type: 'string', minLength: 1, maxLength: 50 },
      kind: { type: 'string', enum: ['public', 'private'] },
      topic: { type: 'string' },
    },
    required: ['id', 'name', 'kind'],
    additionalProperties: false,
  });
  t.strictSame(doc.components.schemas['Problem'], {
    title: 'Problem',
    description: 'RFC 9457 problem details. `code` is a stable HALYARD_ERR_* code.',
    type: 'object',
    properties: {
      type: { type: 'string' },
      title: { type: 'string' },
      status: { type: 'integer' },
      detail: { type: 'string' },
      instance: { type: 'string' },
      code: { type: 'string' },
      errors: {
        description: 'The failed constraints, at most 100; `errorsOmitted` counts the others.',
        type: 'array',
        maxItems: 100,
        items: {
          type: 'object',
          properties: {
            in: { type: 'string', enum: ['body', 'query', 'params', 'headers'] },
            path: { type: 'string' },
            constraint: { type: 'string' },
            message: { type: 'string' },
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
  });
  t.strictSame(doc.components.securitySchemes, {
    ApiKeyGuard: { type: 'apiKey', in: 'header', name: 'x-api-key', description: 'Team key' },
    BearerGuard: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
  });
});

t.test('the document is valid OpenAPI 3.1 with zero errors', async (t) => {
  const result = await new Validator().validate(structuredClone(doc) as unknown as Record<string, unknown>);
  t.equal(result.valid, true, JSON.stringify(result.errors));
  t.equal(result.errors, undefined);

  const broken = structuredClone(doc);
  broken.components.schemas = {};
  const control = await new Validator().validate(broken as unknown as Record<string, unknown>);
  t.strictSame(
    control,
    { valid: false, errors: "Can't resolve #/components/schemas/HealthDto" },
    'the validator checks refs',
  );
});

t.test('the schemas are valid JSON Schema 2020-12 and accept the examples', async (t) => {
  const ajv = new Ajv2020({ allErrors: true, validateFormats: false });
  ajv.addKeyword('components');
  ajv.addSchema({ $id: 'urn:halyard:test', components: doc.components });
  const body = ajv.getSchema('urn:halyard:test#/components/schemas/CreateRoomDto');
  if (!body) throw new Error('CreateRoomDto did not compile');
  const examples = doc.paths['/rooms']?.post?.requestBody?.content['application/json']?.examples ?? {};
  t.strictSame(Object.keys(examples), ['example1', 'lobby']);
  for (const [name, example] of Object.entries(examples)) t.equal(body(example.value), true, name);
  t.equal(body({ name: 'x', kind: 'public', extra: 1 }), false, 'unknown properties are rejected');
  t.equal(body({ name: '', kind: 'public' }), false, 'length is checked');
  t.equal(body({ name: 'x', kind: 'secret' }), false, 'enum is checked');
  t.equal(body({ kind: 'public' }), false, 'required is checked');
});

t.test('deterministic: the order of controllers does not change the document', async (t) => {
  t.equal(JSON.stringify(generate([...controllers].reverse())), JSON.stringify(doc));
});

t.test('no object appears twice (a YAML dump would otherwise use anchors)', async (t) => {
  const seen = new Set<object>();
  let shared = 0;
  const walk = (value: unknown): void => {
    if (!value || typeof value !== 'object') return;
    if (seen.has(value)) shared++;
    seen.add(value);
    for (const child of Object.values(value)) walk(child);
  };
  walk(doc);
  t.equal(shared, 0);
});
