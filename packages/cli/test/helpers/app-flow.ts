import { lstat, readdir, readFile, realpath, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Test } from 'tap';
import WebSocket from 'ws';
import { parse } from 'yaml';
import {
  cleanEnv,
  halyard,
  repoRoot,
  run,
  startServer,
  tempDir,
  type Result,
  type RunningApp,
} from './cli-process.js';
import { sharedPackCache } from './pack-cache.js';
import { serveFolder } from './static-server.js';
import { asyncApiParserProblems, asyncApiSchemaErrors, openApiErrors } from './validators.js';

/**
 * Where a file that scaffolds one app for all its tests works: a temporary folder (removed when the
 * file ends) and the environment its commands run with, the workspace packed once per build for every
 * file that scaffolds (helpers/pack-cache.ts). `notScaffolded` is a folder that does not exist: until
 * the scaffold test sets the app's folder, commands run there fail instead of running in the repository
 * (an empty cwd is the process's own).
 */
export async function scaffoldWork(
  t: Test,
  prefix: string,
): Promise<{ work: string; env: NodeJS.ProcessEnv; notScaffolded: string }> {
  const work = await tempDir(prefix);
  t.teardown(() => rm(work, { recursive: true, force: true }));
  const env = cleanEnv({ HALYARD_PACK_CACHE: await sharedPackCache() });
  return { work, env, notScaffolded: join(work, 'not-scaffolded') };
}

/**
 * `halyard new <name> --template <template> --workspace <this repo>` with npm (or pnpm, which must
 * be on `env.PATH`), installed.
 */
export async function scaffold(
  t: Test,
  options: {
    work: string;
    name: string;
    template: 'minimal' | 'chat';
    env: NodeJS.ProcessEnv;
    manager?: 'npm' | 'pnpm';
  },
): Promise<string> {
  const manager = options.manager ?? 'npm';
  const args = ['new', options.name, '--template', options.template, '--package-manager', manager];
  const result = await halyard([...args, '--workspace', repoRoot], {
    cwd: options.work,
    env: options.env,
    timeoutMs: 240_000,
  });
  t.equal(result.code, 0, 'halyard new exits 0', { stdout: result.stdout, stderr: result.stderr });
  const app = join(options.work, options.name);
  t.match(
    result.stdout,
    `Creating ${options.name} from the ${options.template} template\n[1/4] Checking ${app}\n`,
  );
  t.match(result.stdout, /\n\[3\/4\] Packing @halyard\/[^\n]*@halyard\/core, @halyard\/docs-ui[^\n]* from /);
  const install = manager === 'npm' ? 'npm install --no-audit --no-fund' : 'pnpm install';
  t.match(result.stdout, `\n[4/4] Installing dependencies: ${install}\n`);
  t.equal(
    result.stdout.slice(result.stdout.lastIndexOf('\nNext:\n')),
    `\nNext:\n  cd ${options.name}\n  ${manager} start    # http://127.0.0.1:3000, API docs at /docs\n  ${manager} test\n`,
    'the next steps, exactly',
  );
  return app;
}

/**
 * The app's node_modules has one copy of each peer dependency, shared by `@halyard/core` and the
 * app's DTOs (a second copy would hide the DTOs' metadata from core). Under pnpm,
 * `node_modules/@halyard/core` is a link into the app's own `node_modules/.pnpm`, and the store
 * folder holds exactly one version of each.
 */
export async function checkSinglePeers(t: Test, app: string, manager: 'npm' | 'pnpm' = 'npm'): Promise<void> {
  const manifest = JSON.parse(await readFile(join(app, 'package.json'), 'utf8'));
  t.match(
    manifest.dependencies['@halyard/core'],
    /^file:.*halyard-core-\d+\.\d+\.\d+\.tgz$/,
    'core from a packed tarball',
  );
  const core = join(app, 'node_modules/@halyard/core');
  if (manager === 'npm')
    t.notOk(
      (await lstat(core)).isSymbolicLink(),
      'core is installed as a copy, not a link into the repository',
    );
  else {
    t.ok(
      (await realpath(core)).startsWith(join(app, 'node_modules/.pnpm/')),
      'core is installed in the app (its .pnpm folder), not linked into the repository',
    );
    const store = await readdir(join(app, 'node_modules/.pnpm'));
    for (const name of ['@halyard+core', 'class-validator', 'class-transformer', 'reflect-metadata'])
      t.strictSame(
        store.filter((entry) => entry.startsWith(`${name}@`)).length,
        1,
        `${name}: one version in node_modules/.pnpm`,
      );
  }
  const fromApp = createRequire(join(app, 'package.json'));
  const fromCore = createRequire(join(await realpath(core), 'package.json'));
  t.equal(
    fromApp.resolve('@halyard/core'),
    join(await realpath(core), 'dist/index.js'),
    '@halyard/core: the app resolves the installed copy',
  );
  for (const peer of ['class-validator', 'class-transformer', 'reflect-metadata'])
    t.equal(fromCore.resolve(peer), fromApp.resolve(peer), `${peer}: one copy for the app and core`);
}

