import { copyFile, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, posix } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The templates `halyard new --template` offers: `minimal` (notes REST API + echo socket) and
 * `chat` (generated from the repository's apps/chat).
 *
 * @example `templateNames.includes(name)`
 */
export const templateNames = ['minimal', 'chat'] as const;
export type TemplateName = (typeof templateNames)[number];

/**
 * Dotfiles are stored without their dot (`_gitignore`): npm drops or renames some dotfiles when it
 * packs a package, so a published template would lose them.
 */
export const storedDotfiles = [
  'gitignore',
  'env.example',
  'taprc',
  'npmrc',
  'editorconfig',
  'nvmrc',
] as const;

const textExtensions = new Set([
  '.ts',
  '.js',
  '.mjs',
  '.cjs',
  '.json',
  '.md',
  '.yaml',
  '.yml',
  '.html',
  '.css',
  '.txt',
]);

export function templateDir(name: TemplateName): string {
  return fileURLToPath(new URL(`../../templates/${name}/`, import.meta.url));
}

/** `_gitignore` → `.gitignore` (in any folder); every other path is kept. */
export function outputPath(templatePath: string): string {
  const base = posix.basename(templatePath);
  const dotted = storedDotfiles.find((name) => base === `_${name}`);
  return dotted ? posix.join(posix.dirname(templatePath), `.${dotted}`).replace(/^\.\//, '') : templatePath;
}

/** Every file of a folder, as sorted `/`-separated paths relative to it, skipping folders named in `skip`. */
export async function listFiles(root: string, skip: ReadonlySet<string> = new Set()): Promise<string[]> {
  const found: string[] = [];
  const walk = async (relative: string): Promise<void> => {
    for (const entry of await readdir(join(root, relative), { withFileTypes: true })) {
      const path = relative ? `${relative}/${entry.name}` : entry.name;
      if (entry.isDirectory() && !skip.has(entry.name)) await walk(path);
      else if (entry.isFile()) found.push(path);
    }
  };
  await walk('');
  return found.sort();
}

function isText(path: string): boolean {
  const dot = path.lastIndexOf('.');
  return dot <= path.lastIndexOf('/') + 1 || textExtensions.has(path.slice(dot));
}

/**
 * Copies a template into `target`, renaming stored dotfiles and filling `{{key}}` placeholders in
 * text files. `package.json` is left to the caller. Returns the written paths.
 */
export async function copyTemplate(options: {
  readonly template: TemplateName;
  readonly target: string;
  readonly replacements: Readonly<Record<string, string>>;
}): Promise<string[]> {
  const source = templateDir(options.template);
  const written: string[] = [];
  for (const path of await listFiles(source, new Set(['node_modules', 'dist']))) {
    if (path === 'package.json') continue;
    const destination = join(options.target, outputPath(path));
    await mkdir(dirname(destination), { recursive: true });
    if (isText(path)) {
      const text = await readFile(join(source, path), 'utf8');
      await writeFile(
        destination,
        text.replace(/\{\{(\w+)\}\}/g, (whole, key: string) => options.replacements[key] ?? whole),
      );
    } else await copyFile(join(source, path), destination);
    written.push(outputPath(path));
  }
  return written;
}
