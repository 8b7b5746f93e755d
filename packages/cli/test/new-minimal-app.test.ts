// End to end with the minimal template: `halyard new` (npm, this repository's packages), the
// app's own tests, `npm start` with docs and a socket, `halyard generate`, `halyard docs` and its
// static site in Chromium, `halyard docs diff`, `halyard dev`. One app is scaffolded and installed
// for the whole file; the chat template runs in new-chat-app.test.ts, in parallel.
import t from 'tap';
import { appendFile, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import {
  checkDocuments,
  checkSinglePeers,
  exportDocs,
  generateAndTest,
  npmStart,
  npmTest,
  request,
  scaffold,
  scaffoldWork,
  serveFolder,
} from './helpers/app-flow.js';
import { launchBrowser } from './helpers/browser.js';
import { halyard, startServer } from './helpers/cli-process.js';

t.setTimeout(480_000); // a hang guard: an install, two test runs, Chromium and `halyard dev` (~280 s on a quiet 2-core CI)

const { work, env, notScaffolded } = await scaffoldWork(t, 'halyard-e2e-minimal-');
let app = notScaffolded;

t.test('halyard new --workspace: scaffolds and installs with the packed workspace packages', async (t) => {
  app = await scaffold(t, { work, name: 'notes-app', template: 'minimal', env });
  await checkSinglePeers(t, app);
});

t.test("the app's own tests pass (inject and a real ws client)", async (t) => {
  const result = await npmTest(t, app, env);
  t.match(result.stdout, 'ok 1 - test/api-client.test.ts');
  t.match(result.stdout, 'ok 2 - test/echo.test.ts');
  t.match(result.stdout, 'ok 3 - test/notes.test.ts');
});

t.test('npm start: valid documents at /docs, REST answers, the socket replies', async (t) => {
  const server = await npmStart(app, env);
  t.teardown(() => server.stop());
  const asyncapi = await (await fetch(`${server.url}/docs/asyncapi.json`)).json();
  const openapi = await (await fetch(`${server.url}/docs/openapi.json`)).json();
  await checkDocuments(t, asyncapi, openapi);
  t.match(asyncapi, { info: { title: 'notes-app' }, channels: { EchoSocket: { address: '/ws/echo' } } });
  t.equal((await fetch(`${server.url}/docs`)).status, 200, 'the docs UI page');

  const created = await fetch(`${server.url}/api/notes`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ title: 'From the test' }),
  });
  t.equal(created.status, 201);
  t.match(await created.json(), { id: 1, title: 'From the test', body: '' });

  const reply = await request(`${server.url.replace('http', 'ws')}/ws/echo`, {
    type: 'echo',
    id: 'e1',
    data: { text: 'hello' },
  } as { id: string });
  t.match(reply, { type: 'reply', id: 'e1', to: 'echo', data: { text: 'hello' } });
});

