import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { CliError } from '../errors.js';

/** `@Controller('/api/x')` and `@WebSocket('/ws/x', ...)`: the addresses an app already serves. */
const routeDecorator = /@(?:Controller|WebSocket)\(\s*(['"`])([^'"`]*)\1/g;

async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true }).catch(
    (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return [];
      throw error;
    },
  );
  return entries
    .filter((entry) => entry.isFile() && /\.(m|c)?tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts'))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

/**
 * Refuses a generated controller whose class name is already in the registration file (a second
 * import of the same name does not compile) or whose route address a controller in src/ already
 * serves (the app would fail at boot). Throws HALYARD_ERR_CLI_NAME_TAKEN listing every clash.
 *
 * @example
 * ```ts
 * await checkNamesFree({ root, registration, classes: ['RoomsController'], addresses: ['/api/rooms'] });
 * ```
 */
export async function checkNamesFree(options: {
  readonly root: string;
  readonly registration: { readonly path: string; readonly text: string };
  readonly classes: readonly string[];
  readonly addresses: readonly string[];
}): Promise<void> {
  const { root, registration } = options;
  const clashes: string[] = [];
  const file = relative(root, registration.path);
  for (const name of options.classes)
    if (new RegExp(`\\b${name}\\b`).test(registration.text)) clashes.push(`${name} is already in ${file}`);
  const wanted = new Set(options.addresses);
  for (const path of await sourceFiles(join(root, 'src'))) {
    const text = await readFile(path, 'utf8');
    for (const match of text.matchAll(routeDecorator))
      if (wanted.has(match[2]!)) clashes.push(`${match[2]} is already served by ${relative(root, path)}`);
  }
  if (clashes.length > 0) throw new CliError('HALYARD_ERR_CLI_NAME_TAKEN', { clashes: clashes.join('; ') });
}
