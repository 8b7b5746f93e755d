import 'reflect-metadata';
import { createHash } from 'node:crypto';
import { Writable } from 'node:stream';
import t from 'tap';
import { Controller, createApp, Get, type CreateAppOptions } from '../src/index.js';
import { createQuietApp } from './helpers/logged-app.js';

@Controller('/api')
class ApiController {
  @Get('/health') health(): string {
    return 'ok';
  }
}

/** Runs `body` with NODE_ENV set (or unset), then restores it. */
async function withNodeEnv<T>(value: string | undefined, body: () => Promise<T>): Promise<T> {
  const before = process.env['NODE_ENV'];
  if (value === undefined) delete process.env['NODE_ENV'];
  else process.env['NODE_ENV'] = value;
  try {
    return await body();
  } finally {
    if (before === undefined) delete process.env['NODE_ENV'];
    else process.env['NODE_ENV'] = before;
  }
}

/** The status of GET /docs/openapi.json and the app's log messages, for `docs` under `nodeEnv`. */
async function docsAnswer(
  nodeEnv: string | undefined,
  docs: CreateAppOptions['docs'],
): Promise<{ status: number; messages: string[] }> {
  const messages: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean))
        messages.push((JSON.parse(line) as { msg: string }).msg);
      done();
    },
  });
  const app = await withNodeEnv(nodeEnv, () =>
    createApp({
      controllers: [ApiController],
      ...(docs === undefined ? {} : { docs }),
      fastify: { logger: { level: 'info', stream } },
    }),
  );
  try {
    const status = (await app.inject({ url: '/docs/openapi.json' })).statusCode;
    return { status, messages: messages.filter((message) => message.startsWith('docs')) };
  } finally {
    await app.close();
  }
}

const productionNote =
  'docs routes are off: NODE_ENV is production; pass docs: { enabled: true } to serve them';

t.test('with NODE_ENV=production the docs are off unless enabled explicitly', async (t) => {
  t.strictSame(await docsAnswer('production', undefined), { status: 404, messages: [productionNote] });
  t.strictSame(await docsAnswer('production', { title: 'API' }), { status: 404, messages: [productionNote] });
  t.strictSame(await docsAnswer('production', { enabled: true }), { status: 200, messages: [] });
  t.strictSame(await docsAnswer('production', false), { status: 404, messages: [] }, 'no note when asked');
  t.strictSame(await docsAnswer('production', { enabled: false }), { status: 404, messages: [] });
  t.strictSame(await docsAnswer('development', undefined), { status: 200, messages: [] });
  t.strictSame(await docsAnswer(undefined, { title: 'API' }), { status: 200, messages: [] });
  t.strictSame(await docsAnswer('test', { enabled: false }), { status: 404, messages: [] });

  const built = await withNodeEnv('production', () =>
    createApp({ controllers: [ApiController], fastify: { logger: false } }),
  );
  t.teardown(() => built.close());
  t.equal(built.halyard.openapi.openapi, '3.1.0', 'the documents are built either way');
});

t.test('docs answers carry a policy, nosniff and a referrer policy', async (t) => {
  const app = await createQuietApp(t, {
    controllers: [ApiController],
    docs: { title: 'A <b>' },
  });
  const index = await app.inject({ url: '/docs' });
  t.equal(index.statusCode, 200);
  t.match(
    index.headers['content-security-policy'],
    /^default-src 'none'; style-src 'sha256-[A-Za-z0-9+/]+=*'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'$/,
  );
  t.notMatch(index.headers['content-security-policy'], 'unsafe-inline');
  t.equal(index.headers['x-content-type-options'], 'nosniff');
  t.equal(index.headers['referrer-policy'], 'same-origin');
  // The hash is that of the page's one <style>, so the page renders as it did.
  const style = /<style>([^<]*)<\/style>/.exec(index.body)?.[1] ?? '';
  t.match(
    index.headers['content-security-policy'],
    `'sha256-${createHash('sha256').update(style).digest('base64')}'`,
  );
  for (const url of [
    '/docs/openapi.json',
    '/docs/openapi.yaml',
    '/docs/asyncapi.json',
    '/docs/asyncapi.yaml',
  ]) {
    const answer = await app.inject({ url });
    t.equal(answer.statusCode, 200, url);
    t.equal(
      answer.headers['content-security-policy'],
      "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
      url,
    );
    t.equal(answer.headers['x-content-type-options'], 'nosniff', url);
  }
  const api = await app.inject({ url: '/api/health' });
  t.equal(api.headers['content-security-policy'], undefined, "the app's own routes are untouched");
});
