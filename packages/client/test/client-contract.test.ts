import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { doNotRetryCloseCodes } from '@halyard/core';
import { formatErrorMessage, type ErrorTable } from '@halyard/core/error-table';
import t from 'tap';
import { clientError, clientErrorTable, type ClientErrorCode } from '../src/errors.js';
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

t.test('the client error table has the shape of every Halyard table and builds each message', async (t) => {
  // Type-checked against @halyard/core's shape here, so the client's own build needs nothing of core.
  const table: ErrorTable = clientErrorTable;
  t.strictSame(
    Object.keys(table),
    [...clientErrorCodes],
    'clientErrorCodes: the codes of the table, in order',
  );
  for (const [code, entry] of Object.entries(table)) {
    t.match(code, /^HALYARD_ERR_CLIENT_[A-Z_]+$/);
    t.strictSame(Object.keys(entry), ['message'], `${code}: a message template (no status or close code)`);
    t.ok(entry.message.length > 0, `${code} has a message`);
    const names = [...entry.message.matchAll(/\{(\w+)\}/g)].map((match) => match[1] as string);
    const params = Object.fromEntries(names.map((name, index) => [name, `<${name} ${index}>`]));
    const cause = new Error('the cause');
    const error = clientError(code as ClientErrorCode, params, { details: { code }, cause });
    t.strictSame(
      {
        name: error.name,
        code: error.code,
        message: error.message,
        details: error.details,
        cause: error.cause,
      },
      {
        name: 'HalyardClientError',
        code,
        message: formatErrorMessage(table, code as ClientErrorCode, params),
        details: { code },
        cause,
      },
      `${code}: the message core's formatter builds from the same table`,
    );
  }
  t.equal(
    clientError('HALYARD_ERR_CLIENT_TIMEOUT', { type: 'move', id: 7, other: 'x' }).message,
    'No reply to "move" (id 7) within {timeoutMs} ms',
    'a missing param keeps its placeholder, an extra one is ignored, as in core',
  );
  t.notOk('cause' in clientError('HALYARD_ERR_CLIENT_BAD_FRAME', {}), 'no cause unless one is given');
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
    const imports = [...read(`../src/${file}`).matchAll(/^import( type)?[^'"]*['"]([^'"]+)['"]/gm)];
    t.strictSame(
      imports
        .map(([, , specifier]) => specifier)
        .filter((specifier) => !specifier?.startsWith('./') && !specifier?.startsWith('../')),
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
  // The built modules and declarations name no server package: the error table's type is erased.
  const built = (
    readdirSync(fileURLToPath(new URL('../dist/', import.meta.url)), { recursive: true }) as string[]
  ).filter((file) => file.endsWith('.js') || file.endsWith('.d.ts'));
  t.ok(built.includes('errors.d.ts'), 'the package is built');
  t.strictSame(
    built.filter((file) => /['"]@halyard\/(?!client)/.test(read(`../dist/${file}`))),
    [],
    'no built .js or .d.ts file imports a @halyard package',
  );
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
