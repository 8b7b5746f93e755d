import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ESLint } from 'eslint';
import t from 'tap';

// One DTO model: only packages/core/src/dto/metadata-storage.ts reads class-validator's and
// class-transformer's metadata storage; the rest of the tree reads the DtoModel built from it.
const root = new URL('../../../', import.meta.url).pathname;
const owner = 'packages/core/src/dto/metadata-storage.ts';
const storageReads =
  /getMetadataStorage|defaultMetadataStorage|_(?:type|transform|expose|exclude)Metadatas|class-transformer\/(?:cjs|esm5|esm2015|types)\//;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

const sources = [
  ...readdirSync(join(root, 'packages')).map((name) => join(root, 'packages', name, 'src')),
  ...readdirSync(join(root, 'apps')).map((name) => join(root, 'apps', name, 'src')),
].flatMap((dir) => {
  try {
    return sourceFiles(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
});

t.test('only dto/metadata-storage.ts reads the metadata storage', async (t) => {
  const readers = sources
    .filter((path) => storageReads.test(readFileSync(path, 'utf8')))
    .map((path) => relative(root, path));
  t.strictSame(readers, [owner]);
});

t.test('validation/ imports nothing from schema/ (no validation <-> schema cycle)', async (t) => {
  const validation = sources.filter((path) =>
    relative(root, path).startsWith('packages/core/src/validation/'),
  );
  t.ok(validation.length > 5, 'the validation folder was found');
  const offenders = validation.filter((path) => /from '\.\.\/schema\//.test(readFileSync(path, 'utf8')));
  t.strictSame(offenders, []);
});

t.test('the lint rule refuses a storage read anywhere else, and allows it in the owner', async (t) => {
  const eslint = new ESLint({ cwd: root });
  const code = [
    "import { getMetadataStorage } from 'class-validator';",
    "import type { MetadataStorage } from 'class-transformer/types/MetadataStorage.js';",
    'export const read = (storage: MetadataStorage): unknown => [getMetadataStorage(), Reflect.get(storage, "_typeMetadatas")];',
    '',
  ].join('\n');
  // Line 1 is reported twice by no-restricted-syntax: the imported and the local name of the specifier.
  const rulesAt = async (file: string): Promise<string[]> => {
    const [result] = await eslint.lintText(code, { filePath: join(root, file) });
    return (result?.messages ?? [])
      .map((message) => `${message.line}:${message.ruleId ?? 'fatal'}`)
      .filter((rule) => /no-restricted|fatal/.test(rule));
  };
  // Every line of the snippet is refused outside the owner, in a sibling folder or the dto/ folder alike.
  const refusedEverywhere = [
    '1:no-restricted-imports',
    '1:no-restricted-syntax',
    '1:no-restricted-syntax',
    '2:no-restricted-imports',
    '3:no-restricted-syntax',
    '3:no-restricted-syntax',
  ];
  t.strictSame(await rulesAt('packages/core/src/schema/any-file.ts'), refusedEverywhere);
  t.strictSame(await rulesAt('packages/core/src/dto/describe-dto.ts'), refusedEverywhere);
  t.strictSame(await rulesAt(owner), []);
});
