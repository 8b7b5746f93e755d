import t from 'tap';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import {
  defaultPaths,
  renderChatTemplate,
  splitAppModule,
  syncedTemplateFiles,
} from '../scripts/sync-chat-template.mjs';
import { tempDir } from './helpers/cli-process.js';

const resync =
  'run `node packages/cli/scripts/sync-chat-template.mjs` (the CLI build does) and commit the result';

t.test('templates/chat is apps/chat as the sync script renders it', async (t) => {
  const rendered = await renderChatTemplate();
  t.strictSame(syncedTemplateFiles(), [...rendered.keys()], `the same files; ${resync}`);
  for (const [path, content] of rendered) {
    const disk = await readFile(join(defaultPaths.templateDir, path)).catch(() => undefined);
    if (typeof content === 'string')
      t.equal(disk?.toString('utf8'), content, `${path} is in sync; ${resync}`);
    else t.ok(disk?.equals(content), `${path} is in sync; ${resync}`);
  }
  const options = String(rendered.get('src/app-options.ts'));
  t.match(options, /controllers: \[\/\* halyard:controllers \*\/ \w/, 'the controllers array is marked');
  t.match(options, /\n {4}title: '\{\{name\}\}',\n/, "the documents' title is the app's name");
  t.match(String(rendered.get('web/index.html')), '<title>{{name}}</title>');
  t.notMatch(String(rendered.get('src/main.ts')), 'docs/scaling.md', 'no link to docs/ the app lacks');
  const browser = String(rendered.get('test/helpers/browser.ts'));
  t.match(
    browser,
    "['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome']",
    'the generated app looks for a browser in the usual places',
  );
  t.match(browser, 'executablePath: chromiumPath,');
  for (const file of [...rendered.keys()].filter((path) => path.endsWith('.browser.test.ts'))) {
    const text = String(rendered.get(file));
    t.notMatch(text, /^t\.test\(/m, `${file}: every browser test can skip`);
    t.match(text, /^browserTest\(/m, `${file}: uses browserTest`);
  }
  t.match(options, '\n// halyard:imports');
  t.match(options, /\nexport const appOptions = \{/);
  const manifest = JSON.parse(String(rendered.get('package.json'))) as Record<string, Record<string, string>>;
  t.notMatch(JSON.stringify(manifest), 'workspace:', 'no workspace: ranges');
  t.ok(manifest['dependencies']?.['@halyard/docs-ui'], 'the docs UI, for halyard docs --format html');
  t.strictSame(Object.keys(manifest['scripts'] ?? {}).slice(0, 5), ['dev', 'build', 'start', 'test', 'docs']);
  t.equal(
    manifest['scripts']?.['dev'],
    'vite build && halyard dev',
    'dev builds the browser pages first, as apps/chat does: / is not a 503 until a build',
  );
});

/** A made-up repository whose example app uses the forms the sync has to handle. */
async function fakeRepository(): Promise<{ repoRoot: string; appDir: string; templateDir: string }> {
  const repoRoot = await tempDir('halyard-sync-');
  const files: Record<string, string | Buffer> = {
    'tsconfig.base.json': JSON.stringify({
      compilerOptions: { strict: true, composite: true, declaration: true },
    }),
    'packages/core/package.json': JSON.stringify({ name: '@halyard/core', version: '1.2.3' }),
    'packages/docs-ui/package.json': JSON.stringify({ name: '@halyard/docs-ui', version: '1.2.3' }),
    'packages/cli/package.json': JSON.stringify({ name: '@halyard/cli', version: '1.2.3' }),
    'package.json': JSON.stringify({
      devDependencies: { tap: '^21.0.0', typescript: '6.0.3', '@types/node': '^20' },
    }),
    'apps/demo/package.json': JSON.stringify({
      name: '@halyard/demo',
      scripts: { build: 'tsc -b', start: 'node dist/main.js' },
      dependencies: { '@halyard/core': 'workspace:*', fastify: '^5.0.0' },
      devDependencies: { ws: '^8.0.0' },
    }),
    'apps/demo/tsconfig.json': JSON.stringify({
      extends: '../../tsconfig.base.json',
      compilerOptions: { rootDir: 'src', outDir: 'dist', tsBuildInfoFile: 'dist/.tsbuildinfo' },
      include: ['src'],
      references: [{ path: '../../packages/core' }],
    }),
    'apps/demo/README.md': '# repository-only readme',
    'apps/demo/src/app.ts': [
      "import 'reflect-metadata';",
      "import { createApp, type CreateAppOptions } from '@halyard/core';",
      "import { DemoController } from './demo-controller.js';",
      "import { logRequests } from './log-requests.js';",
      '',
      'export function buildDemo(overrides: Partial<CreateAppOptions> = {}) {',
      '  logRequests();',
      "  return createApp({ controllers: [DemoController], docs: { title: 'Demo' }, ...overrides });",
      '}',
      '',
    ].join('\n'),
    'apps/demo/src/main.ts': [
      "const port = Number(process.env['PORT'] ?? 3000);",
      'const secret = process.env.API_SECRET;',
      "const token = process.env['ADMIN_TOKEN'] ?? randomBytes(12).toString('base64url');",
      'const fallback = process.env.SESSION_KEY ?? defaultKey;',
      'const mode = process.env.MODE ?? "demo";',
      '',
    ].join('\n'),
    'apps/demo/test/helpers/out.ts':
      "export const out = new URL('../../../../test-output/', import.meta.url);\n",
    'apps/demo/web/public/logo.png': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0xff]),
    'apps/demo/dist/main.js': 'build output',
    'tap-snapshots/apps/demo/test/x.test.ts.test.cjs':
      'exports[`apps/demo/test/x.test.ts > TAP > y 1`] = `z`\n',
  };
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(repoRoot, path)), { recursive: true });
    await writeFile(join(repoRoot, path), content);
  }
  return { repoRoot, appDir: join(repoRoot, 'apps/demo'), templateDir: join(repoRoot, 'template') };
}

