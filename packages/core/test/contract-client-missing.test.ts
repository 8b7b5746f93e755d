import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import t from 'tap';
import { formatMessage } from '../src/errors.js';

// `@halyard/client` is an optional peer dependency of core: `@halyard/core/testing` imports it only
// when a socket has `contract` on. Proven on the built package in an install without the client:
// core's dist is copied (a symlink would resolve back to the workspace, which has the client) and
// its own dependencies are linked beside it.

const run = promisify(execFile);
const coreDir = fileURLToPath(new URL('..', import.meta.url));
const dependencies = [
  '@fastify/websocket',
  'fastify',
  'fastify-plugin',
  'ws',
  'yaml',
  'class-transformer',
  'class-validator',
  'reflect-metadata',
  'ajv',
  'ajv-formats',
];

const script = `
import 'reflect-metadata';
import { createApp } from '@halyard/core';
import { connectSocket } from '@halyard/core/testing';
const app = await createApp({ controllers: [], fastify: { logger: false } });
try {
  await connectSocket(app, '/ws', { contract: true });
  console.log(JSON.stringify({ connected: true }));
} catch (error) {
  console.log(JSON.stringify({ name: error.name, code: error.code, message: error.message, cause: error.cause?.code }));
} finally {
  await app.close();
}
`;

t.test('contract checking without @halyard/client installed fails with a coded error', async (t) => {
  const root = await mkdtemp(join(tmpdir(), 'halyard-no-client-'));
  t.teardown(() => rm(root, { recursive: true, force: true }));
  const modules = join(root, 'node_modules');
  const core = join(modules, '@halyard', 'core');
  await mkdir(core, { recursive: true });
  await cp(join(coreDir, 'package.json'), join(core, 'package.json'));
  await cp(join(coreDir, 'dist'), join(core, 'dist'), { recursive: true });
  for (const name of dependencies) {
    await mkdir(join(modules, name, '..'), { recursive: true });
    await symlink(await realpath(join(coreDir, 'node_modules', name)), join(modules, name), 'dir');
  }
  await writeFile(join(root, 'package.json'), '{ "type": "module" }\n');
  await writeFile(join(root, 'check.mjs'), script);

  // Without tap's loaders (NODE_OPTIONS): plain Node resolves the packages, as in an app.
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !/^(_?TAP|NODE_OPTIONS$|NODE_V8_COVERAGE$)/i.test(key)),
  );
  const { stdout } = await run(process.execPath, ['check.mjs'], { cwd: root, env });
  const result = JSON.parse(stdout) as Record<string, unknown>;
  t.strictSame(
    { ...result, message: undefined },
    {
      name: 'HalyardError',
      code: 'HALYARD_ERR_TESTING_CLIENT_MISSING',
      message: undefined,
      cause: 'ERR_MODULE_NOT_FOUND',
    },
  );
  // The message ends with Node's reason, whose wording after the path (a "Did you mean" hint) varies.
  const reason = `Cannot find package '@halyard/client' imported from ${join(core, 'dist', 'testing', 'frame-contract.js')}`;
  const expected = `HALYARD_ERR_TESTING_CLIENT_MISSING: ${formatMessage('HALYARD_ERR_TESTING_CLIENT_MISSING', { cause: reason })}`;
  t.equal(
    String(result['message']).slice(0, expected.length - 1),
    expected.slice(0, -1),
    'the message, up to the end of the reason',
  );
  t.ok(String(result['message']).endsWith(')'));
  t.equal(
    expected.slice(0, expected.indexOf(' (Cannot')),
    'HALYARD_ERR_TESTING_CLIENT_MISSING: contract checking needs @halyard/client (an optional peer dependency of @halyard/core): npm install --save-dev @halyard/client',
  );
});
