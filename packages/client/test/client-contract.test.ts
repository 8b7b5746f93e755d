import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { doNotRetryCloseCodes } from '@halyard/core';
import t from 'tap';
import { clientErrorCodes, defaultDoNotRetry } from '../src/index.js';

const read = (path: string): string => readFileSync(fileURLToPath(new URL(path, import.meta.url)), 'utf8');
/** Every source file of the client, `rest/` (the `@halyard/client/rest` entry) included. */
const sourceFiles = (
  readdirSync(fileURLToPath(new URL('../src/', import.meta.url)), { recursive: true }) as string[]
)
  .filter((file) => file.endsWith('.ts'))
  .sort();

t.test('the guide lists exactly the error codes the client raises', async (t) => {
  const guide = read('../../../docs/client.md');
  const section = guide.slice(guide.indexOf('## Error codes'));
  const documented = [...section.matchAll(/^\| `(HALYARD_ERR_CLIENT_[A-Z_]+)`/gm)].map((match) => match[1]);
  t.strictSame(documented, [...clientErrorCodes]);
  const used = new Set(
    sourceFiles
      .flatMap((file) => [...read(`../src/${file}`).matchAll(/'(HALYARD_ERR_CLIENT_[A-Z_]+)'/g)])
      .map((match) => match[1]),
  );
  t.strictSame(
    [...used].sort(),
    [...clientErrorCodes].sort(),
    'every code is raised somewhere, none is unlisted',
  );
});

t.test('the default do-not-retry codes are the server’s', async (t) => {
  t.strictSame([...defaultDoNotRetry], [...doNotRetryCloseCodes]);
  t.ok(Object.isFrozen(defaultDoNotRetry));
});

t.test('the package is a client only: no server dependency, its three entry points', async (t) => {
  const manifest = JSON.parse(read('../package.json')) as Record<string, unknown>;
  t.equal(manifest['dependencies'], undefined, 'no runtime dependencies');
  // ws for Node; ajv and ajv-formats only for the `@halyard/client/contract` development entry.
  t.strictSame(manifest['peerDependencies'], { ajv: '^8.12.0', 'ajv-formats': '^3.0.0', ws: '^8.0.0' });
  t.strictSame(manifest['peerDependenciesMeta'], {
    ajv: { optional: true },
    'ajv-formats': { optional: true },
    ws: { optional: true },
  });
  t.equal(manifest['sideEffects'], false);
  t.strictSame(manifest['exports'], {
    '.': { types: './dist/index.d.ts', default: './dist/index.js' },
    './rest': { types: './dist/rest/index.d.ts', default: './dist/rest/index.js' },
    './contract': { types: './dist/contract/index.d.ts', default: './dist/contract/index.js' },
    './package.json': './package.json',
  });
  for (const file of sourceFiles) {
    const imports = [...read(`../src/${file}`).matchAll(/^import[^'"]*['"]([^'"]+)['"]/gm)].map((m) => m[1]);
    t.strictSame(
      imports.filter((specifier) => !specifier?.startsWith('./') && !specifier?.startsWith('../')),
      [],
      `${file} imports only the client's own modules`,
    );
    const source = read(`../src/${file}`);
    const dynamic = [...source.matchAll(/import\((['"])([^'"]+)\1\)/g)].map((m) => m[2]);
    t.strictSame(
      dynamic,
      file.startsWith('contract/') && file.endsWith('contract-checker.ts') ? ['ajv', 'ajv-formats'] : [],
      `${file}: only the contract entry loads a package, ajv, on first use`,
    );
  }
  // `../` imports only from the contract and rest entries into the client's own top-level modules.
  for (const file of sourceFiles.filter((name) => !name.includes('/')))
    t.notMatch(read(`../src/${file}`), /from '\.\.\//, `${file} stays inside src`);
  t.notOk(
    sourceFiles
      .filter((file) => !file.startsWith('contract/'))
      .some((file) => read(`../src/${file}`).includes('./contract/')),
    'the main entry does not import the contract entry',
  );
});
