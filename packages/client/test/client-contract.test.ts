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

t.test('the package is a client only: no server dependency, its two entry points', async (t) => {
  const manifest = JSON.parse(read('../package.json')) as Record<string, unknown>;
  t.equal(manifest['dependencies'], undefined, 'no runtime dependencies');
  t.strictSame(manifest['peerDependencies'], { ws: '^8.0.0' });
  t.strictSame(manifest['peerDependenciesMeta'], { ws: { optional: true } });
  t.equal(manifest['sideEffects'], false);
  t.strictSame(manifest['exports'], {
    '.': { types: './dist/index.d.ts', default: './dist/index.js' },
    './rest': { types: './dist/rest/index.d.ts', default: './dist/rest/index.js' },
    './package.json': './package.json',
  });
  for (const file of sourceFiles) {
    const imports = [...read(`../src/${file}`).matchAll(/^import[^'"]*['"]([^'"]+)['"]/gm)].map((m) => m[1]);
    t.strictSame(
      imports.filter((specifier) => !specifier?.startsWith('./')),
      [],
      `${file} imports only the client's own modules`,
    );
  }
});