t.test('the sync copies whatever the app has and rewrites the repository-only parts', async (t) => {
  const paths = await fakeRepository();
  t.teardown(() => rm(paths.repoRoot, { recursive: true, force: true }));
  const rendered = await renderChatTemplate(paths);
  t.strictSame(
    [...rendered.keys()],
    [
      '_env.example',
      'package.json',
      'src/app-options.ts',
      'src/app.ts',
      'src/main.ts',
      'tap-snapshots/test/x.test.ts.test.cjs',
      'test/helpers/out.ts',
      'tsconfig.json',
      'web/public/logo.png',
    ],
    'sources, tests and assets; no build output, no repository README',
  );
  t.strictSame(rendered.get('web/public/logo.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0xff]));
  t.equal(
    rendered.get('test/helpers/out.ts'),
    "export const out = new URL('../../test-output/', import.meta.url);\n",
    'a path to the repository root now points to the app root',
  );
  t.equal(
    rendered.get('tap-snapshots/test/x.test.ts.test.cjs'),
    'exports[`test/x.test.ts > TAP > y 1`] = `z`\n',
  );
  t.equal(
    rendered.get('_env.example'),
    [
      '# Copy to .env: `halyard dev` and `halyard start` load it (node --env-file).',
      '# ADMIN_TOKEN: unset, the app computes its own (see src/); set one to choose it',
      '# ADMIN_TOKEN=',
      '# API_SECRET=',
      'LOG_LEVEL=info',
      'MODE=demo',
      'PORT=3000',
      '# SESSION_KEY: unset, the app computes its own (see src/); set one to choose it',
      '# SESSION_KEY=',
      '',
    ].join('\n'),
    'only string and number literals become values: a computed default (randomBytes) is never written',
  );
  t.strictSame(JSON.parse(String(rendered.get('tsconfig.json'))), {
    compilerOptions: { strict: true, rootDir: 'src', outDir: 'dist', types: ['node'] },
    include: ['src'],
  });
  const manifest = JSON.parse(String(rendered.get('package.json')));
  t.strictSame(manifest.dependencies, {
    '@halyard/core': '^1.2.3',
    '@halyard/docs-ui': '^1.2.3',
    'class-transformer': '^0.5.1',
    'class-validator': '^0.15.1',
    fastify: '^5.0.0',
    'reflect-metadata': '^0.2.2',
  });
  t.strictSame(manifest.devDependencies, {
    '@halyard/cli': '^1.2.3',
    '@types/node': '^20',
    tap: '^21.0.0',
    typescript: '6.0.3',
    ws: '^8.0.0',
  });
  t.strictSame(manifest.scripts, {
    dev: 'halyard dev',
    build: 'halyard build',
    start: 'halyard build && halyard start',
    test: 'tap',
    docs: 'halyard docs',
  });
  t.equal(
    rendered.get('src/app-options.ts'),
    [
      "import 'reflect-metadata';",
      "import type { CreateAppOptions } from '@halyard/core';",
      "import { DemoController } from './demo-controller.js';",
      '// halyard:imports (`halyard generate` adds its imports above this line)',
      '',
      '/**',
      ' * What the app is made of. `app.ts` creates the app from it; `halyard docs` builds the OpenAPI and',
      ' * AsyncAPI documents from it without starting a server.',
      ' */',
      'export const appOptions = {',
      '  controllers: [/* halyard:controllers */ DemoController],',
      "  docs: { title: '{{name}}' },",
      '} satisfies CreateAppOptions;',
      '',
    ].join('\n'),
  );
  t.equal(
    rendered.get('src/app.ts'),
    [
      "import 'reflect-metadata';",
      "import { createApp, type CreateAppOptions } from '@halyard/core';",
      "import { logRequests } from './log-requests.js';",
      "import { appOptions } from './app-options.js';",
      '',
      'export function buildDemo(overrides: Partial<CreateAppOptions> = {}) {',
      '  logRequests();',
      '  return createApp({ ...appOptions, ...overrides });',
      '}',
      '',
    ].join('\n'),
  );
});

t.test('an exported appOptions moves whole, and app.ts re-exports it', async (t) => {
  const { app, options } = splitAppModule(
    [
      "import 'reflect-metadata';",
      "import { createApp, type CreateAppOptions } from '@halyard/core';",
      "import type { FastifyInstance } from 'fastify';",
      "import { A } from './a.js';",
      '',
      '/** The docs. */',
      'export const appOptions = {',
      '  controllers: [A],',
      '} satisfies CreateAppOptions;',
      '',
      'export function build(): Promise<FastifyInstance> {',
      '  return createApp(appOptions);',
      '}',
      '',
    ].join('\n'),
  );
  t.equal(
    options,
    [
      "import 'reflect-metadata';",
      "import type { CreateAppOptions } from '@halyard/core';",
      "import { A } from './a.js';",
      '// halyard:imports (`halyard generate` adds its imports above this line)',
      '',
      '/** The docs. */',
      'export const appOptions = {',
      '  controllers: [/* halyard:controllers */ A],',
      '} satisfies CreateAppOptions;',
      '',
    ].join('\n'),
  );
  t.equal(
    app,
    [
      "import 'reflect-metadata';",
      "import { createApp } from '@halyard/core';",
      "import type { FastifyInstance } from 'fastify';",
      "import { appOptions } from './app-options.js';",
      '',
      'export { appOptions };',
      '',
      'export function build(): Promise<FastifyInstance> {',
      '  return createApp(appOptions);',
      '}',
      '',
    ].join('\n'),
  );
  t.throws(
    () => splitAppModule('const x = 1;\n'),
    /has neither `appOptions` nor a `createApp\(\{ \.\.\. \}\)` call/,
  );
  t.throws(
    () =>
      splitAppModule("const docs = { title: 'x' };\nexport const appOptions = { controllers: [], docs };\n"),
    /appOptions uses docs, declared in app\.ts/,
  );
});
