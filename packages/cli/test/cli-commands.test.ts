import t from 'tap';
import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { cliErrorTable } from '../src/errors.js';
import { cleanEnv, cliBin, halyard, repoRoot, run, tempDir } from './helpers/cli-process.js';

const version = JSON.parse(await readFile(join(repoRoot, 'packages/cli/package.json'), 'utf8'))
  .version as string;
const work = await tempDir('halyard-cli-');
// Packing the workspace's tarballs (HALYARD_WORKSPACE) alone takes about a minute on 2 cores, so the
// file outgrew tap's default 120 s; the child processes keep their own time limits.
t.setTimeout(300_000);
t.teardown(() => rm(work, { recursive: true, force: true }));

async function tree(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(dir.length + 1))
    .sort();
}

t.test('--help, --version and help on every command', async (t) => {
  const help = await halyard(['--help'], { cwd: work });
  t.equal(help.code, 0);
  t.match(help.stdout, /^Usage: halyard <command> \[options\]\n/);
  for (const command of [
    'new',
    'generate controller',
    'generate dto',
    'docs',
    'docs diff',
    'docs mock',
    'client',
    'dev',
    'build',
    'start',
  ])
    t.match(help.stdout, new RegExp(`\\n  ${command} +\\S`), `lists ${command}`);
  t.notMatch(help.stdout, '\u001b[', 'no colour when stdout is not a terminal');

  const versionResult = await halyard(['--version'], { cwd: work });
  t.strictSame(versionResult, { code: 0, stdout: `${version}\n`, stderr: '' });
  t.equal((await halyard(['-v'], { cwd: work })).stdout, `${version}\n`);

  for (const args of [
    ['new', '--help'],
    ['generate', 'controller', '--help'],
    ['g', 'c', '-h'],
    ['generate', 'dto', '--help'],
    ['g', 'd', '--help'],
    ['docs', '--help'],
    ['docs', 'diff', '--help'],
    ['docs', 'mock', '--help'],
    ['client', '--help'],
    ['dev', '--help'],
    ['build', '--help'],
    ['start', '--help'],
  ]) {
    const result = await halyard(args, { cwd: work });
    t.equal(result.code, 0, `${args.join(' ')} exits 0`);
    t.match(result.stdout, /^Usage: halyard \S+/, `${args.join(' ')} prints its usage`);
    t.match(result.stdout, '-h, --help', `${args.join(' ')} lists its options`);
  }
  t.match(
    (await halyard(['g', 'c', '--help'], { cwd: work })).stdout,
    /^Usage: halyard generate controller <name> \[options\]\n/,
  );
  t.match((await halyard(['new', '--help'], { cwd: work })).stdout, '--no-install');

  const bare = await halyard([], { cwd: work });
  t.equal(bare.code, 2, 'no command is a usage error');
  t.match(bare.stdout, 'Usage: halyard <command>');
});

t.test('on a terminal: asks for a missing folder, and colours the output unless NO_COLOR', async (t) => {
  // util-linux `script` gives the CLI a pseudo-terminal and types the answer into it.
  const onTerminal = (args: string, env: NodeJS.ProcessEnv) =>
    run('script', ['-qec', `${process.execPath} ${cliBin} ${args}`, '/dev/null'], {
      cwd: work,
      env,
      input: 'prompted-app\n',
    });
  const asked = await onTerminal('new --no-install', cleanEnv({ NO_COLOR: '' }));
  t.equal(asked.code, 0, asked.stdout);
  t.match(asked.stdout, 'Project folder (halyard-app): ');
  t.match(asked.stdout, '\u001b[1mprompted-app\u001b[22m', 'bold on a terminal');
  t.match(asked.stdout, '\u001b[32m✔\u001b[39m Created prompted-app');
  t.ok((await readdir(join(work, 'prompted-app'))).includes('package.json'));
  const plain = await onTerminal('--help', cleanEnv({ NO_COLOR: '1' }));
  t.match(plain.stdout, 'Usage: halyard <command> [options]');
  t.notMatch(plain.stdout, '\u001b[', 'NO_COLOR turns colour off on a terminal too');
  await rm(join(work, 'prompted-app'), { recursive: true });
});

