// `halyard docs mock` through the built CLI: a plain `ws` client against the document of a
// scaffolded app (the minimal template, compiled without an install) gets the documented example
// reply and a validation error; a hand-written AsyncAPI 3 document without examples is served too.
import t, { type Test } from 'tap';
import { spawn, type ChildProcess } from 'node:child_process';
import { cp, writeFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { createServer, type AddressInfo } from 'node:net';
import WebSocket from 'ws';
import { cleanEnv, cliBin, halyard, repoRoot, tempDir } from './helpers/cli-process.js';
import { linkModules } from './helpers/linked-modules.js';

t.setTimeout(180_000);
const work = await tempDir('halyard-mock-');
t.teardown(() => rm(work, { recursive: true, force: true }));

/** Starts `halyard docs mock <file> --port 0` and resolves with its ws:// address once it listens. */
function startMock(
  t: Test,
  cwd: string,
  file: string,
): Promise<{ url: string; child: ChildProcess; output: () => string }> {
  const child = spawn(process.execPath, [cliBin, 'docs', 'mock', file, '--port', '0'], {
    cwd,
    env: cleanEnv(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  t.teardown(() => {
    if (child.exitCode === null) child.kill('SIGTERM');
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the mock did not listen:\n${output}`)), 30_000);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString('utf8');
      const match = /Mock listening at (ws:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({ url: match[1]!, child, output: () => output });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`the mock exited with ${code}:\n${output}`)));
  });
}

/** Opens a plain ws client, sends each frame, and resolves with one parsed answer per frame. */
async function exchange(url: string, frames: readonly string[]): Promise<unknown[]> {
  const socket = new WebSocket(url);
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  const answers: unknown[] = [];
  const done = new Promise<void>((resolve) =>
    socket.on('message', (data) => {
      answers.push(JSON.parse(String(data)));
      if (answers.length === frames.length) resolve();
    }),
  );
  for (const frame of frames) socket.send(frame);
  await done;
  socket.close();
  return answers;
}

t.test("a scaffolded app's document: the example reply and a validation error", async (t) => {
  const app = join(work, 'minimal');
  await cp(join(repoRoot, 'packages/cli/templates/minimal'), app, { recursive: true });
  await linkModules(app);
  const docs = await halyard(['docs', '--format', 'json'], { cwd: app, timeoutMs: 120_000 });
  t.equal(docs.code, 0, docs.stderr);

  const mock = await startMock(t, app, 'api-docs/asyncapi.json');
  t.match(mock.output(), '  /ws/echo  $ping, echo');
  const answers = await exchange(`${mock.url}/ws/echo`, [
    JSON.stringify({ type: 'echo', id: 1, data: { text: 'hi' } }),
    JSON.stringify({ type: 'echo', id: 2, data: { text: '' } }),
    JSON.stringify({ type: 'shout', id: 3 }),
    '{"type":',
  ]);
  t.strictSame(answers[0], {
    type: 'reply',
    to: 'echo',
    data: { text: 'example', receivedAt: '2026-01-01T00:00:00.000Z' },
    id: 1,
  });
  t.strictSame(answers[1], {
    type: 'error',
    id: 2,
    error: {
      code: 'HALYARD_ERR_VALIDATION',
      message: 'message failed validation',
      details: [
        {
          in: 'message',
          path: 'text',
          constraint: 'minLength',
          message: 'text must NOT have fewer than 1 characters',
        },
      ],
    },
  });
  t.strictSame(answers[2], {
    type: 'error',
    id: 3,
    error: {
      code: 'HALYARD_ERR_WS_UNKNOWN_TYPE',
      message: 'Unknown message type "shout"',
      details: { known: ['$ping', 'echo'] },
    },
  });
  t.match(answers[3], { type: 'error', error: { code: 'HALYARD_ERR_WS_MALFORMED_JSON' } });

  const refused = await new Promise<number | undefined>((resolve) => {
    const socket = new WebSocket(`${mock.url}/ws/nowhere`);
    socket.once('unexpected-response', (_request, response) => resolve(response.statusCode));
    socket.once('error', () => resolve(undefined));
  });
  t.equal(refused, 404, 'a path no channel has is refused');
});

t.test('any AsyncAPI 3 WebSocket document: a reply without examples is built from its schema', async (t) => {
  const document = {
    asyncapi: '3.0.0',
    info: { title: 'Ticker', version: '1.0.0' },
    channels: {
      prices: {
        address: '/prices/{symbol}',
        parameters: { symbol: {} },
        messages: {
          subscribe: {
            payload: {
              type: 'object',
              properties: { type: { const: 'subscribe' }, depth: { type: 'integer', minimum: 1 } },
              required: ['type', 'depth'],
            },
          },
          quote: {
            payload: {
              type: 'object',
              properties: {
                type: { const: 'quote' },
                price: { type: 'number', minimum: 0 },
                at: { type: 'string', format: 'date-time' },
              },
              required: ['type', 'price', 'at'],
            },
          },
        },
      },
    },
    operations: {
      subscribe: {
        action: 'receive',
        channel: { $ref: '#/channels/prices' },
        messages: [{ $ref: '#/channels/prices/messages/subscribe' }],
        reply: {
          channel: { $ref: '#/channels/prices' },
          messages: [{ $ref: '#/channels/prices/messages/quote' }],
        },
      },
    },
  };
  await writeFile(join(work, 'ticker.json'), JSON.stringify(document));
  const mock = await startMock(t, work, 'ticker.json');
  const answers = await exchange(`${mock.url}/prices/ACME`, [
    JSON.stringify({ type: 'subscribe', depth: 5 }),
    JSON.stringify({ type: 'subscribe', depth: 0 }),
  ]);
  t.strictSame(answers[0], { type: 'quote', price: 0, at: '2026-01-01T00:00:00.000Z' });
  t.match(answers[1], {
    type: 'error',
    error: { code: 'HALYARD_ERR_VALIDATION', details: [{ path: 'depth', constraint: 'minimum' }] },
  });
});

t.test('an OpenAPI document is refused with HALYARD_ERR_CLI_DOCUMENT_KIND', async (t) => {
  await writeFile(join(work, 'openapi.json'), JSON.stringify({ openapi: '3.1.0', info: {}, paths: {} }));
  const result = await halyard(['docs', 'mock', 'openapi.json'], { cwd: work });
  t.equal(result.code, 2);
  t.match(
    result.stderr,
    'error HALYARD_ERR_CLI_DOCUMENT_KIND: openapi.json is openapi 3.1.0; docs mock serves AsyncAPI 3 documents',
  );
});

t.test('a port in use is HALYARD_ERR_CLI_MOCK_LISTEN_FAILED', async (t) => {
  const taken = createServer();
  await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
  t.teardown(() => taken.close());
  const { port } = taken.address() as AddressInfo;
  const result = await halyard(['docs', 'mock', 'ticker.json', '--port', String(port)], { cwd: work });
  t.equal(result.code, 1);
  t.match(
    result.stderr,
    `error HALYARD_ERR_CLI_MOCK_LISTEN_FAILED: the mock cannot listen on 127.0.0.1:${port}: EADDRINUSE; pick another --port or --host`,
  );
});
