import 'reflect-metadata';
import { readdir, readFile } from 'node:fs/promises';
import t from 'tap';
import { stringify } from 'yaml';
import { buildDefinition } from '../src/index.js';
import { errorTable } from '../src/errors.js';
import { generateAsyncApi } from '../src/asyncapi/asyncapi-generator.js';
import { ChatController, GameSocket } from './fixtures/socket-controllers.js';
import { assertValidAsyncApi, parserDiagnostics, validateWithSpec } from './helpers/asyncapi-validators.js';
import { AdminSocket, options, doc, ref, messageId, constant } from './fixtures/asyncapi-sample.js';

// The AsyncAPI document as a whole: head, schema components, ErrorCode, ids and determinism, validity.

t.test('document head: info, content type, servers', async (t) => {
  t.equal(doc.asyncapi, '3.0.0');
  t.strictSame(doc.info, { title: 'Halyard test', version: '1.0.0', description: 'WebSocket API' });
  t.equal(doc.defaultContentType, 'application/json');
  t.strictSame(doc.servers, { local: { host: '127.0.0.1:3000', protocol: 'ws' } });
  t.strictSame(Object.keys(doc.channels), ['AdminSocket', 'ChatController_chat', 'GameSocket']);
  t.strictSame(doc.components.correlationIds, {
    envelopeId: {
      description:
        'The `id` a client puts on a request; the reply or error frame answering it carries the same value.',
      location: '$message.payload#/id',
    },
  });
});

t.test('schemas: the registry components plus the protocol, DTO names never clash', async (t) => {
  const schemas = doc.components.schemas;
  t.strictSame(Object.keys(schemas), [
    'BanDto',
    'BanResult',
    'ChatMessage',
    'ChatResponse',
    'ErrorBody',
    'ErrorCode',
    'ErrorFrame',
    'ErrorFrame_2',
    'MemberBanned',
    'MessageId',
    'MoveDto',
    'MoveResult',
    'PlayerJoined',
    'PresenceEvent',
    'TraceParent',
    'TraceState',
  ]);
  t.equal(schemas['ErrorFrame_2']?.['title'], 'ErrorFrame', 'the user DTO keeps its title');
  t.strictSame(schemas['ErrorFrame']?.['properties'], {
    type: constant('error'),
    id: messageId,
    error: ref('#/components/schemas/ErrorBody'),
  });
  t.strictSame(schemas['ErrorFrame']?.['required'], ['type', 'error']);
  t.strictSame(schemas['MessageId']?.['anyOf'], [{ type: 'string', maxLength: 128 }, { type: 'number' }]);
  const codes = (schemas['ErrorCode']?.['anyOf'] as Array<{ enum?: string[] }>)[0]?.enum;
  t.ok(codes?.includes('HALYARD_ERR_WS_UNKNOWN_TYPE') && codes.includes('HALYARD_ERR_WS_RATE_LIMITED'));
  for (const code of codes ?? [])
    t.match(schemas['ErrorCode']?.['description'], `\`${code}\``, `${code} is described`);
});

t.test('ErrorCode: every code Halyard can put in an error frame, taken from errorTable', async (t) => {
  const errorCode = doc.components.schemas['ErrorCode'];
  const codes = (errorCode?.['anyOf'] as Array<{ enum?: string[] }>)[0]?.enum ?? [];
  t.strictSame(
    codes,
    Object.entries(errorTable).flatMap(([code, entry]) => ('frame' in entry ? [code] : [])),
    'the enum is exactly the codes errorTable marks `frame`',
  );
  // Codes the WebSocket runtime sends itself (sendError / errorFrame calls), plus those of the
  // HttpError classes a handler may throw: each one must be in the enum.
  const wsDir = new URL('../src/ws/', import.meta.url);
  const sent = new Set<string>();
  for (const file of await readdir(wsDir)) {
    const source = await readFile(new URL(file, wsDir), 'utf8');
    for (const call of source.matchAll(/(?:sendError|errorFrame)\(([^;]*?)\)/gs))
      for (const [code] of (call[1] ?? '').matchAll(/HALYARD_ERR_[A-Z_]+/g)) sent.add(code);
  }
  const httpErrors = await readFile(new URL('../src/http/http-error.ts', import.meta.url), 'utf8');
  for (const [, code] of httpErrors.matchAll(/code: '(HALYARD_ERR_[A-Z_]+)'/g)) sent.add(code ?? '');
  t.ok(sent.has('HALYARD_ERR_WS_UNKNOWN_TYPE') && sent.has('HALYARD_ERR_NOT_FOUND'), 'the scan finds codes');
  t.strictSame(
    [...sent].filter((code) => !codes.includes(code)),
    [],
    'no code reaches a client without being documented',
  );
});

t.test('ids, determinism and no shared objects', async (t) => {
  const idPattern = /^[A-Za-z0-9_-]+$/;
  const ids = [
    ...Object.keys(doc.channels),
    ...Object.values(doc.channels).flatMap((channel) => Object.keys(channel.messages)),
    ...Object.keys(doc.operations),
    ...Object.keys(doc.components.messages),
    ...Object.keys(doc.components.schemas),
    ...Object.keys(doc.components.securitySchemes ?? {}),
  ];
  t.strictSame(
    ids.filter((id) => !idPattern.test(id)),
    [],
  );

  const reversed = generateAsyncApi(buildDefinition([AdminSocket, GameSocket, ChatController]), options);
  t.equal(JSON.stringify(reversed), JSON.stringify(doc), 'controller order does not matter');

  const seen = new Set<object>();
  const shared: string[] = [];
  const walk = (value: unknown, path: string): void => {
    if (typeof value !== 'object' || value === null) return;
    if (seen.has(value)) shared.push(path);
    seen.add(value);
    for (const [key, child] of Object.entries(value)) walk(child, `${path}/${key}`);
  };
  walk(doc, '#');
  t.strictSame(shared, [], 'every object appears once');
  t.notMatch(stringify(doc), /(^|\s)[&*]a\d+\b/m, 'YAML has no anchors or aliases');
});

t.test('the document is valid AsyncAPI 3.0.0 for the spec schema and the parser', async (t) => {
  await assertValidAsyncApi(t, doc);

  const broken = structuredClone(doc) as unknown as { operations: Record<string, Record<string, unknown>> };
  const move = broken.operations['GameSocket_move'];
  if (move) move['action'] = 'publish';
  t.not((await validateWithSpec(broken)).length, 0, 'the spec schema rejects a broken copy');
  t.not((await parserDiagnostics(broken, 0)).length, 0, 'the parser rejects a broken copy');
});
