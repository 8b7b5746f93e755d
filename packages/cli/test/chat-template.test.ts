import t from 'tap';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { defaultPaths, renderChatTemplate, writeChatTemplate } from '../scripts/build-chat-template.mjs';
import { tempDir } from './helpers/cli-process.js';

t.test('templates/chat is apps/chat with the repository-only parts rewritten', async (t) => {
  const rendered = await renderChatTemplate();
  const options = String(rendered.get('src/app-options.ts'));
  t.match(options, /controllers: \[\/\* halyard:controllers \*\/ \w/, 'the controllers array is marked');
  t.match(options, '\n// halyard:imports');
  t.match(options, /\n {4}title: '\{\{name\}\}',\n/, "the documents' title is the app's name");
  t.match(String(rendered.get('web/index.html')), '<title>{{name}}</title>');
  t.notMatch(String(rendered.get('src/main.ts')), 'docs/scaling.md', 'no link to docs/ the app lacks');
  t.equal(
    rendered.get('test/helpers/browser.ts'),
    await readFile(join(defaultPaths.appDir, 'test/helpers/browser.ts'), 'utf8'),
    "the browser helper is apps/chat's own: it finds a browser or skips, saying how to get one",
  );
  t.ok(rendered.has('_env.example'), '.env.example is stored without its dot');
  const manifest = JSON.parse(String(rendered.get('package.json'))) as Record<string, Record<string, string>>;
  t.notMatch(JSON.stringify(manifest), 'workspace:', 'no workspace: ranges');
  t.ok(manifest['dependencies']?.['@halyard/docs-ui'], 'the docs UI, for halyard docs --format html');
  t.strictSame(Object.keys(manifest['scripts'] ?? {}).slice(0, 5), ['dev', 'build', 'start', 'test', 'docs']);
  t.equal(
    manifest['scripts']?.['dev'],
    'vite build && halyard dev',
    'dev builds the browser pages first, as apps/chat does: / is not a 503 until a build',
  );
  for (const path of rendered.keys())
    t.notOk(
      /^(README\.md|_gitignore|_taprc|\.gitignore|\.taprc|dist\/|web-dist\/)/.test(path),
      `${path} is built`,
    );

  // What the build wrote is what it renders (pnpm build ran before the tests).
  for (const [path, content] of rendered) {
    const disk = await readFile(join(defaultPaths.templateDir, path));
    t.ok(disk.equals(Buffer.from(content)), `${path} is the built copy`);
  }
});

t.test(".env.example lists every environment variable apps/chat's src/ reads", async (t) => {
  const example = await readFile(join(defaultPaths.appDir, '.env.example'), 'utf8');
  const listed = new Set([...example.matchAll(/^#? ?(\w+)=/gm)].map((match) => match[1]));
  const read = new Set<string>();
  const walk = async (dir: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) await walk(join(dir, entry.name));
      else
        for (const match of (await readFile(join(dir, entry.name), 'utf8')).matchAll(
          /process\.env(?:\[['"](\w+)['"]\]|\.(\w+))/g,
        ))
          read.add((match[1] ?? match[2]) as string);
    }
  };
  await walk(join(defaultPaths.appDir, 'src'));
  t.ok(read.size > 0);
  for (const name of read) t.ok(listed.has(name), `${name} is in apps/chat/.env.example`);
  t.notMatch(example, /ADMIN_TOKEN=\S/, 'no admin token value: the app makes one when none is set');
});

/** A made-up repository whose example app uses the forms the build has to handle. */
async function fakeRepository(files: Record<string, string | Buffer>) {
  const repoRoot = await tempDir('halyard-template-');
  const base: Record<string, string | Buffer> = {
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
    'apps/demo/.env.example': 'PORT=3000\n',
    'apps/demo/src/app-options.ts': "export const appOptions = { docs: { title: 'Demo' } };\n",
    'apps/demo/src/main.ts': 'See (docs/scaling.md).\n',
    'apps/demo/web/index.html': '<title>Demo</title>\n',
    'apps/demo/web/public/logo.png': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0xff]),
    'apps/demo/dist/main.js': 'build output',
    'tap-snapshots/apps/demo/test/x.test.ts.test.cjs':
      'exports[`apps/demo/test/x.test.ts > TAP > y 1`] = `z`\n',
    ...files,
  };
  for (const [path, content] of Object.entries(base)) {
    await mkdir(dirname(join(repoRoot, path)), { recursive: true });
    await writeFile(join(repoRoot, path), content);
  }
  t.teardown(() => rm(repoRoot, { recursive: true, force: true }));
  return { repoRoot, appDir: join(repoRoot, 'apps/demo'), templateDir: join(repoRoot, 'template') };
}

t.test('the build copies whatever the app has and rewrites the repository-only parts', async (t) => {
  const paths = await fakeRepository({});
  const rendered = await renderChatTemplate(paths);
  t.strictSame(
    [...rendered.keys()],
    [
      '_env.example',
      'package.json',
      'src/app-options.ts',
      'src/main.ts',
      'tap-snapshots/test/x.test.ts.test.cjs',
      'tsconfig.json',
      'web/index.html',
      'web/public/logo.png',
    ],
    'sources, tests and assets; no build output, no repository README',
  );
  t.strictSame(rendered.get('web/public/logo.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0xff]));
  t.equal(rendered.get('src/app-options.ts'), "export const appOptions = { docs: { title: '{{name}}' } };\n");
  t.equal(rendered.get('src/main.ts'), 'See (node_modules/@halyard/redis/README.md).\n');
  t.equal(rendered.get('web/index.html'), '<title>{{name}}</title>\n');
  t.equal(
    rendered.get('tap-snapshots/test/x.test.ts.test.cjs'),
    'exports[`test/x.test.ts > TAP > y 1`] = `z`\n',
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

  // Writing replaces an earlier build but keeps the hand-written files.
  await mkdir(join(paths.templateDir, 'src/old'), { recursive: true });
  await writeFile(join(paths.templateDir, 'src/old/gone.ts'), 'left by an earlier build');
  await writeFile(join(paths.templateDir, 'README.md'), '# hand-written');
  await writeChatTemplate(paths);
  t.strictSame((await readdir(join(paths.templateDir, 'src'))).sort(), ['app-options.ts', 'main.ts']);
  t.equal(await readFile(join(paths.templateDir, 'README.md'), 'utf8'), '# hand-written');
});

t.test('what cannot work in a generated app is a build error, not a broken template', async (t) => {
  const outside = await fakeRepository({
    'apps/demo/test/helpers/out.ts':
      "export const out = new URL('../../../../test-output/', import.meta.url);\n",
  });
  await t.rejects(renderChatTemplate(outside), {
    message:
      'build-chat-template: test/helpers/out.ts refers to ../../../../test-output/, outside apps/chat; a generated app cannot reach it',
  });
  const untitled = await fakeRepository({ 'apps/demo/web/index.html': '<h1>no title</h1>\n' });
  await t.rejects(renderChatTemplate(untitled), {
    message:
      'build-chat-template: web/index.html no longer matches /<title>[^<]*<\\/title>/; update textRewrites',
  });
  const noOptions = await fakeRepository({});
  await rm(join(noOptions.appDir, 'src/app-options.ts'));
  await t.rejects(renderChatTemplate(noOptions), {
    message: 'build-chat-template: apps/chat has no src/app-options.ts (what `halyard docs` reads)',
  });
});