t.test('usage errors exit 2 with a coded message', async (t) => {
  const cases: Array<[string[], string]> = [
    [
      ['launch'],
      'error HALYARD_ERR_CLI_UNKNOWN_COMMAND: unknown command "launch"; run "halyard --help" for the list\n',
    ],
    [
      ['g', 'x', 'y'],
      'error HALYARD_ERR_CLI_UNKNOWN_COMMAND: unknown command "generate x"; run "halyard --help" for the list\n',
    ],
    [
      ['new', 'ok', '--bogus'],
      'error HALYARD_ERR_CLI_UNKNOWN_OPTION: new: unknown option --bogus; run "halyard new --help"\n',
    ],
    [
      ['new', 'ok', '--template', 'nope'],
      'error HALYARD_ERR_CLI_INVALID_OPTION: new: --template must be one of minimal, chat, got "nope"\n',
    ],
    [
      ['docs', '--format', 'pdf'],
      'error HALYARD_ERR_CLI_INVALID_OPTION: docs: --format must be one of json, yaml, html, got "pdf"\n',
    ],
    [
      ['new', 'a', 'b'],
      'error HALYARD_ERR_CLI_UNEXPECTED_ARGUMENT: new: unexpected argument "b"; usage: halyard new <dir> [options]\n',
    ],
    [
      ['new'],
      'error HALYARD_ERR_CLI_MISSING_ARGUMENT: new: missing <dir>; usage: halyard new <dir> [options]\n',
    ],
    [
      ['g', 'c'],
      'error HALYARD_ERR_CLI_MISSING_ARGUMENT: generate controller: missing <name>; usage: halyard generate controller <name> [options]\n',
    ],
    [
      ['g', 'c', '9lives'],
      'error HALYARD_ERR_CLI_INVALID_IDENTIFIER: "9lives" cannot be turned into a class name: use letters, digits and dashes, starting with a letter (e.g. "order-items")\n',
    ],
  ];
  for (const [args, stderr] of cases) {
    const result = await halyard(args, { cwd: work });
    t.equal(result.code, 2, `${args.join(' ')} exits 2`);
    t.equal(result.stderr, stderr, args.join(' '));
  }
});

t.test('new refuses bad package names and non-empty folders', async (t) => {
  const names: Array<[string, string, string]> = [
    ['My App', 'no capital letters; only URL-safe characters', 'my-app'],
    ['.hidden', 'cannot start with "." or "_"', 'hidden'],
    ['http', '"http" is a Node.js core module', 'http-app'],
    ['node_modules', '"node_modules" is reserved', 'node_modules-app'],
    ['a(b)', "none of ~'!()*", 'a-b'],
  ];
  for (const [name, reasons, suggested] of names) {
    const result = await halyard(['new', name, '--no-install'], { cwd: work });
    t.equal(result.code, 2, name);
    t.equal(
      result.stderr,
      `error HALYARD_ERR_CLI_INVALID_NAME: "${name}" is not a valid npm package name: ${reasons}; keep the folder and pass --name ${suggested}\n`,
    );
  }
  const scoped = await halyard(['new', 'scoped', '--name', '@acme/Shop', '--no-install'], { cwd: work });
  t.equal(scoped.code, 2);
  t.equal(
    scoped.stderr,
    'error HALYARD_ERR_CLI_INVALID_NAME: "@acme/Shop" is not a valid npm package name: no capital letters\n',
    'no --name hint when --name is what is wrong',
  );
  t.strictSame(await readdir(work), [], 'nothing was written');
  const suggested = await halyard(['new', 'My App', '--name', 'my-app', '--no-install'], { cwd: work });
  t.equal(suggested.code, 0, 'the suggested --name works with the same folder');
  t.equal(JSON.parse(await readFile(join(work, 'My App/package.json'), 'utf8')).name, 'my-app');
  await rm(join(work, 'My App'), { recursive: true });

  await writeFile(join(work, 'notes.txt'), 'a file, not a folder');
  for (const force of [[], ['--force']]) {
    const file = await halyard(['new', 'notes.txt', '--name', 'notes', '--no-install', ...force], {
      cwd: work,
    });
    t.equal(file.code, 1);
    t.equal(
      file.stderr,
      `error HALYARD_ERR_CLI_NOT_A_FOLDER: ${join(work, 'notes.txt')} exists and is not a folder; choose another path for the app\n`,
      `a file ${force.join('')}`,
    );
  }
  await rm(join(work, 'notes.txt'));

  const busy = join(work, 'busy');
  await mkdir(busy);
  await writeFile(join(busy, 'notes.txt'), 'mine');
  const refused = await halyard(['new', 'busy', '--no-install'], { cwd: work });
  t.equal(refused.code, 1);
  t.equal(
    refused.stderr,
    `error HALYARD_ERR_CLI_DIR_NOT_EMPTY: ${busy} is not empty; choose another folder, or pass --force to write into it (files the template also has are overwritten)\n`,
  );
  t.strictSame(await readdir(busy), ['notes.txt'], 'the folder is untouched');

  const forced = await halyard(['new', 'busy', '--no-install', '--force'], { cwd: work });
  t.equal(forced.code, 0, forced.stderr);
  t.match(
    forced.stderr,
    `warning ${busy} is not empty; --force: files the template also has are overwritten`,
  );
  t.equal(await readFile(join(busy, 'notes.txt'), 'utf8'), 'mine', 'other files are kept');
  t.ok((await readdir(busy)).includes('package.json'));

  const badWorkspace = await halyard(['new', 'ws-app', '--no-install', '--workspace', work], { cwd: work });
  t.equal(badWorkspace.code, 1);
  t.equal(
    badWorkspace.stderr,
    `error HALYARD_ERR_CLI_WORKSPACE_INVALID: --workspace ${work} is not a Halyard repository: it has no packages/ folder\n`,
  );

  // A broken manifest is reported, not skipped (skipping it would surface later as a missing package).
  const broken = join(work, 'broken-workspace');
  await mkdir(join(broken, 'packages', 'core'), { recursive: true });
  await writeFile(join(broken, 'packages', 'core', 'package.json'), '{ "name": ');
  const brokenWorkspace = await halyard(['new', 'ws-app-2', '--no-install', '--workspace', broken], {
    cwd: work,
  });
  t.equal(brokenWorkspace.code, 1);
  t.match(
    brokenWorkspace.stderr,
    `error HALYARD_ERR_CLI_WORKSPACE_INVALID: --workspace ${broken} is not a Halyard repository: packages/core/package.json is not JSON (`,
  );
});

