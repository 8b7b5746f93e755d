// Commands that work on an app or run other programs, against fixture apps and fake programs
// through the built CLI: where `halyard docs` finds `appOptions`, and the failures: a compile error,
// a broken app-options module, a controller generateDocs refuses, an app that exits with an error,
// a package manager that is missing or fails, a workspace package that cannot be packed, and an
// unexpected file-system error.
//
// The app fixture installs nothing: its node_modules is a link to the CLI package's own (typescript,
// @halyard/core, reflect-metadata of this repository), which is all these commands need.
import t, { type Test } from 'tap';
import { chmod, mkdir, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { cleanEnv, halyard, repoRoot, tempDir, type Result } from './helpers/cli-process.js';

const work = await tempDir('halyard-app-commands-');
t.teardown(() => rm(work, { recursive: true, force: true }));

async function writeFiles(root: string, files: Record<string, string>): Promise<void> {
  for (const [path, text] of Object.entries(files)) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), text);
  }
}

/** An app with the given sources, compiled by the repository's TypeScript. */
async function fixtureApp(name: string, sources: Record<string, string>): Promise<string> {
  const app = join(work, name);
  await writeFiles(app, {
    'package.json': JSON.stringify({ name, private: true, type: 'module' }),
    'tsconfig.json': JSON.stringify({
      compilerOptions: {
        target: 'ES2022',
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        rootDir: 'src',
        outDir: 'dist',
        strict: true,
        skipLibCheck: true,
        experimentalDecorators: true,
        emitDecoratorMetadata: true,
        types: ['node'],
      },
      include: ['src'],
    }),
    ...sources,
  });
  await symlink(join(repoRoot, 'packages/cli/node_modules'), join(app, 'node_modules'), 'dir');
  return app;
}

/** Awaits a command that must fail: exit code 1 and exactly `stderr`. Resolves with its result. */
async function failsWith(t: Test, running: Promise<Result>, stderr: string): Promise<Result> {
  const result = await running;
  t.equal(result.code, 1);
  t.equal(result.stderr, stderr);
  return result;
}

/** A folder holding one fake program, to put first on PATH. */
async function fakeProgram(name: string, script: string): Promise<string> {
  const dir = join(work, `fake-${name}-${Math.random().toString(36).slice(2)}`);
  await mkdir(dir);
  await writeFile(join(dir, name), `#!/bin/sh\n${script}\n`);
  await chmod(join(dir, name), 0o755);
  return dir;
}

t.test('build: a type error is HALYARD_ERR_CLI_BUILD_FAILED after tsc’s own errors', async (t) => {
  const app = await fixtureApp('broken-app', {
    'src/main.ts': "const port: number = 'three thousand';\nexport { port };\n",
  });
  const build = await failsWith(
    t,
    halyard(['build'], { cwd: app }),
    'error HALYARD_ERR_CLI_BUILD_FAILED: tsc -p tsconfig.json failed with exit code 2; fix the errors above\n',
  );
  t.equal(
    build.stdout,
    "src/main.ts(1,7): error TS2322: Type 'string' is not assignable to type 'number'.\n",
    'tsc’s error, as tsc prints it',
  );
});

