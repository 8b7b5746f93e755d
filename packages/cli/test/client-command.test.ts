// `halyard client` through the built CLI on both templates and apps/chat: the committed modules are
// current, they type-check under `strict`, misuse is a compile error, and `--check` catches a DTO
// change until the module is regenerated. The template copies install nothing: their node_modules
// links into the repository's installed packages (helpers/linked-modules.ts).
import t, { type Test } from 'tap';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { halyard, repoRoot, run, tempDir } from './helpers/cli-process.js';
import { linkedTemplateCopy } from './helpers/linked-modules.js';

t.setTimeout(420_000); // each command compiles an app with tsc (about 200 s in all on a loaded machine)

const work = await tempDir('halyard-client-');
t.teardown(() => rm(work, { recursive: true, force: true }));
const tsc = join(repoRoot, 'node_modules/typescript/bin/tsc');

const templateCopy = (template: 'minimal' | 'chat'): Promise<string> => linkedTemplateCopy(work, template);

/** `tsc --noEmit` with `strict` on the given files; resolves with its output (empty when clean). */
async function typeCheck(cwd: string, files: readonly string[], lib: string): Promise<string> {
  const result = await run(
    process.execPath,
    [
      tsc,
      '--ignoreConfig',
      '--noEmit',
      '--strict',
      '--noUncheckedIndexedAccess',
      '--exactOptionalPropertyTypes',
      '--target',
      'ES2022',
      '--module',
      'NodeNext',
      '--moduleResolution',
      'NodeNext',
      '--lib',
      lib,
      '--types',
      'node',
      '--skipLibCheck',
      ...files,
    ],
    { cwd, timeoutMs: 120_000 },
  );
  return `${result.stdout}${result.stderr}`.trim();
}

const minimal = await templateCopy('minimal');

t.test('minimal template: the committed src/api-client.ts is current and type-checks', async (t) => {
  const check = await halyard(['client', '--check'], { cwd: minimal, timeoutMs: 120_000 });
  t.equal(check.code, 0, check.stderr);
  t.match(check.stdout, '✔ src/api-client.ts is up to date');
  t.equal(await typeCheck(minimal, ['src/api-client.ts'], 'ES2023'), '', 'strict, Node types');
  t.equal(await typeCheck(minimal, ['src/api-client.ts'], 'ES2023,DOM'), '', 'strict, with the DOM lib too');
});

/**
 * Writes `use` to src/<name>.ts of the minimal copy twice. First with `// @ts-expect-error` before
 * each misuse: tsc is silent only if every one of them fails. Then without the directive: every one
 * is reported, on the lines `errorLines`, so the first check can fail. Resolves with tsc's output.
 */
