#!/usr/bin/env node
// Regenerates packages/cli/templates/chat from apps/chat, so `halyard new --template chat` creates
// the same full-stack chat the repository runs and tests. Runs as part of the CLI's build
// (`pnpm --filter @halyard/cli build`); test/chat-template-sync.test.ts fails when the committed
// template has drifted from apps/chat.
//
// It copies every source file of apps/chat (src, test, web, public, config files: whatever is
// there, minus build output and git-ignored files) and rewrites what only works inside this
// repository:
// - package.json: `workspace:*` ranges become the package versions; scripts use `halyard`;
//   tap, typescript and @types/node come at the repository's versions;
// - tsconfig files that extend ../../tsconfig.base.json get those options inlined;
// - relative paths that point above apps/chat into the repository (e.g. '../../../../test-output/')
//   point to the same place inside the app; an import from above apps/chat is an error;
// - tap snapshots move from tap-snapshots/apps/chat/ to tap-snapshots/ with their keys;
// - `appOptions` moves to src/app-options.ts (what `halyard docs` imports) with the
//   /* halyard:controllers */ and // halyard:imports markers `halyard generate` edits;
// - .env.example lists the environment variables src/ reads (unless apps/chat has one);
// - the docs title and the page title become the app's name; links to the repository's docs/
//   point to the installed packages' READMEs (see `textRewrites`);
// - the browser tests look for Chromium/Chrome in the usual places and skip, saying how to install
//   one, when there is none (`rewriteBrowserTests`).
import { execFileSync } from 'node:child_process';
import process from 'node:process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, posix, relative, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL, URL } from 'node:url';
import * as prettier from 'prettier';
import ts from 'typescript';
import { addControllersMarker, splitAppModule } from './split-app-module.mjs';

export { splitAppModule };

const cliDir = fileURLToPath(new URL('..', import.meta.url));

export const defaultPaths = {
  repoRoot: resolve(cliDir, '../..'),
  appDir: resolve(cliDir, '../../apps/chat'),
  templateDir: join(cliDir, 'templates', 'chat'),
};

/** Files of templates/chat written by hand: the sync neither writes nor deletes them. */
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
/** Dotfiles stored without their dot (npm drops some dotfiles when it packs). */
const storedDotfiles = ['env.example', 'npmrc', 'editorconfig', 'nvmrc'];
const codeExtensions = /\.(ts|tsx|mts|cts|js|mjs|cjs)$/;

const toPosix = (path) => path.split(sep).join('/');

