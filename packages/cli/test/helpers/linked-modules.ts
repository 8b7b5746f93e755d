import { cp, mkdir, readdir, symlink } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './cli-process.js';

/**
 * The node_modules of this repository's packages that a template's app needs, in the order they
 * win: apps/chat's (the chat's runtime dependencies, every @halyard package), the CLI's, then the
 * root's (typescript, tap, @types/node).
 */
export const moduleSources = ['apps/chat/node_modules', 'packages/cli/node_modules', 'node_modules'].map(
  (dir) => join(repoRoot, dir),
);

/**
 * Gives `app` a node_modules made of links into the repository's installed packages: a template
 * compiles and runs without installing anything. Scoped folders (`@halyard/…`) are merged.
 */
export async function linkModules(app: string, sources: readonly string[] = moduleSources): Promise<void> {
  const target = join(app, 'node_modules');
  await mkdir(target, { recursive: true });
  for (const source of sources)
    for (const entry of await readdir(source, { withFileTypes: true })) {
      if (entry.name.startsWith('.')) continue;
      if (entry.name.startsWith('@')) {
        await mkdir(join(target, entry.name), { recursive: true });
        for (const scoped of await readdir(join(source, entry.name)))
          if (!existsSync(join(target, entry.name, scoped)))
            await symlink(join(source, entry.name, scoped), join(target, entry.name, scoped), 'dir');
      } else if (!existsSync(join(target, entry.name))) {
        await symlink(join(source, entry.name), join(target, entry.name), 'dir');
      }
    }
}

/**
 * A copy of a template (its built files only) in `work`, with linked node_modules: it compiles and
 * runs without an install. Resolves with the copy's folder, `<work>/<template>`.
 */
export async function linkedTemplateCopy(work: string, template: 'minimal' | 'chat'): Promise<string> {
  const app = join(work, template);
  await cp(join(repoRoot, 'packages/cli/templates', template), app, {
    recursive: true,
    filter: (source) => !/[/\\](node_modules|dist|web-dist)$/.test(source),
  });
  await linkModules(app);
  return app;
}