async function checkMisuse(
  t: Test,
  misuse: {
    readonly name: string;
    readonly use: (expectError: (line: string) => string) => string;
    readonly errorLines: readonly number[];
  },
): Promise<string> {
  const { name, use, errorLines } = misuse;
  const file = `src/${name}.ts`;
  await writeFile(
    join(minimal, file),
    use((line) => `  // @ts-expect-error\n${line}`),
  );
  t.equal(await typeCheck(minimal, [file], 'ES2023,DOM'), '');
  await writeFile(
    join(minimal, file),
    use((line) => line),
  );
  const errors = await typeCheck(minimal, [file], 'ES2023,DOM');
  const errorAt = new RegExp(`src/${name}\\.ts\\(\\d+,\\d+\\): error TS\\d+`);
  const lines = errors.split('\n').filter((line) => errorAt.test(line));
  t.strictSame(
    [...new Set(lines.map((line) => Number(/\((\d+),/.exec(line)?.[1])))].sort((a, b) => a - b),
    errorLines,
    errors,
  );
  return errors;
}

const typedUse = (expectError: (line: string) => string): string =>
  [
    "import { connect } from '@halyard/client';",
    "import { createRestClient, echoSocket, type EchoSocketSchema } from './api-client.js';",
    '',
    'export async function use(): Promise<string> {',
    '  const client = connect<EchoSocketSchema>(echoSocket.url({}, {}, "http://127.0.0.1:1"));',
    "  const reply = await client.request('echo', { text: 'hi' });",
    '  const ok: string = reply.text + reply.receivedAt;',
    expectError("  await client.request('shout', { text: 'hi' });"),
    expectError("  await client.request('echo', { text: 42 });"),
    expectError("  await client.request('echo', { txt: 'hi' });"),
    expectError('  reply.receivedAt.getTime();'),
    expectError("  client.on('echoed', () => undefined);"),
    '  const api = createRestClient();',
    expectError('  await api.notes.create({ body: {} });'),
    expectError('  await api.notes.get({ params: { ident: 1 } });'),
    expectError('  (await api.notes.list())[0]?.createdAt.getTime();'),
    '  return ok;',
    '}',
    '',
  ].join('\n');

t.test('a wrong message name, payload, reply, push or REST use is a compile error', async (t) => {
  const errors = await checkMisuse(t, {
    name: 'typed-use',
    use: typedUse,
    errorLines: [8, 9, 10, 11, 12, 14, 15, 16],
  });
  t.match(errors, `Argument of type '"shout"' is not assignable`);
  t.match(errors, "Type 'number' is not assignable to type 'string'");
  t.match(errors, "Property 'getTime' does not exist on type 'string'");
  await rm(join(minimal, 'src/typed-use.ts'));
});

t.test('--check fails after a DTO change and passes after halyard client regenerates', async (t) => {
  const dto = join(minimal, 'src/echo/echo.dto.ts');
  const before = await readFile(dto, 'utf8');
  await writeFile(
    dto,
    before
      .replace(
        "import { IsString, Length } from 'class-validator';",
        "import { IsDate, IsOptional, IsString, Length } from 'class-validator';",
      )
      .replace(
        '  @IsString() @Length(1, 500) text!: string;\n',
        '  @IsString() @Length(1, 500) text!: string;\n  @IsOptional() @IsDate() @Type(() => Date) sentAt?: Date;\n',
      ),
  );
  const stale = await halyard(['client', '--check'], { cwd: minimal, timeoutMs: 120_000 });
  t.equal(stale.code, 1);
  t.match(
    stale.stderr,
    'error HALYARD_ERR_CLI_CLIENT_STALE: src/api-client.ts is stale: it differs from the app definition; run "halyard client" and commit the result',
  );

  const generated = await halyard(['client'], { cwd: minimal, timeoutMs: 120_000 });
  t.equal(generated.code, 0, generated.stderr);
  t.match(generated.stdout, '✔ Wrote src/api-client.ts');
  const text = await readFile(join(minimal, 'src/api-client.ts'), 'utf8');
  t.match(text, 'export type EchoDtoInput = {\n  text: string;\n  sentAt?: string | Date;\n};');
  t.notMatch(text, 'export type EchoDto = ', 'only the sent form is used, so only it is declared');
  t.match(text, 'data: EchoDtoInput;', 'the message accepts a Date');
  const check = await halyard(['client', '--check'], { cwd: minimal, timeoutMs: 120_000 });
  t.equal(check.code, 0, check.stderr);

  await rm(join(minimal, 'src/api-client.ts'));
  const missing = await halyard(['client', '--check'], { cwd: minimal, timeoutMs: 120_000 });
  t.equal(missing.code, 1);
  t.match(missing.stderr, 'HALYARD_ERR_CLI_CLIENT_STALE: src/api-client.ts is stale: it does not exist');
  const built = await halyard(['build', '--client', '--client-out', 'out/client.ts'], {
    cwd: minimal,
    timeoutMs: 120_000,
  });
  t.equal(built.code, 0, built.stderr);
  t.equal(
    await readFile(join(minimal, 'out/client.ts'), 'utf8'),
    text,
    'halyard build --client writes the same module',
  );
  await writeFile(dto, before);
});

const askingUse = (expectError: (line: string) => string): string =>
  [
    "import { connect } from '@halyard/client';",
    "import { echoSocket, type EchoSocketSchema } from './api-client.js';",
    '',
    'export function use(): void {',
    '  const client = connect<EchoSocketSchema>(echoSocket.url({}, {}, "http://127.0.0.1:1"));',
    "  client.onRequest('confirm', ({ text }) => ({ text, receivedAt: new Date() }));",
    "  client.onRequest('confirm', async (data) => ({ text: data.text, receivedAt: '2026-01-01T00:00:00.000Z' }));",
    "  client.onRequest('nudge', () => undefined);",
    expectError("  client.onRequest('confirmed', () => ({ text: '', receivedAt: new Date() }));"),
    expectError("  client.onRequest('confirm', () => ({ text: 1, receivedAt: new Date() }));"),
    expectError("  client.onRequest('confirm', () => ({ text: 'no date' }));"),
    expectError("  client.onRequest('confirm', (data) => ({ text: data.txt, receivedAt: new Date() }));"),
    '}',
    '',
  ].join('\n');

t.test('@Requests: the socket schema types onRequest; misuse is a compile error', async (t) => {
  const socket = join(minimal, 'src/echo/echo.controller.ts');
  const before = await readFile(socket, 'utf8');
  t.teardown(async () => {
    await writeFile(socket, before);
    await rm(join(minimal, 'src/asking-use.ts'), { force: true });
  });
  await writeFile(
    socket,
    before
      .replace(
        "import { Message, OnMessage, Summary, Tags, WebSocket } from '@halyard/core';",
        "import { Message, OnMessage, Requests, Summary, Tags, WebSocket } from '@halyard/core';",
      )
      .replace(
        "@WebSocket('/ws/echo')",
        "@Requests('confirm', EchoDto, { reply: EchoReplyDto, summary: 'Ask the client to confirm a text' })\n@Requests('nudge', null, { reply: null })\n@WebSocket('/ws/echo')",
      ),
  );
  const generated = await halyard(['client'], { cwd: minimal, timeoutMs: 120_000 });
  t.equal(generated.code, 0, generated.stderr);
  const text = await readFile(join(minimal, 'src/api-client.ts'), 'utf8');
  t.match(
    text,
    [
      '  requests: {',
      '    /** Ask the client to confirm a text */',
      '    confirm: {',
      '      data: EchoDto;',
      '      reply: EchoReplyDtoInput;',
      '    };',
      '    /** The server asks the client "nudge" and awaits its answer. */',
      '    nudge: {',
      '      data: null;',
      '      reply: void;',
      '    };',
      '  };',
    ].join('\n'),
    'data as received, the reply as sent (a Date or a string)',
  );
  t.match(text, 'export type EchoDto = {', 'the received form of the DTO is declared too');
  t.equal(await typeCheck(minimal, ['src/api-client.ts'], 'ES2023,DOM'), '', 'the module type-checks');

  const errors = await checkMisuse(t, { name: 'asking-use', use: askingUse, errorLines: [9, 10, 11, 12] });
  t.match(errors, `Argument of type '"confirmed"' is not assignable`);
  t.match(errors, "Property 'txt' does not exist");

  // `halyard client` compiles the app: the misuse file must go first.
  await rm(join(minimal, 'src/asking-use.ts'));
  await writeFile(socket, before);
  const restored = await halyard(['client'], { cwd: minimal, timeoutMs: 120_000 });
  t.equal(restored.code, 0, restored.stderr);
  t.notMatch(
    await readFile(join(minimal, 'src/api-client.ts'), 'utf8'),
    'requests:',
    'no requests, no requests part',
  );
});

t.test('chat template and apps/chat: the committed web/src/api-client.ts is current', async (t) => {
  const chat = await templateCopy('chat');
  for (const cwd of [chat, join(repoRoot, 'apps/chat')]) {
    const check = await halyard(['client', '--check'], { cwd, timeoutMs: 120_000 });
    t.equal(check.code, 0, check.stderr);
    t.match(check.stdout, '✔ web/src/api-client.ts is up to date');
  }
  t.equal(await typeCheck(chat, ['web/src/api-client.ts'], 'ES2023,DOM'), '');
});