t.test('halyard generate, then the tests still pass and the docs grow without breaking', async (t) => {
  const before = await halyard(['docs', '--format', 'json', '--out', 'published'], { cwd: app, env });
  t.equal(before.code, 0, 'docs --format json --out published', { stderr: before.stderr });

  await generateAndTest(
    t,
    { dir: app, env },
    {
      commands: [
        ['generate', 'controller', 'orders', '--rest', '--ws'],
        ['g', 'c', 'live-scores', '--ws'],
        ['g', 'c', 'invoices'],
        ['g', 'd', 'shipping-address'],
      ],
      controllerHints: [
        [
          'The app has a generated client (src/api-client.ts): regenerate it with npm run client.',
          'the hint about the client module',
        ],
      ],
      testFiles: ['orders', 'live-scores', 'invoices', 'shipping-address.dto'],
    },
  );

  const documents = await exportDocs(t, app, env);
  t.ok(
    (documents.openapi['paths'] as Record<string, unknown>)['/api/orders'],
    'the registered REST controller is in the docs',
  );
  t.ok((documents.openapi['paths'] as Record<string, unknown>)['/api/invoices']);
  t.strictSame(
    Object.keys(documents.asyncapi['channels'] as object),
    ['EchoSocket', 'LiveScoresSocket', 'OrdersSocket'],
    'the registered sockets are in the docs',
  );

  const diff = await halyard(['docs', 'diff', 'published/asyncapi.json', 'api-docs/asyncapi.yaml'], {
    cwd: app,
    env,
  });
  t.equal(diff.code, 0, 'only additions: not breaking');
  t.match(diff.stdout, '+ channel OrdersSocket (/ws/orders): channel added');
  t.match(diff.stdout, /\n✔ 0 breaking, \d+ non-breaking\n$/);
  const openDiff = await halyard(['docs', 'diff', 'published/openapi.json', 'api-docs/openapi.json'], {
    cwd: app,
    env,
  });
  t.equal(openDiff.code, 0);
  t.match(openDiff.stdout, '+ path /api/orders: path added');
  const breaking = await halyard(['docs', 'diff', 'api-docs/openapi.json', 'published/openapi.json'], {
    cwd: app,
    env,
  });
  t.equal(breaking.code, 1, 'the other way round, paths are removed: breaking');
  t.match(breaking.stdout, '✖ path /api/orders: path removed');
});

t.test('the exported static site renders both APIs in Chromium from a static server', async (t) => {
  const server = await serveFolder(join(app, 'api-docs/html'));
  t.teardown(() => server.close());
  const browser = await launchBrowser();
  t.teardown(() => browser.close());
  const page = await browser.newPage();
  const failed: string[] = [];
  page.on('requestfailed', (failure) => failed.push(failure.url()));
  page.on('pageerror', (error) => failed.push(`page error: ${error.message}`));

  await page.goto(`${server.url}/`);
  await page.locator('#swagger-ui').getByText('/api/orders').first().waitFor({ timeout: 20_000 });
  t.pass('Swagger UI lists the REST routes from openapi.json');
  await page.getByRole('tab', { name: 'WebSocket API' }).click();
  await page.getByTestId('asyncapi').getByText('/ws/live-scores').first().waitFor({ timeout: 20_000 });
  t.pass('the AsyncAPI viewer lists the channels from asyncapi.json');
  t.strictSame(failed, [], 'no failed requests, no page errors: everything is in the folder');
});

t.test('halyard dev: starts the app, restarts it after a change, keeps it on a compile error', async (t) => {
  const dev = await startServer(
    process.execPath,
    [join(app, 'node_modules/@halyard/cli/dist/bin/halyard.js'), 'dev'],
    {
      cwd: app,
      env: { ...env, PORT: '0' },
      timeoutMs: 60_000,
    },
  );
  t.teardown(() => dev.stop());
  t.match(dev.output(), '[halyard dev] compiled: starting the app');
  const waitFor = async (pattern: RegExp, count: number): Promise<void> => {
    const deadline = Date.now() + 30_000;
    while ((dev.output().match(pattern) ?? []).length < count) {
      if (Date.now() > deadline) throw new Error(`no ${count}× ${pattern} in:\n${dev.output()}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };
  const main = join(app, 'src/main.ts');
  const original = await readFile(main, 'utf8');
  await appendFile(main, "\nconst broken: number = 'text';\n");
  await waitFor(/compile errors: the running app is kept/g, 1);
  t.pass('a compile error keeps the running app');
  await appendFile(main, '\n'); // still broken
  await rm(main);
  await appendFile(main, `${original}\napp.log.info('reloaded');\n`);
  await waitFor(/compiled: restarting the app/g, 1);
  await waitFor(/Server listening at http:\/\/127\.0\.0\.1:\d+/g, 2);
  await waitFor(/reloaded/g, 1);
  t.pass('a clean compile restarts the app with the new code');
});
