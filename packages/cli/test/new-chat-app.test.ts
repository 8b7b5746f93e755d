// End to end with the chat template (generated from apps/chat): `halyard new` (npm, this
// repository's packages), `npm start` with docs and a room socket, `halyard generate` and the app's
// own tests (apps/chat's suite, browser tests included, plus the generated ones), `halyard docs`.
// One app is scaffolded and installed for the whole file; new-minimal-app.test.ts runs in parallel.
import t from 'tap';
import {
  checkDocuments,
  checkSinglePeers,
  exportDocs,
  generateAndTest,
  npmStart,
  request,
  scaffold,
  scaffoldWork,
} from './helpers/app-flow.js';
import { run } from './helpers/cli-process.js';

t.setTimeout(720_000); // a hang guard: an install from the registry, then the whole suite with its browser tests

const { work, env, notScaffolded } = await scaffoldWork(t, 'halyard-e2e-chat-');
let app = notScaffolded;

t.test('halyard new --template chat --workspace: scaffolds and installs', async (t) => {
  app = await scaffold(t, { work, name: 'team-chat', template: 'chat', env });
  await checkSinglePeers(t, app);
});

t.test('npm start: valid documents at /docs, the rooms API, a reply on the room socket', async (t) => {
  const server = await npmStart(app, env);
  t.teardown(() => server.stop());
  const asyncapi = await (await fetch(`${server.url}/docs/asyncapi.json`)).json();
  const openapi = await (await fetch(`${server.url}/docs/openapi.json`)).json();
  await checkDocuments(t, asyncapi, openapi);
  t.match(asyncapi, { channels: { ChatSocket: { address: '/ws/rooms/{roomId}' } } });

  const rooms = (await (await fetch(`${server.url}/api/rooms`)).json()) as Array<{ id: string }>;
  t.ok(
    rooms.some((room) => room.id === 'general'),
    'the seeded rooms are listed',
  );

  const reply = await request(`${server.url.replace('http', 'ws')}/ws/rooms/general?name=e2e`, {
    type: 'send',
    id: 's1',
    data: { text: 'hello from the CLI test' },
  } as { id: string });
  t.match(reply, {
    type: 'reply',
    id: 's1',
    to: 'send',
    data: { roomId: 'general', author: 'e2e', text: 'hello from the CLI test' },
  });
});

// The app's own suite (apps/chat's, browser tests included) runs once, after generating: a superset
// of the template as scaffolded (generating adds files and registers them, it changes no test), and
// a second run before generating cost CI a minute and a half for nothing it could catch alone. The
// chat's document tests compare only the chat's own paths and channels with their golden files, so
// the generated controller's routes do not break them.
t.test('halyard generate into the chat: the whole test suite passes', async (t) => {
  await generateAndTest(
    t,
    { dir: app, env },
    {
      commands: [
        ['generate', 'controller', 'polls', '--rest', '--ws'],
        ['g', 'd', 'reaction'],
      ],
      controllerHints: [
        ['update it with HALYARD_UPDATE_GOLDEN=1 npm test', 'the hint about API snapshots'],
        [
          'The app has a generated client (web/src/api-client.ts): regenerate it with npm run client.',
          'the hint about the client module',
        ],
      ],
      testFiles: [
        'polls',
        'reaction.dto',
        'chat-rest',
        'chat-asyncapi',
        'chat-socket',
        'chat-board',
        'chat-api-client',
        'chat-client-schema',
        'chat-drift',
        'chat-metrics',
        'chat.e2e.browser',
        'chat-resume.e2e.browser',
        'docs-page.browser',
      ],
    },
  );
});

t.test('without a browser the browser tests are skipped, saying how to get one', async (t) => {
  // The repository's own `pnpm test` sets HALYARD_REQUIRE_BROWSER (a missing browser fails there);
  // a user's machine does not, and that is the case checked here.
  const { HALYARD_REQUIRE_BROWSER: _required, ...userEnv } = env;
  const result = await run(
    'npx',
    ['--no-install', 'tap', '--reporter', 'tap', 'test/docs-page.browser.test.ts'],
    { cwd: app, env: { ...userEnv, CHROMIUM_PATH: '/nonexistent/chromium' }, timeoutMs: 120_000 },
  );
  t.equal(result.code, 0, 'a skip is not a failure', { stdout: result.stdout, stderr: result.stderr });
  t.match(
    result.stdout,
    'ok 1 - the /docs page renders the chat API and its console talks to the live server # SKIP no browser at /nonexistent/chromium: install Chromium (Debian/Ubuntu: sudo apt-get install chromium; macOS: brew install --cask chromium) or set CHROMIUM_PATH to a Chromium or Chrome binary',
  );
});

t.test('halyard docs: valid documents with the generated controller, and the static site', async (t) => {
  const documents = await exportDocs(t, app, env);
  t.ok(
    (documents.openapi['paths'] as Record<string, unknown>)['/api/polls'],
    'the generated REST controller',
  );
  t.ok((documents.asyncapi['channels'] as Record<string, unknown>)['PollsSocket'], 'the generated socket');
  t.ok((documents.asyncapi['channels'] as Record<string, unknown>)['ChatSocket'], 'the chat socket');
});