t.test('docs: no appOptions export, a module that throws, a controller generateDocs refuses', async (t) => {
  const missing = await fixtureApp('no-options-app', {
    'src/app-options.ts': 'export const options = { controllers: [] };\n',
  });
  await failsWith(
    t,
    halyard(['docs'], { cwd: missing }),
    'error HALYARD_ERR_CLI_APP_OPTIONS_INVALID: dist/app-options.js must export `appOptions` with a `controllers` array: there is no such export\n',
  );

  const notArray = await fixtureApp('not-array-app', {
    'src/app-options.ts': "export const appOptions = { controllers: 'RoomsController' };\n",
  });
  t.equal(
    (await halyard(['docs'], { cwd: notArray })).stderr,
    'error HALYARD_ERR_CLI_APP_OPTIONS_INVALID: dist/app-options.js must export `appOptions` with a `controllers` array: appOptions.controllers is not an array\n',
  );

  const throwing = await fixtureApp('throwing-app', {
    'src/app-options.ts':
      "throw new Error('REDIS_URL is not set');\nexport const appOptions = { controllers: [] };\n",
  });
  t.equal(
    (await halyard(['docs'], { cwd: throwing })).stderr,
    'error HALYARD_ERR_CLI_APP_OPTIONS_INVALID: dist/app-options.js must export `appOptions` with a `controllers` array: REDIS_URL is not set\n',
    'the first line of what loading it threw',
  );

  const plain = await fixtureApp('plain-class-app', {
    'src/app-options.ts': 'class Plain {}\nexport const appOptions = { controllers: [Plain] };\n',
  });
  await failsWith(
    t,
    halyard(['docs'], { cwd: plain }),
    'error HALYARD_ERR_CLI_DOCS_FAILED: generateDocs(appOptions) failed: HALYARD_ERR_CONTROLLER_NOT_DECORATED: Plain is listed in controllers but has neither @Controller nor a class-level @WebSocket\n',
  );
  t.notOk((await readdir(plain)).includes('api-docs'), 'nothing was written');
});

const thingsController = [
  "import 'reflect-metadata';",
  "import { Controller, Get } from '@halyard/core';",
  '',
  "@Controller('/api/things')",
  'export class ThingsController {',
  "  @Get('/') list(): string {",
  "    return 'things';",
  '  }',
  '}',
  '',
].join('\n');
const optionsExport = (title: string): string =>
  `export const appOptions = { controllers: [ThingsController], docs: { title: '${title}' } };\n`;

t.test('docs: appOptions from src/app.ts when there is no src/app-options.ts, or from --entry', async (t) => {
  const app = await fixtureApp('app-ts-app', {
    'src/things.ts': thingsController,
    'src/app.ts': `import { ThingsController } from './things.js';\n${optionsExport('From app.ts')}`,
    'src/server/options.ts': `import { ThingsController } from '../things.js';\n${optionsExport('From --entry')}`,
  });
  const fallback = await halyard(['docs', '--format', 'json'], { cwd: app });
  t.equal(fallback.code, 0, fallback.stderr);
  t.equal(
    fallback.stdout,
    [
      '[1/3] Compiling with tsc -p tsconfig.json',
      '[2/3] Generating the documents from dist/app.js',
      '[3/3] Wrote 2 files to api-docs',
      '  openapi.json',
      '  asyncapi.json',
      '',
    ].join('\n'),
  );
  const openapi = JSON.parse(await readFile(join(app, 'api-docs/openapi.json'), 'utf8'));
  t.match(openapi, { info: { title: 'From app.ts' }, paths: { '/api/things': { get: {} } } });

  const entry = await halyard(
    ['docs', '--format', 'json', '--entry', 'src/server/options.ts', '--out', 'out'],
    {
      cwd: app,
    },
  );
  t.equal(entry.code, 0, entry.stderr);
  t.match(entry.stdout, '\n[2/3] Generating the documents from dist/server/options.js\n');
  t.match(JSON.parse(await readFile(join(app, 'out/openapi.json'), 'utf8')), {
    info: { title: 'From --entry' },
  });

  await failsWith(
    t,
    halyard(['docs', '--entry', 'src/nope.ts'], { cwd: app }),
    'error HALYARD_ERR_CLI_APP_OPTIONS_INVALID: src/nope.ts must export `appOptions` with a `controllers` array: there is no such file (--entry)\n',
  );
  const neither = await fixtureApp('no-entry-app', { 'src/main.ts': 'export {};\n' });
  t.equal(
    (await halyard(['docs'], { cwd: neither })).stderr,
    'error HALYARD_ERR_CLI_APP_OPTIONS_INVALID: src/app-options.ts or src/app.ts must export `appOptions` with a `controllers` array: neither file exists; pass --entry <file> naming the module that exports it\n',
  );
});