t.test('new --no-install writes the minimal template: dotfiles, name, versions, next steps', async (t) => {
  const result = await halyard(['new', 'notes-app', '--no-install'], { cwd: work });
  t.equal(result.code, 0, result.stderr);
  t.equal(result.stderr, '');
  const app = join(work, 'notes-app');
  t.equal(
    result.stdout,
    [
      'Creating notes-app from the minimal template',
      `[1/2] Checking ${app}`,
      '[2/2] Copied the minimal template: 18 files',
      '',
      `✔ Created notes-app in ${app}`,
      '',
      'Next:',
      '  cd notes-app',
      '  npm install',
      '  npm start    # http://127.0.0.1:3000, API docs at /docs',
      '  npm test',
      '',
    ].join('\n'),
  );
  t.strictSame(await tree(app), [
    '.env.example',
    '.gitignore',
    '.taprc',
    'README.md',
    'package.json',
    'src/api-client.ts',
    'src/app-options.ts',
    'src/app.ts',
    'src/echo/echo.controller.ts',
    'src/echo/echo.dto.ts',
    'src/main.ts',
    'src/notes/notes.controller.ts',
    'src/notes/notes.dto.ts',
    'src/notes/notes.store.ts',
    'test/api-client.test.ts',
    'test/echo.test.ts',
    'test/notes.test.ts',
    'tsconfig.json',
  ]);
  const manifest = JSON.parse(await readFile(join(app, 'package.json'), 'utf8'));
  t.equal(manifest.name, 'notes-app');
  t.strictSame(Object.keys(manifest.scripts), ['dev', 'build', 'start', 'test', 'docs', 'client']);
  t.equal(manifest.dependencies['@halyard/client'], `^${version}`, 'the run time of src/api-client.ts');
  t.equal(manifest.dependencies['@halyard/core'], `^${version}`);
  t.equal(manifest.dependencies['@halyard/docs-ui'], `^${version}`);
  t.equal(manifest.devDependencies['@halyard/cli'], `^${version}`);
  t.equal(manifest.devDependencies.typescript, '6.0.3');
  for (const dependency of ['reflect-metadata', 'class-validator', 'class-transformer'])
    t.ok(manifest.dependencies[dependency], dependency);
  for (const dependency of ['tap', '@types/node']) t.ok(manifest.devDependencies[dependency], dependency);
  const tsconfig = JSON.parse(await readFile(join(app, 'tsconfig.json'), 'utf8'));
  t.match(tsconfig.compilerOptions, {
    experimentalDecorators: true,
    emitDecoratorMetadata: true,
    rootDir: 'src',
  });
  t.match(
    await readFile(join(app, 'README.md'), 'utf8'),
    /^# notes-app\n[\s\S]*\nnpm start {3}# [\s\S]*\nnpm test {4}# /,
  );
  t.match(await readFile(join(app, 'src/app-options.ts'), 'utf8'), "title: 'notes-app'");
  t.notMatch(
    (await Promise.all((await tree(app)).map((file) => readFile(join(app, file), 'utf8')))).join('\n'),
    /\{\{\w+\}\}/,
    'every placeholder is filled',
  );
});

