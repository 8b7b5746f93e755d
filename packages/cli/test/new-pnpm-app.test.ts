// `halyard new --package-manager pnpm` for real: the workspace's packages packed as tarballs and
// installed by pnpm (its symlinked node_modules/.pnpm layout), the app's own tests, its documents
// and `pnpm start`; and an app created inside another pnpm workspace still installs on its own.
// pnpm is the version the repository pins (package.json#packageManager), put on PATH by a shim,
// since neither this machine nor CI installs it globally.
import t from 'tap';
import { access, chmod, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import {
  checkDocuments,
  checkSinglePeers,
  exportDocs,
  npmStart,
  npmTest,
  scaffold,
} from './helpers/app-flow.js';
import { sharedPackCache } from './helpers/pack-cache.js';
import { cleanEnv, halyard, repoRoot, run, tempDir } from './helpers/cli-process.js';

t.setTimeout(240_000); // two pnpm installs from the store (the registry only for what it lacks)

const work = await tempDir('halyard-e2e-pnpm-');
t.teardown(() => rm(work, { recursive: true, force: true }));

/** A `pnpm` on PATH that runs the pinned version: `npx` fetches it once, the shim execs it. */
async function pnpmShim(): Promise<string> {
  const { packageManager } = JSON.parse(await readFile(join(repoRoot, 'package.json'), 'utf8')) as {
    packageManager: string;
  };
  const located = await run('npx', ['-y', '-p', packageManager, '-c', 'command -v pnpm'], {
    cwd: work,
    env: cleanEnv(),
    timeoutMs: 120_000,
  });
  if (located.code !== 0) throw new Error(`npx -p ${packageManager} failed:\n${located.stderr}`);
  const bin = join(work, 'bin');
  await mkdir(bin);
  await writeFile(join(bin, 'pnpm'), `#!/bin/sh\nexec '${located.stdout.trim()}' "$@"\n`);
  await chmod(join(bin, 'pnpm'), 0o755);
  return bin;
}

const env = cleanEnv({
  HALYARD_PACK_CACHE: await sharedPackCache(), // packed once per build (helpers/pack-cache.ts)
  PATH: `${await pnpmShim()}${delimiter}${process.env['PATH'] ?? ''}`,
});
const exists = (path: string): Promise<boolean> =>
  access(path).then(
    () => true,
    () => false,
  );
// Until the scaffold test sets it, commands would run in a folder that does not exist, so they fail
// instead of running in the repository (an empty cwd is the process's own).
let app = join(work, 'not-scaffolded');

t.test('halyard new --package-manager pnpm: installs with pnpm, one copy of each peer', async (t) => {
  const pnpm = await run('pnpm', ['--version'], { cwd: work, env });
  t.equal(pnpm.stdout, '10.34.9\n', 'the shim runs the pinned pnpm');
  // scaffold() checks the steps and that the printed next steps are exactly `pnpm start`, `pnpm test`.
  app = await scaffold(t, { work, name: 'pnpm-app', template: 'minimal', env, manager: 'pnpm' });
  t.ok(await exists(join(app, 'pnpm-lock.yaml')), 'pnpm-lock.yaml');
  t.notOk(await exists(join(app, 'package-lock.json')), 'no package-lock.json');
  t.notOk(await exists(join(app, 'pnpm-workspace.yaml')), 'not inside a pnpm workspace: no workspace file');
  await checkSinglePeers(t, app, 'pnpm');
});

t.test("pnpm test: the app's own tests pass under pnpm's layout", async (t) => {
  const result = await npmTest(t, app, env, { manager: 'pnpm' });
  t.match(result.stdout, 'ok 1 - test/api-client.test.ts');
  t.match(result.stdout, 'ok 2 - test/echo.test.ts');
  t.match(result.stdout, 'ok 3 - test/notes.test.ts');
});

t.test('pnpm run docs and pnpm start: the CLI finds what it needs through the app', async (t) => {
  await exportDocs(t, app, env, 'pnpm');
  const server = await npmStart(app, env, 'pnpm');
  t.teardown(() => server.stop());
  const asyncapi = await (await fetch(`${server.url}/docs/asyncapi.json`)).json();
  const openapi = await (await fetch(`${server.url}/docs/openapi.json`)).json();
  await checkDocuments(t, asyncapi, openapi);
  t.match(asyncapi, { info: { title: 'pnpm-app' } });
});

t.test('inside another pnpm workspace: the app gets a workspace file of its own', async (t) => {
  const outer = join(work, 'monorepo');
  await mkdir(outer);
  await writeFile(join(outer, 'package.json'), '{ "name": "monorepo", "private": true }\n');
  await writeFile(join(outer, 'pnpm-workspace.yaml'), 'packages:\n  - packages/*\n');
  const result = await halyard(['new', 'nested-app', '--package-manager', 'pnpm', '--workspace', repoRoot], {
    cwd: outer,
    env,
    timeoutMs: 180_000,
  });
  t.equal(result.code, 0, 'halyard new exits 0', { stdout: result.stdout, stderr: result.stderr });
  const nested = join(outer, 'nested-app');
  t.equal(
    result.stderr.split('\n')[0],
    `warning ${nested} is inside the pnpm workspace at ${outer}: wrote pnpm-workspace.yaml so that pnpm installs this app on its own`,
    'the warning comes first, before what pnpm prints',
  );
  t.equal(
    await readFile(join(nested, 'pnpm-workspace.yaml'), 'utf8'),
    [
      `# This app lies inside the pnpm workspace at ${outer}. Without this file, pnpm commands`,
      '# run here would act on that workspace, and `pnpm install` would install it instead of this app.',
      '# To make the app a member of that workspace instead, delete this file and list the folder in',
      "# that workspace's pnpm-workspace.yaml.",
      'packages:',
      "  - '.'",
      '',
    ].join('\n'),
  );
  t.ok(await exists(join(nested, 'pnpm-lock.yaml')), 'the app has its lockfile');
  t.ok(await exists(join(nested, 'node_modules/.bin/tap')), 'the app has its node_modules');
  t.strictSame(
    (await readdir(outer)).sort(),
    ['nested-app', 'package.json', 'pnpm-workspace.yaml'],
    'the enclosing workspace was not installed',
  );
  await checkSinglePeers(t, nested, 'pnpm');
});