function fail(message) {
  throw new Error(`sync-chat-template: ${message}`);
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

/** Paths under `dir` that git ignores (none when git is not there, e.g. in a published package). */
function gitIgnored(repoRoot, dir) {
  try {
    const out = execFileSync(
      'git',
      [
        'ls-files',
        '--others',
        '--ignored',
        '--exclude-standard',
        '--directory',
        '--',
        toPosix(relative(repoRoot, dir)),
      ],
      { cwd: repoRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] },
    );
    const prefix = `${toPosix(relative(repoRoot, dir))}/`;
    return out
      .split('\n')
      .filter(Boolean)
      .map((line) => line.slice(prefix.length));
  } catch {
    return [];
  }
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

/**
 * Relative string literals that climb above apps/chat into the repository point to the same
 * place inside the app; imports from above apps/chat cannot work in a standalone app.
 */
function rewriteRelativePaths(text, { file, appDir, repoRoot }) {
  const fileDir = dirname(join(appDir, file));
  const importLike = /(\bfrom\s*|\bimport\s*\(\s*|\bimport\s+|\brequire\s*\(\s*)(['"])(\.\.?\/[^'"]*)\2/g;
  for (const match of text.matchAll(importLike))
    if (isOutside(appDir, resolve(fileDir, match[3])))
      fail(`${file} imports ${match[3]}, outside apps/chat; a generated app cannot reach it`);
  return text.replace(/(['"`])((?:\.\.\/)+[^'"`\n]*)\1/g, (whole, quote, literal) => {
    const target = resolve(fileDir, literal);
    if (!isOutside(appDir, target) || isOutside(repoRoot, target)) return whole;
    const inside = join(appDir, relative(repoRoot, target));
    let rewritten = toPosix(relative(fileDir, inside)) || '.';
    if (!rewritten.startsWith('.')) rewritten = `./${rewritten}`;
    if (literal.endsWith('/') && !rewritten.endsWith('/')) rewritten += '/';
    return `${quote}${rewritten}${quote}`;
  });
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
 * `.env.example`: every `process.env['X']` / `process.env.X` that src/ reads. Only a string-literal
 * default (`?? 'chat'`) is written as the value; any other default (`?? randomBytes(12)...`) is code,
 * not a value, so the variable is listed commented out with a hint.
 */
function renderEnvExample(sources) {
  const found = new Map([['LOG_LEVEL', { value: 'info' }]]);
  const pattern =
    /process\.env(?:\[['"](\w+)['"]\]|\.(\w+))(?:\s*\?\?\s*(?:'([^'\n]*)'|"([^"\n]*)"|(\w+)([^\n;,)]*)))?/g;
  for (const text of sources)
    for (const match of text.matchAll(pattern)) {
      const name = match[1] ?? match[2];
      const literal = match[3] ?? match[4];
      // `Number(process.env.PORT ?? 3000)`: a number literal is a value too.
      const fallback =
        literal !== undefined
          ? { value: literal }
          : match[5] !== undefined
            ? /^\d+$/.test(match[5]) && !match[6]?.trim()
              ? { value: match[5] }
              : { computed: true }
            : undefined;
      const known = found.get(name);
      if (!known || (known.value === undefined && !known.computed && fallback))
        found.set(name, fallback ?? {});
    }
  const lines = ['# Copy to .env: `halyard dev` and `halyard start` load it (node --env-file).'];
  for (const [name, { value, computed }] of [...found].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (computed) lines.push(`# ${name}: unset, the app computes its own (see src/); set one to choose it`);
    lines.push(value === undefined ? `# ${name}=` : `${name}=${value}`);
  }
  return `${lines.join('\n')}\n`;
}

/**
 * Text that only makes sense in this repository, by template path: [pattern, replacement]. Applied
 * where the pattern matches; the sync test checks the real template got them.
 */
const textRewrites = {
  // The chat's title in the documents and the browser tab is the generated app's name.
  'src/app-options.ts': [[/(\bdocs:\s*\{[^}]*?\btitle:\s*)(['"])[^'"\n]*\2/, "$1'{{name}}'"]],
  'web/index.html': [[/<title>[^<]*<\/title>/, '<title>{{name}}</title>']],
  // The repository's docs/ folder is not in the app; the package README that ships with it is.
  'src/main.ts': [[/\(docs\/scaling\.md\)/, '(node_modules/@halyard/redis/README.md)']],
};

/** What the generated app's browser helper adds: find a browser, or say how to get one. */
const browserFinder = `
/** Where Chromium or Chrome usually is; CHROMIUM_PATH, when set, is the only one looked at. */
const browserCandidates = process.env['CHROMIUM_PATH']
  ? [process.env['CHROMIUM_PATH']]
  : ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

/** The browser the tests drive, or undefined when there is none on this machine. */
export const chromiumPath = browserCandidates.find((path) => existsSync(path));

/** Why the browser tests are skipped, or undefined when they run. */
export const browserMissing = chromiumPath
  ? undefined
  : \`no browser at \${browserCandidates.join(', ')}: install Chromium (Debian/Ubuntu: sudo apt-get install chromium; macOS: brew install --cask chromium) or set CHROMIUM_PATH to a Chromium or Chrome binary\`;

/** \`t.test\` for a test that needs the browser: skipped, with the reason, when there is none. */
export function browserTest(t: Test, name: string, fn: (t: Test) => Promise<void>): Promise<void> {
  return t.test(name, browserMissing ? { skip: browserMissing } : {}, fn);
}
`;

/**
 * The generated app may run where there is no /usr/bin/chromium: its browser helper looks in the
 * usual places and its browser tests skip, saying how to install one, when none is there. (In this
 * repository the browser is always there and the tests always run.)
 */
async function rewriteBrowserTests(files, templateDir) {
  const helperPath = 'test/helpers/browser.ts';
  const helper = files.get(helperPath);
  if (typeof helper !== 'string') return;
  const launch = "process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium'";
  if (!helper.includes(launch))
    fail(`${helperPath} no longer launches ${launch}; update rewriteBrowserTests`);
  files.set(
    helperPath,
    await format(
      `import { existsSync } from 'node:fs';\nimport type { Test } from 'tap';\n${helper.replace(launch, 'chromiumPath')}${browserFinder}`,
      join(templateDir, helperPath),
    ),
  );
  for (const [path, text] of files) {
    if (!/^test\/.*\.browser\.test\.ts$/.test(path) || typeof text !== 'string') continue;
    const imported = /import \{ ([^}]*) \} from '\.\/helpers\/browser\.js';/;
    if (!imported.test(text) || !/^t\.test\(/m.test(text))
      fail(
        `${path} does not import ./helpers/browser.js or has no top-level t.test; update rewriteBrowserTests`,
      );
    files.set(
      path,
      await format(
        text
          .replace(imported, (_, names) => `import { browserTest, ${names} } from './helpers/browser.js';`)
          .replace(/^t\.test\(/gm, 'browserTest(t, '),
        join(templateDir, path),
      ),
    );
  }
}

function applyTextRewrites(files) {
  for (const [path, rewrites] of Object.entries(textRewrites)) {
    const content = files.get(path);
    if (content === undefined) continue;
    let text = typeof content === 'string' ? content : content.toString('utf8');
    for (const [pattern, replacement] of rewrites) text = text.replace(pattern, replacement);
    files.set(path, text);
  }
}

/** Formats generated files in the Halyard repository's style (its .prettierrc), wherever the app is. */
async function format(text, filepath) {
  const config = (await prettier.resolveConfig(join(defaultPaths.repoRoot, 'package.json'))) ?? {};
  return prettier.format(text, { ...config, filepath });
}

/**
 * The synced part of templates/chat: path → content, in the template's layout (dotfiles stored
 * as `_name`).
 */
export async function renderChatTemplate({ repoRoot, appDir, templateDir } = defaultPaths) {
  const files = new Map();
  const ignored = gitIgnored(repoRoot, appDir);
  const isIgnored = (path) =>
    ignored.some((entry) => (entry.endsWith('/') ? path.startsWith(entry) : path === entry));
  const sources = [];
  for (const path of listFiles(appDir)) {
    if (isIgnored(path) || path === 'package.json' || path === 'README.md') continue;
    const base = posix.basename(path);
    if (base === '.gitignore' || base === '.taprc') continue;
    const absolute = join(appDir, path);
    const dotted = storedDotfiles.find((name) => base === `.${name}`);
    const target = dotted ? posix.join(posix.dirname(path), `_${dotted}`).replace(/^\.\//, '') : path;
    if (/(^|\/)tsconfig[^/]*\.json$/.test(path)) {
      const config = rewriteTsconfig(absolute, { appDir, topLevel: path === 'tsconfig.json' });
      files.set(target, await format(JSON.stringify(config), join(templateDir, target)));
    } else if (path === 'src/app.ts' && !existsSync(join(appDir, 'src/app-options.ts'))) {
      const text = rewriteRelativePaths(readFileSync(absolute, 'utf8'), { file: path, appDir, repoRoot });
      const split = splitAppModule(text);
      files.set('src/app.ts', await format(split.app, join(templateDir, 'src/app.ts')));
      files.set('src/app-options.ts', await format(split.options, join(templateDir, 'src/app-options.ts')));
      sources.push(text);
    } else if (codeExtensions.test(path)) {
      const text = rewriteRelativePaths(readFileSync(absolute, 'utf8'), { file: path, appDir, repoRoot });
      files.set(target, path === 'src/app-options.ts' ? addControllersMarker(text) : text);
      if (path.startsWith('src/')) sources.push(text);
    } else files.set(target, readFileSync(absolute));
  }
  if (!files.has('src/app-options.ts')) fail('no src/app-options.ts came out of apps/chat');
  if (!files.has('_env.example')) files.set('_env.example', renderEnvExample(sources));
  applyTextRewrites(files);
  await rewriteBrowserTests(files, templateDir);

  const snapshots = join(repoRoot, 'tap-snapshots', toPosix(relative(repoRoot, appDir)));
  if (existsSync(snapshots))
    for (const path of listFiles(snapshots)) {
      const text = readFileSync(join(snapshots, path), 'utf8');
      const prefix = `${toPosix(relative(repoRoot, appDir))}/`;
      files.set(`tap-snapshots/${path}`, text.replaceAll(`exports[\`${prefix}`, 'exports[`'));
    }

  files.set(
    'package.json',
    await format(JSON.stringify(renderManifest({ repoRoot, appDir })), join(templateDir, 'package.json')),
  );
  return new Map([...files].sort(([a], [b]) => (a < b ? -1 : 1)));
}

/** The files of templates/chat the sync owns (everything but the hand-written ones). */
export function syncedTemplateFiles(templateDir = defaultPaths.templateDir) {
  return existsSync(templateDir) ? listFiles(templateDir).filter((path) => !handWritten.includes(path)) : [];
}

export async function writeChatTemplate(paths = defaultPaths) {
  const files = await renderChatTemplate(paths);
  for (const path of syncedTemplateFiles(paths.templateDir))
    if (!files.has(path)) rmSync(join(paths.templateDir, path));
  for (const [path, content] of files) {
    mkdirSync(dirname(join(paths.templateDir, path)), { recursive: true });
    writeFileSync(join(paths.templateDir, path), content);
  }
  // Folders the removals emptied.
  const prune = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }))
      if (entry.isDirectory()) {
        prune(join(dir, entry.name));
        if (readdirSync(join(dir, entry.name)).length === 0)
          rmSync(join(dir, entry.name), { recursive: true });
      }
  };
  prune(paths.templateDir);
  return files;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  if (!existsSync(defaultPaths.appDir)) {
    process.stdout.write(
      'sync-chat-template: no apps/chat here (not a repository checkout); the template is kept\n',
    );
  } else {
    const files = await writeChatTemplate();
    process.stdout.write(`sync-chat-template: templates/chat has ${files.size} files from apps/chat\n`);
  }
}
