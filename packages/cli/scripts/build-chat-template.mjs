#!/usr/bin/env node
// Builds packages/cli/templates/chat from apps/chat, so `halyard new --template chat` creates the
// same full-stack chat the repository runs and tests. The template is build output (git ignores
// it, like dist/): the repository's `pnpm build` and this package's `build` run this script, and
// `npm pack` ships what it wrote. Only README.md, _gitignore and _taprc are written by hand.
//
// apps/chat is written to be copied: its src/app-options.ts carries the markers `halyard generate`
// edits, its browser helper finds a browser or skips, its .env.example is committed, and nothing in
// it points above its own folder (checked here). What only works inside this repository is
// rewritten:
// - package.json: `workspace:*` ranges become the package versions; scripts use `halyard`;
//   tap, typescript and @types/node come at the repository's versions;
// - tsconfig files that extend ../../tsconfig.base.json get those options inlined;
// - tap snapshots move from tap-snapshots/apps/chat/ to tap-snapshots/ with their keys;
// - the docs title and the page title become the app's name; the link to the repository's
//   docs/ points to the installed package's README (see `textRewrites`).
import { execFileSync } from 'node:child_process';
import process from 'node:process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, posix, relative, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL, URL } from 'node:url';
import * as prettier from 'prettier';
import ts from 'typescript';

const cliDir = fileURLToPath(new URL('..', import.meta.url));

export const defaultPaths = {
  repoRoot: resolve(cliDir, '../..'),
  appDir: resolve(cliDir, '../../apps/chat'),
  templateDir: join(cliDir, 'templates', 'chat'),
};

/** Files of templates/chat written by hand (and committed): the build neither writes nor deletes them. */
export const handWritten = ['README.md', '_gitignore', '_taprc'];

/** Never copied: build output, installs, caches. */
const skippedNames = new Set([
  'node_modules',
  'dist',
  'web-dist',
  'test-output',
  'coverage',
  '.tap',
  '.vite',
  '.DS_Store',
]);
/** apps/chat's own, repository-only files. */
const repositoryOnly = new Set(['package.json', 'README.md', '.gitignore', '.taprc']);
/** Dotfiles stored without their dot (npm drops some dotfiles when it packs). */
const storedDotfiles = ['env.example', 'npmrc', 'editorconfig', 'nvmrc'];
const codeExtensions = /\.(ts|tsx|mts|cts|js|mjs|cjs)$/;

const toPosix = (path) => path.split(sep).join('/');

function fail(message) {
  throw new Error(`build-chat-template: ${message}`);
}