/** `npm test` (or `pnpm test`) in the app; returns tap's totals line. */
// eslint-disable-next-line @typescript-eslint/max-params -- predates the rule (issue 15); turn into an options object when this signature next changes
export async function npmTest(
  t: Test,
  app: string,
  env: NodeJS.ProcessEnv,
  options: {
    readonly manager?: 'npm' | 'pnpm';
    /** Extra arguments for tap, e.g. `--exclude=...`. */
    readonly tapArgs?: readonly string[];
  } = {},
): Promise<Result> {
  const manager = options.manager ?? 'npm';
  const args = options.tapArgs ? ['test', '--', ...options.tapArgs] : ['test'];
  // A hang guard, not a speed check: the chat app's suite (three browser files) takes ~90-200 s on 2 cores.
  const result = await run(manager, args, { cwd: app, env, timeoutMs: 300_000 });
  const totals = /# \{ total: (\d+), pass: (\d+)(, [^}]*)? \}/.exec(result.stdout);
  t.equal(result.code, 0, `${manager} test passes`, {
    stdout: result.stdout.slice(-6000),
    stderr: result.stderr.slice(-2000),
  });
  t.ok(totals && totals[1] === totals[2] && !totals[3], `every assertion passed: ${totals?.[0]}`);
  return result;
}

/**
 * Runs `halyard generate` with each of `steps.commands` in the app (after a controller, its output
 * must hold each of `steps.controllerHints`), then `npm run client` (a new controller changes the
 * API the client module describes) and the app's tests, in which each of `steps.testFiles`
 * (`test/<file>.test.ts`) must have run and passed.
 */
export async function generateAndTest(
  t: Test,
  app: { readonly dir: string; readonly env: NodeJS.ProcessEnv },
  steps: {
    readonly commands: readonly (readonly string[])[];
    /** What the output of `generate controller` says, and the assertion's message. */
    readonly controllerHints: readonly (readonly [text: string, message: string])[];
    readonly testFiles: readonly string[];
  },
): Promise<void> {
  const { dir, env } = app;
  for (const args of steps.commands) {
    const result = await halyard([...args], { cwd: dir, env });
    t.equal(result.code, 0, args.join(' '), { stderr: result.stderr });
    if (args[1] === 'controller' || args[1] === 'c')
      for (const [text, message] of steps.controllerHints) t.match(result.stdout, text, message);
  }
  const client = await run('npm', ['run', 'client'], { cwd: dir, env, timeoutMs: 120_000 });
  t.equal(client.code, 0, 'npm run client', { stderr: client.stderr });
  const tests = await npmTest(t, dir, env);
  for (const file of steps.testFiles)
    t.match(
      tests.stdout,
      new RegExp(`ok \\d+ - test/${file.replaceAll('.', '\\.')}\\.test\\.ts`),
      `test/${file}.test.ts ran and passed`,
    );
}

