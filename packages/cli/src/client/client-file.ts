import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import type { AppProject } from '../app-project.js';
import type { CliIo, Output } from '../cli-io.js';
import { compiledOptionsFile, loadAppDocuments, optionsSource } from '../docs/app-documents.js';
import { CliError } from '../errors.js';
import { clientModule } from './client-module.js';

/** Where the module goes: --out, or the default for the app's layout. */
export function clientFile(app: AppProject, cwd: string, out: string | undefined): string {
  if (out !== undefined) return resolve(cwd, out);
  return existsSync(join(app.root, 'web', 'src'))
    ? join(app.root, 'web', 'src', 'api-client.ts')
    : join(app.root, 'src', 'api-client.ts');
}

/**
 * Generates (or, with `check`, compares) the client module of a compiled app. What `halyard client`
 * and `halyard build --client` run after compiling.
 */
export async function writeClient(
  context: { readonly io: CliIo; readonly out: Output; readonly app: AppProject },
  options: { readonly entry?: string | undefined; readonly file: string; readonly check: boolean },
): Promise<void> {
  const { io, out, app } = context;
  const source = optionsSource(app.root, io.cwd, options.entry);
  const documents = await loadAppDocuments(app, compiledOptionsFile(app, source));
  const text = clientModule(documents);
  const shown = relative(io.cwd, options.file) || options.file;
  if (options.check) {
    const current = existsSync(options.file) ? await readFile(options.file, 'utf8') : undefined;
    if (current !== text)
      throw new CliError('HALYARD_ERR_CLI_CLIENT_STALE', {
        file: shown,
        reason: current === undefined ? 'it does not exist' : 'it differs from the app definition',
      });
    out.done(`${shown} is up to date`);
    return;
  }
  await mkdir(dirname(options.file), { recursive: true });
  await writeFile(options.file, text);
  out.done(`Wrote ${shown}`);
}
