import t from 'tap';
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, realpath, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../dist/bin/create-halyard.js', import.meta.url));

function create(
  args: string[],
  cwd: string,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
    for (const key of Object.keys(env)) if (/^(_?TAP|npm_)/i.test(key)) delete env[key];
    const child = spawn(process.execPath, [bin, ...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

t.test('create-halyard <dir> is `halyard new <dir>`', async (t) => {
  const work = await realpath(await mkdtemp(join(tmpdir(), 'create-halyard-')));
  t.teardown(() => rm(work, { recursive: true, force: true }));

  const version = JSON.parse(
    await readFile(fileURLToPath(new URL('../../cli/package.json', import.meta.url)), 'utf8'),
  ).version as string;
  t.strictSame(await create(['--version'], work), { code: 0, stdout: `${version}\n`, stderr: '' });
  t.strictSame(await create(['-v'], work), { code: 0, stdout: `${version}\n`, stderr: '' });

  const help = await create(['--help'], work);
  t.equal(help.code, 0);
  t.match(help.stdout, /^Usage: create-halyard <dir> \[options\]\n/);
  t.match(help.stdout, '\nExamples:\n  npm create halyard@latest my-app\n');
  t.notMatch(help.stdout, 'halyard new', 'its own name, not the command it runs');
  t.equal((await create(['my-app', '-h'], work)).stdout, help.stdout);

  const result = await create(['my-app', '--template', 'minimal', '--no-install'], work);
  t.equal(result.code, 0, result.stderr);
  t.match(result.stdout, /^Creating my-app from the minimal template\n/);
  t.match(result.stdout, '\nNext:\n  cd my-app\n  npm install\n');
  t.equal(JSON.parse(await readFile(join(work, 'my-app/package.json'), 'utf8')).name, 'my-app');
  t.ok((await readdir(join(work, 'my-app'))).includes('.gitignore'));

  const refused = await create(['my-app', '--no-install'], work);
  t.equal(refused.code, 1);
  t.match(refused.stderr, /^error HALYARD_ERR_CLI_DIR_NOT_EMPTY: /);
  const missing = await create([], work);
  t.equal(missing.code, 2, 'no folder and no terminal to ask on');
  t.equal(
    missing.stderr,
    'error HALYARD_ERR_CLI_MISSING_ARGUMENT: new: missing <dir>; usage: halyard new <dir> [options]\n',
  );
});
