// Tools of the AsyncAPI ecosystem read Halyard's documents: @asyncapi/modelina generates TypeScript
// models from apps/chat's exported AsyncAPI document, and they compile under `strict`.
import t from 'tap';
import { readdir, rm } from 'node:fs/promises';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { TypeScriptFileGenerator } from '@asyncapi/modelina';
import { halyard, repoRoot, run, tempDir } from './helpers/cli-process.js';

t.setTimeout(300_000); // the export compiles apps/chat with tsc, then tsc checks the models

const work = await tempDir('halyard-modelina-');
t.teardown(() => rm(work, { recursive: true, force: true }));

t.test("Modelina's TypeScript models of apps/chat's AsyncAPI document compile", async (t) => {
  const docs = join(work, 'docs');
  const exported = await halyard(['docs', '--format', 'json', '--out', docs], {
    cwd: join(repoRoot, 'apps/chat'),
    timeoutMs: 180_000,
  });
  t.equal(exported.code, 0, exported.stderr);
  const document = JSON.parse(await readFile(join(docs, 'asyncapi.json'), 'utf8')) as Record<string, unknown>;

  const out = join(work, 'models');
  const generator = new TypeScriptFileGenerator({ modelType: 'interface' });
  const models = await generator.generateToFiles(document, out, { exportType: 'named' }, true);
  const names = new Set(models.map((model) => model.modelName));
  // The DTOs of the chat and board sockets and the protocol's own frames, by their schema titles.
  for (const name of [
    'SendDto',
    'MessageDto',
    'TypingDto',
    'TypingEvent',
    'MemberDto',
    'PresenceEvent',
    'StrokeDto',
    'DrawnStroke',
    'PointDto',
    'CursorDto',
    'CursorEvent',
    'BoardQuery',
    'BoardSnapshot',
    'StreamPosition',
    'ErrorFrame',
    'ErrorBody',
  ])
    t.ok(names.has(name), `model ${name} is generated`);
  const files = (await readdir(out)).filter((file) => file.endsWith('.ts'));
  t.equal(files.length, models.length, 'one file per model');

  const tsc = join(repoRoot, 'node_modules/typescript/bin/tsc');
  const checked = await run(
    process.execPath,
    [
      tsc,
      '--ignoreConfig',
      '--noEmit',
      '--strict',
      '--target',
      'ES2022',
      // Modelina's imports carry no extension ('./ErrorBody'): a bundler's resolution.
      '--module',
      'ESNext',
      '--moduleResolution',
      'bundler',
      ...files,
    ],
    { cwd: out, timeoutMs: 120_000 },
  );
  t.equal(`${checked.stdout}${checked.stderr}`.trim(), '', 'tsc --strict finds nothing');
  t.equal(checked.code, 0, 'tsc exits 0');
});