t.test('new --template chat --package-manager pnpm', async (t) => {
  const result = await halyard(
    ['new', 'chat-app', '--template', 'chat', '--package-manager', 'pnpm', '--no-install'],
    {
      cwd: work,
    },
  );
  t.equal(result.code, 0, result.stderr);
  t.match(result.stdout, /\n {2}pnpm install\n {2}pnpm start {4}# [^\n]*\n {2}pnpm test\n$/);
  const files = await tree(join(work, 'chat-app'));
  for (const file of [
    '.gitignore',
    '.env.example',
    '.taprc',
    'src/app-options.ts',
    'src/main.ts',
    'package.json',
  ])
    t.ok(files.includes(file), file);
  t.ok(files.some((file) => file.startsWith('test/') && file.endsWith('.test.ts')));
  t.notOk(
    files.some((file) => file.startsWith('_')),
    'no stored dotfile is left under its stored name',
  );
  t.match(await readFile(join(work, 'chat-app/README.md'), 'utf8'), '\npnpm start ');
  const options = await readFile(join(work, 'chat-app/src/app-options.ts'), 'utf8');
  t.match(options, 'controllers: [/* halyard:controllers */');
  t.match(options, "\n    title: 'chat-app',\n", "the documents' title is the app's name");
  t.match(await readFile(join(work, 'chat-app/web/index.html'), 'utf8'), '<title>chat-app</title>');
  const main = await readFile(join(work, 'chat-app/src/main.ts'), 'utf8');
  t.notMatch(main, 'docs/', 'no link to docs the app does not have');
  t.match(main, '(node_modules/@halyard/redis/README.md)');
  const envExample = await readFile(join(work, 'chat-app/.env.example'), 'utf8');
  t.match(
    envExample,
    '\n# ADMIN_TOKEN: unset, the app computes its own (see src/); set one to choose it\n# ADMIN_TOKEN=\n',
    'no computed default (a random admin token) is written as a value',
  );
  t.notMatch(envExample, /^ADMIN_TOKEN=/m);
  t.match(envExample, '\nREDIS_PREFIX=chat\n', 'a string default is');

  const detected = await halyard(['new', 'detected', '--no-install'], {
    cwd: work,
    env: cleanEnv({ npm_config_user_agent: 'pnpm/10.34.9 npm/? node/v20.20.2 linux x64' }),
  });
  t.match(detected.stdout, '\n  pnpm install\n', 'the package manager that ran `create` is the default');
});

t.test(
  'HALYARD_WORKSPACE: tarballs of the checkout, in the app or in a reused HALYARD_PACK_CACHE',
  async (t) => {
    const inApp = await halyard(['new', 'ws-local', '--no-install'], {
      cwd: work,
      env: cleanEnv({ HALYARD_WORKSPACE: repoRoot }),
    });
    t.equal(inApp.code, 0, inApp.stderr);
    t.match(
      inApp.stdout,
      /\n\[3\/3\] Packing @halyard\/cli, @halyard\/client, @halyard\/core, @halyard\/docs-ui from \S+\n/,
    );
    const local = JSON.parse(await readFile(join(work, 'ws-local/package.json'), 'utf8'));
    t.strictSame(
      [
        local.dependencies['@halyard/core'],
        local.dependencies['@halyard/docs-ui'],
        local.devDependencies['@halyard/cli'],
      ],
      [
        `file:.halyard/workspace-packs/halyard-core-${version}.tgz`,
        `file:.halyard/workspace-packs/halyard-docs-ui-${version}.tgz`,
        `file:.halyard/workspace-packs/halyard-cli-${version}.tgz`,
      ],
      'relative to the app, which can move',
    );
    t.match(await readFile(join(work, 'ws-local/.gitignore'), 'utf8'), '.halyard/');

    const cache = join(work, 'pack-cache');
    const env = cleanEnv({ HALYARD_WORKSPACE: repoRoot, HALYARD_PACK_CACHE: cache });
    t.equal((await halyard(['new', 'ws-one', '--no-install'], { cwd: work, env })).code, 0);
    const tarball = join(cache, `halyard-core-${version}.tgz`);
    const first = (await stat(tarball)).mtimeMs;
    t.equal((await halyard(['new', 'ws-two', '--no-install'], { cwd: work, env })).code, 0);
    t.equal((await stat(tarball)).mtimeMs, first, 'the second app reuses the packed tarball');
    const shared = JSON.parse(await readFile(join(work, 'ws-two/package.json'), 'utf8'));
    t.equal(shared.dependencies['@halyard/core'], `file:${tarball}`);
    t.strictSame((await readdir(cache)).sort(), [
      `halyard-cli-${version}.tgz`,
      `halyard-client-${version}.tgz`,
      `halyard-core-${version}.tgz`,
      `halyard-docs-ui-${version}.tgz`,
    ]);
  },
);

t.test('generate controller and dto: files, registration, refusing to overwrite', async (t) => {
  const app = join(work, 'notes-app');
  const rest = await halyard(['generate', 'controller', 'orders'], { cwd: join(app, 'src') });
  t.equal(rest.code, 0, rest.stderr);
  t.equal(
    rest.stdout,
    [
      'created src/orders/orders.controller.ts',
      'created src/orders/orders.dto.ts',
      'created test/orders.test.ts',
      'updated src/app-options.ts (OrdersController)',
      '',
      'Next: npm test runs the new test with the others.',
      'The app has a generated client (src/api-client.ts): regenerate it with npm run client.',
      '',
    ].join('\n'),
  );
  const both = await halyard(['g', 'c', 'liveScores', '--rest', '--ws'], { cwd: app });
  t.equal(both.code, 0, both.stderr);
  t.match(both.stdout, 'updated src/app-options.ts (LiveScoresController, LiveScoresSocket)');
  const ws = await halyard(['g', 'c', 'pings', '--ws'], { cwd: app });
  t.match(ws.stdout, 'updated src/app-options.ts (PingsSocket)');

  const options = await readFile(join(app, 'src/app-options.ts'), 'utf8');
  t.match(
    options,
    [
      "import { OrdersController } from './orders/orders.controller.js';",
      "import { LiveScoresController, LiveScoresSocket } from './live-scores/live-scores.controller.js';",
      "import { PingsSocket } from './pings/pings.controller.js';",
      '// halyard:imports',
    ].join('\n'),
  );
  t.match(
    options,
    [
      '  controllers: [/* halyard:controllers */',
      '    NotesController,',
      '    EchoSocket,',
      '    OrdersController,',
      '    LiveScoresController,',
      '    LiveScoresSocket,',
      '    PingsSocket,',
      '  ],',
    ].join('\n'),
    'a long array goes one class per line',
  );
  const controller = await readFile(join(app, 'src/live-scores/live-scores.controller.ts'), 'utf8');
  t.match(controller, "@Controller('/api/live-scores')");
  t.match(controller, "@WebSocket('/ws/live-scores')");
  t.match(controller, "@Emits('live-score.created', LiveScoreDto");
  t.match(
    await readFile(join(app, 'src/live-scores/live-scores.dto.ts'), 'utf8'),
    'export class CreateLiveScoreDto {',
  );
  t.match(await readFile(join(app, 'test/pings.test.ts'), 'utf8'), "await connectSocket(app, '/ws/pings')");

  const dto = await halyard(['g', 'd', 'shipping-address'], { cwd: app });
  t.equal(dto.code, 0, dto.stderr);
  t.match(
    dto.stdout,
    'created src/shipping-address/shipping-address.dto.ts\ncreated test/shipping-address.dto.test.ts\n',
  );
  t.match(
    await readFile(join(app, 'src/shipping-address/shipping-address.dto.ts'), 'utf8'),
    'export class ShippingAddressDto {',
  );

  const before = await readFile(join(app, 'src/app-options.ts'), 'utf8');
  const again = await halyard(['g', 'c', 'orders', '--ws'], { cwd: app });
  t.equal(again.code, 1);
  t.equal(
    again.stderr,
    'error HALYARD_ERR_CLI_FILE_EXISTS: refusing to overwrite src/orders/orders.controller.ts, src/orders/orders.dto.ts, test/orders.test.ts; nothing was written (pick another name or delete them)\n',
  );
  t.equal(await readFile(join(app, 'src/app-options.ts'), 'utf8'), before, 'the registration is untouched');
  t.equal((await halyard(['g', 'd', 'shipping-address'], { cwd: app })).code, 1);

  const taken = await halyard(['g', 'c', 'notes', '--rest', '--ws'], { cwd: app });
  t.equal(taken.code, 1);
  t.equal(
    taken.stderr,
    'error HALYARD_ERR_CLI_NAME_TAKEN: NotesController is already in src/app-options.ts; /api/notes is already served by src/notes/notes.controller.ts; nothing was written (pick another name)\n',
  );
  await mkdir(join(app, 'src/legacy'));
  await writeFile(join(app, 'src/legacy/feed.ts'), "@WebSocket('/ws/feed', { refuseWith: 'close' })\n");
  const address = await halyard(['g', 'c', 'feed', '--ws'], { cwd: app });
  t.equal(address.code, 1);
  t.equal(
    address.stderr,
    'error HALYARD_ERR_CLI_NAME_TAKEN: /ws/feed is already served by src/legacy/feed.ts; nothing was written (pick another name)\n',
  );
  await rm(join(app, 'src/legacy'), { recursive: true });
  t.notOk((await readdir(join(app, 'src'))).includes('feed'), 'nothing was written');
  const chat = await halyard(['g', 'c', 'rooms'], { cwd: join(work, 'chat-app') });
  t.equal(chat.code, 1);
  t.equal(
    chat.stderr,
    'error HALYARD_ERR_CLI_NAME_TAKEN: RoomsController is already in src/app-options.ts; /api/rooms is already served by src/rooms/rooms-controller.ts; nothing was written (pick another name)\n',
    'the chat template: a second RoomsController import would not compile',
  );

  await writeFile(join(app, 'src/app-options.ts'), before.replace(/\/\* halyard:controllers \*\/\s*/, ''));
  const unmarked = await halyard(['g', 'c', 'invoices'], { cwd: app });
  t.equal(unmarked.code, 1);
  t.match(
    unmarked.stderr,
    /^error HALYARD_ERR_CLI_MARKER_MISSING: no "\/\* halyard:controllers \*\/" marker in src\/app-options\.ts or src\/app\.ts;/,
  );
  t.notOk((await readdir(join(app, 'src'))).includes('invoices'), 'nothing was written');
  await writeFile(join(app, 'src/app-options.ts'), before);

  const outside = await halyard(['g', 'c', 'x'], { cwd: '/' });
  t.equal(outside.code, 1);
  t.match(
    outside.stderr,
    'error HALYARD_ERR_CLI_NOT_AN_APP: / is not a Halyard app: no package.json here or in a parent folder',
  );
});

t.test('commands that need an installed app say what is missing', async (t) => {
  const app = join(work, 'notes-app');
  const build = await halyard(['build'], { cwd: app });
  t.equal(build.code, 1);
  t.equal(
    build.stderr,
    `error HALYARD_ERR_CLI_DEPENDENCY_MISSING: typescript is not installed in ${app} (Halyard apps are compiled with tsc); run your package manager's install there\n`,
  );
  const start = await halyard(['start'], { cwd: app });
  t.equal(start.code, 1);
  t.match(start.stderr, 'error HALYARD_ERR_CLI_DEPENDENCY_MISSING: typescript is not installed');
});

t.test('every error code is reached by a test of the built CLI', async (t) => {
  const testDirs = [join(repoRoot, 'packages/cli/test'), join(repoRoot, 'packages/create-halyard/test')];
  let tests = '';
  for (const dir of testDirs)
    for (const file of await readdir(dir))
      if (file.endsWith('.test.ts')) tests += await readFile(join(dir, file), 'utf8');
  const asserted = new Set(tests.match(/error HALYARD_ERR_CLI_[A-Z_]+/g)?.map((text) => text.slice(6)));
  t.strictSame(
    Object.keys(cliErrorTable).filter((code) => !asserted.has(code)),
    [],
    'each code appears as printed ("error HALYARD_ERR_CLI_…") in an assertion',
  );
});

t.test('every error code is in docs/cli.md, and the docs list no other', async (t) => {
  const docs = await readFile(join(repoRoot, 'docs/cli.md'), 'utf8');
  const documented = [...new Set(docs.match(/HALYARD_ERR_CLI_[A-Z_]+/g) ?? [])].sort();
  t.strictSame(documented, Object.keys(cliErrorTable).sort());
  for (const [code, { exitCode }] of Object.entries(cliErrorTable))
    t.match(
      docs,
      new RegExp(`\\| \`${code}\` +\\| ${exitCode} +\\|`),
      `${code} is documented with exit code ${exitCode}`,
    );
});