function listFiles(root) {
  const found = [];
  const walk = (relativeDir) => {
    for (const entry of readdirSync(join(root, relativeDir), { withFileTypes: true })) {
      if (skippedNames.has(entry.name) || entry.name.endsWith('.tsbuildinfo')) continue;
      const path = relativeDir ? `${relativeDir}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile()) found.push(path);
    }
  };
  walk('');
  return found.sort();
}

/** Paths under `dir` that git ignores; none outside a git checkout (e.g. an unpacked tarball). */
function gitIgnored(repoRoot, dir) {
  if (!existsSync(join(repoRoot, '.git'))) return [];
  const prefix = `${toPosix(relative(repoRoot, dir))}/`;
  const out = execFileSync(
    'git',
    ['ls-files', '--others', '--ignored', '--exclude-standard', '--directory', '--', prefix],
    { cwd: repoRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
  );
  return out
    .split('\n')
    .filter(Boolean)
    .map((line) => line.slice(prefix.length));
}

function readJsonc(path) {
  const { config, error } = ts.parseConfigFileTextToJson(path, readFileSync(path, 'utf8'));
  if (error) fail(`${path}: ${ts.flattenDiagnosticMessageText(error.messageText, '\n')}`);
  return config;
}

/** Whether `path` lies outside `root` (`root` itself is inside). */
const isOutside = (root, path) => {
  const rel = relative(root, path);
  return rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel);
};

/** Inlines an `extends` that points outside the app and drops project-reference settings. */
function rewriteTsconfig(path, { appDir, topLevel }) {
  const config = readJsonc(path);
  let compilerOptions = { ...config.compilerOptions };
  let extended = config.extends;
  let from = dirname(path);
  let inlined = false;
  while (
    typeof extended === 'string' &&
    extended.startsWith('.') &&
    isOutside(appDir, resolve(from, extended))
  ) {
    const basePath = resolve(from, extended.endsWith('.json') ? extended : `${extended}.json`);
    const base = readJsonc(basePath);
    compilerOptions = { ...base.compilerOptions, ...compilerOptions };
    extended = base.extends;
    from = dirname(basePath);
    inlined = true;
  }
  if (inlined && typeof extended === 'string' && extended.startsWith('.'))
    fail(`${path}: the configuration it extends extends ${extended} in turn; inline it by hand`);
  for (const key of ['composite', 'declaration', 'declarationMap', 'tsBuildInfoFile', 'incremental'])
    delete compilerOptions[key];
  if (topLevel && compilerOptions.types === undefined) compilerOptions.types = ['node'];
  const result = { ...config, compilerOptions };
  if (typeof extended === 'string') result.extends = extended;
  else delete result.extends;
  delete result.references;
  return result;
}

/** A relative path in a source file that climbs above apps/chat cannot work in a generated app. */
function assertSelfContained(text, { file, appDir }) {
  const fileDir = dirname(join(appDir, file));
  for (const match of text.matchAll(/(['"`])((?:\.\.\/)+[^'"`\n]*)\1/g))
    if (isOutside(appDir, resolve(fileDir, match[2])))
      fail(`${file} refers to ${match[2]}, outside apps/chat; a generated app cannot reach it`);
}

function packageVersions(repoRoot) {
  const versions = new Map();
  for (const name of readdirSync(join(repoRoot, 'packages'))) {
    const path = join(repoRoot, 'packages', name, 'package.json');
    if (!existsSync(path)) continue;
    const manifest = JSON.parse(readFileSync(path, 'utf8'));
    versions.set(manifest.name, manifest.version);
  }
  return versions;
}

function published(deps, versions) {
  return Object.fromEntries(
    Object.entries(deps ?? {})
      .map(([name, range]) => {
        if (!range.startsWith('workspace:')) return [name, range];
        const version = versions.get(name);
        if (!version) fail(`${name} is a workspace dependency of apps/chat but not a package in packages/`);
        return [name, `^${version}`];
      })
      .sort(([a], [b]) => (a < b ? -1 : 1)),
  );
}

/** The app's package.json: apps/chat's dependencies, the generated app's scripts and tools. */
function renderManifest({ repoRoot, appDir }) {
  const app = JSON.parse(readFileSync(join(appDir, 'package.json'), 'utf8'));
  const root = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
  const versions = packageVersions(repoRoot);
  const cliVersion = versions.get('@halyard/cli');
  const toHalyard = (script) => script.replace(/\btsc -b\b/g, 'halyard build');
  const build = toHalyard(app.scripts?.build ?? 'halyard build');
  // Browser pages built by a `build:web` script are built before the tests that load them.
  const web = app.scripts?.['build:web'];
  // `dev` serves the pages from web-dist/: when the app's own dev script builds them first, so does the template's.
  const devBuildsWeb = web !== undefined && (app.scripts?.dev ?? '').includes(web);
  const scripts = {
    dev: devBuildsWeb ? `${web} && halyard dev` : 'halyard dev',
    build,
    start: `${build} && halyard start`,
    test: web ? `${web} && tap` : 'tap',
    docs: 'halyard docs',
  };
  for (const [name, script] of Object.entries(app.scripts ?? {}))
    if (!(name in scripts)) scripts[name] = toHalyard(script);
  const rootDev = root.devDependencies ?? {};
  return {
    name: '{{name}}',
    version: '0.1.0',
    private: true,
    ...(app.description && { description: app.description }),
    type: 'module',
    engines: { node: '>=20' },
    scripts,
    dependencies: published(
      {
        'class-transformer': '^0.5.1',
        'class-validator': '^0.15.1',
        'reflect-metadata': '^0.2.2',
        '@halyard/docs-ui': 'workspace:*',
        ...app.dependencies,
      },
      versions,
    ),
    devDependencies: published(
      {
        ...app.devDependencies,
        '@halyard/cli': `^${cliVersion}`,
        '@types/node': rootDev['@types/node'],
        tap: rootDev.tap,
        typescript: rootDev.typescript,
      },
      versions,
    ),
  };
}

/**
 * Text that only makes sense in this repository, by template path: [pattern, replacement]. A
 * rewrite whose pattern no longer matches is an error, so apps/chat cannot drift away from it.
 */
const textRewrites = {
  // The chat's title in the documents and the browser tab is the generated app's name.
  'src/app-options.ts': [[/(\bdocs:\s*\{[^}]*?\btitle:\s*)(['"])[^'"\n]*\2/, "$1'{{name}}'"]],
  'web/index.html': [[/<title>[^<]*<\/title>/, '<title>{{name}}</title>']],
  // The repository's docs/ folder is not in the app; the package README that ships with it is.
  'src/main.ts': [
    [
      /\(docs\/(scaling|observability)\.md\)/g,
      (_link, page) => `(node_modules/@halyard/${page === 'scaling' ? 'redis' : 'metrics'}/README.md)`,
    ],
  ],
};

function applyTextRewrites(files) {
  for (const [path, rewrites] of Object.entries(textRewrites)) {
    const content = files.get(path);
    if (content === undefined) fail(`apps/chat has no ${path}; update textRewrites`);
    let text = typeof content === 'string' ? content : content.toString('utf8');
    for (const [pattern, replacement] of rewrites) {
      if (!pattern.test(text)) fail(`${path} no longer matches ${pattern}; update textRewrites`);
      text = text.replace(pattern, replacement);
    }
    files.set(path, text);
  }
}

/** Formats generated files in the Halyard repository's style (its .prettierrc), wherever the app is. */
async function format(text, filepath, repoRoot) {
  const config = (await prettier.resolveConfig(join(repoRoot, 'package.json'))) ?? {};
  return prettier.format(text, { ...config, filepath });
}

/** The built part of templates/chat: path → content, in the template's layout (dotfiles stored as `_name`). */
export async function renderChatTemplate({ repoRoot, appDir, templateDir } = defaultPaths) {
  const files = new Map();
  const ignored = gitIgnored(repoRoot, appDir);
  const isIgnored = (path) =>
    ignored.some((entry) => (entry.endsWith('/') ? path.startsWith(entry) : path === entry));
  for (const path of listFiles(appDir)) {
    if (isIgnored(path) || repositoryOnly.has(path)) continue;
    const base = posix.basename(path);
    const absolute = join(appDir, path);
    const dotted = storedDotfiles.find((name) => base === `.${name}`);
    const target = dotted ? posix.join(posix.dirname(path), `_${dotted}`).replace(/^\.\//, '') : path;
    if (/(^|\/)tsconfig[^/]*\.json$/.test(path)) {
      const config = rewriteTsconfig(absolute, { appDir, topLevel: path === 'tsconfig.json' });
      files.set(target, await format(JSON.stringify(config), join(templateDir, target), repoRoot));
    } else if (codeExtensions.test(path)) {
      const text = readFileSync(absolute, 'utf8');
      assertSelfContained(text, { file: path, appDir });
      files.set(target, text);
    } else files.set(target, readFileSync(absolute));
  }
  if (!files.has('src/app-options.ts'))
    fail('apps/chat has no src/app-options.ts (what `halyard docs` reads)');
  applyTextRewrites(files);

  const snapshots = join(repoRoot, 'tap-snapshots', toPosix(relative(repoRoot, appDir)));
  if (existsSync(snapshots))
    for (const path of listFiles(snapshots)) {
      const text = readFileSync(join(snapshots, path), 'utf8');
      const prefix = `${toPosix(relative(repoRoot, appDir))}/`;
      files.set(`tap-snapshots/${path}`, text.replaceAll(`exports[\`${prefix}`, 'exports[`'));
    }

  files.set(
    'package.json',
    await format(
      JSON.stringify(renderManifest({ repoRoot, appDir })),
      join(templateDir, 'package.json'),
      repoRoot,
    ),
  );
  return new Map([...files].sort(([a], [b]) => (a < b ? -1 : 1)));
}

/** Writes the built part of templates/chat, replacing whatever an earlier build left there. */
export async function writeChatTemplate(paths = defaultPaths) {
  const files = await renderChatTemplate(paths);
  mkdirSync(paths.templateDir, { recursive: true });
  for (const entry of readdirSync(paths.templateDir))
    if (!handWritten.includes(entry)) rmSync(join(paths.templateDir, entry), { recursive: true });
  for (const [path, content] of files) {
    mkdirSync(dirname(join(paths.templateDir, path)), { recursive: true });
    writeFileSync(join(paths.templateDir, path), content);
  }
  return files;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  if (!existsSync(defaultPaths.appDir)) {
    // An installed or unpacked @halyard/cli: its templates/chat was built before it was packed.
    process.stdout.write('build-chat-template: no apps/chat here (not a repository checkout); kept as is\n');
  } else {
    const files = await writeChatTemplate();
    process.stdout.write(`build-chat-template: templates/chat has ${files.size} files from apps/chat\n`);
  }
}