t.test('start: an app exiting with code 3 is HALYARD_ERR_CLI_CHILD_FAILED', async (t) => {
  const app = await fixtureApp('exiting-app', {
    'src/main.ts': "process.stderr.write('cannot reach the database\\n');\nprocess.exit(3);\n",
  });
  t.equal((await halyard(['build'], { cwd: app })).code, 0);
  await failsWith(
    t,
    halyard(['start'], { cwd: app }),
    'cannot reach the database\nerror HALYARD_ERR_CLI_CHILD_FAILED: node dist/main.js exited with code 3\n',
  );
});

t.test('new: a package manager that is missing or fails', async (t) => {
  const noPnpm = await failsWith(
    t,
    halyard(['new', 'pnpm-app', '--package-manager', 'pnpm'], {
      cwd: work,
      env: cleanEnv({ PATH: join(work, 'empty-path') }),
    }),
    'error HALYARD_ERR_CLI_SPAWN_FAILED: could not run "pnpm install": spawn pnpm ENOENT\n',
  );
  t.match(noPnpm.stdout, '\n[3/3] Installing dependencies: pnpm install\n');

  const failingNpm = await fakeProgram('npm', 'echo "npm error code E404" >&2\nexit 7');
  await failsWith(
    t,
    halyard(['new', 'npm-app', '--package-manager', 'npm'], {
      cwd: work,
      env: cleanEnv({ PATH: failingNpm }),
    }),
    `npm error code E404\nerror HALYARD_ERR_CLI_INSTALL_FAILED: "npm install --no-audit --no-fund" failed with exit code 7; fix the error above, then run it again in ${join(work, 'npm-app')}\n`,
  );
});

t.test('new --workspace: a package that is not built is HALYARD_ERR_CLI_PACK_FAILED', async (t) => {
  const repo = join(work, 'unbuilt-repo');
  await writeFiles(repo, {
    'packages/core/package.json': JSON.stringify({ name: '@halyard/core', version: '9.9.9' }),
    'packages/core/dist/index.js': '',
    'packages/docs-ui/package.json': JSON.stringify({ name: '@halyard/docs-ui', version: '9.9.9' }),
    'packages/docs-ui/dist/index.js': '',
    'packages/client/package.json': JSON.stringify({ name: '@halyard/client', version: '9.9.9' }),
    'packages/client/dist/index.js': '',
    'packages/cli/package.json': JSON.stringify({ name: '@halyard/cli', version: '9.9.9' }),
  });
  // The built packages reach `npm pack`, which here is slow and fails: the unbuilt one fails first.
  const slowNpm = await fakeProgram('npm', 'sleep 2\nexit 1');
  await failsWith(
    t,
    halyard(['new', 'packed-app', '--no-install', '--workspace', repo], {
      cwd: work,
      env: cleanEnv({ PATH: slowNpm }),
    }),
    `error HALYARD_ERR_CLI_PACK_FAILED: packing @halyard/cli from the workspace failed: ${repo}/packages/cli/dist is missing; build the repository first (npx tsc -b tsconfig.build.json)\n`,
  );
});

t.test(
  'an unexpected file-system error is HALYARD_ERR_CLI_INTERNAL, with the stack on HALYARD_DEBUG',
  async (t) => {
    await failsWith(
      t,
      halyard(['new', '/dev/null/app', '--no-install'], { cwd: work }),
      "error HALYARD_ERR_CLI_INTERNAL: unexpected failure: ENOTDIR: not a directory, stat '/dev/null/app' (set HALYARD_DEBUG=1 for the stack trace)\n",
    );
    const debug = await halyard(['new', '/dev/null/app', '--no-install'], {
      cwd: work,
      env: cleanEnv({ HALYARD_DEBUG: '1' }),
    });
    t.match(debug.stderr, /\nError: ENOTDIR: not a directory, stat '\/dev\/null\/app'\n {4}at /);
  },
);