/** Sends one message with an id over a real WebSocket and resolves with the frame answering it. */
export async function request(
  url: string,
  message: object & { id: string },
): Promise<Record<string, unknown>> {
  const socket = new WebSocket(url);
  try {
    await new Promise((resolve, reject) => {
      socket.once('open', resolve);
      socket.once('error', reject);
    });
    const reply = new Promise<Record<string, unknown>>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no answer to ${message.id} from ${url}`)), 10_000);
      socket.on('message', (data) => {
        const frame = JSON.parse(String(data)) as Record<string, unknown>;
        if (frame['id'] === message.id) {
          clearTimeout(timer);
          resolve(frame);
        }
      });
    });
    socket.send(JSON.stringify(message));
    return await reply;
  } finally {
    socket.close();
  }
}

/** `npm start` (or `pnpm start`) with PORT=0, until the app logs the address it listens on. */
export function npmStart(
  app: string,
  env: NodeJS.ProcessEnv,
  manager: 'npm' | 'pnpm' = 'npm',
): Promise<RunningApp> {
  return startServer(manager, ['start'], { cwd: app, env: { ...env, PORT: '0' }, timeoutMs: 120_000 });
}

/** Both documents are valid for the real validators, with zero problems. */
export async function checkDocuments(t: Test, asyncapi: unknown, openapi: unknown): Promise<void> {
  t.strictSame(asyncApiSchemaErrors(asyncapi), [], 'AsyncAPI: @asyncapi/specs 3.0.0 schema, no errors');
  t.strictSame(
    await asyncApiParserProblems(asyncapi),
    [],
    'AsyncAPI: @asyncapi/parser, no errors or warnings',
  );
  t.strictSame(await openApiErrors(openapi), [], 'OpenAPI: valid for @seriousme/openapi-schema-validator');
}

/** `npm run docs` (or `pnpm run docs`: the app's own `halyard docs`); checks every file it writes. */
// eslint-disable-next-line @typescript-eslint/max-params -- predates the rule (issue 15); turn into an options object when this signature next changes
export async function exportDocs(
  t: Test,
  app: string,
  env: NodeJS.ProcessEnv,
  manager: 'npm' | 'pnpm' = 'npm',
): Promise<{ asyncapi: Record<string, unknown>; openapi: Record<string, unknown> }> {
  const result = await run(manager, ['run', 'docs'], { cwd: app, env, timeoutMs: 120_000 });
  t.equal(result.code, 0, `${manager} run docs exits 0`, { stdout: result.stdout, stderr: result.stderr });
  t.match(
    result.stdout,
    '[1/3] Compiling with tsc -p tsconfig.json\n[2/3] Generating the documents from dist/app-options.js\n',
  );
  t.match(result.stdout, '[3/3] Wrote 14 files to api-docs\n');
  const out = join(app, 'api-docs');
  const asyncapi = JSON.parse(await readFile(join(out, 'asyncapi.json'), 'utf8'));
  const openapi = JSON.parse(await readFile(join(out, 'openapi.json'), 'utf8'));
  await checkDocuments(t, asyncapi, openapi);
  t.strictSame(
    parse(await readFile(join(out, 'asyncapi.yaml'), 'utf8')),
    asyncapi,
    'asyncapi.yaml is the same document',
  );
  t.strictSame(
    parse(await readFile(join(out, 'openapi.yaml'), 'utf8')),
    openapi,
    'openapi.yaml is the same document',
  );
  await checkStaticSite(t, join(out, 'html'), { asyncapi, openapi });
  return { asyncapi, openapi };
}

/**
 * The exported site from a plain static file server: the page, every asset it references, and the
 * two documents it loads by relative URL.
 */
async function checkStaticSite(
  t: Test,
  dir: string,
  documents: { asyncapi: object; openapi: object },
): Promise<void> {
  const server = await serveFolder(dir);
  try {
    const page = await fetch(`${server.url}/`);
    t.equal(page.status, 200);
    const html = await page.text();
    t.notMatch(html, /(src|href)="(https?:)?\/\//, 'no absolute or remote URLs: the folder works anywhere');
    const assets = [...html.matchAll(/(?:src|href)="([^"#]+)"/g)].map((match) => match[1]!);
    t.strictSame(assets.filter((asset) => asset.startsWith('assets/')).sort(), [
      'assets/asyncapi-standalone.js',
      'assets/asyncapi.css',
      'assets/docs.css',
      'assets/docs.js',
      'assets/swagger-ui-bundle.js',
      'assets/swagger-ui.css',
      'assets/viewer.js',
    ]);
    for (const asset of assets) {
      const response = await fetch(new URL(asset, `${server.url}/`));
      t.equal(response.status, 200, `${asset} is served`);
      t.ok((await response.arrayBuffer()).byteLength > 100, `${asset} has content`);
    }
    t.strictSame(await (await fetch(`${server.url}/asyncapi.json`)).json(), documents.asyncapi);
    t.strictSame(await (await fetch(`${server.url}/openapi.json`)).json(), documents.openapi);
  } finally {
    await server.close();
  }
}

export { serveFolder };
