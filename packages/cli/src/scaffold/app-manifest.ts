import { readFile, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { templateDir, type TemplateName } from './template-files.js';

export interface AppManifest {
  name: string;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  [key: string]: unknown;
}

export async function readTemplateManifest(template: TemplateName): Promise<AppManifest> {
  return JSON.parse(await readFile(join(templateDir(template), 'package.json'), 'utf8')) as AppManifest;
}

/**
 * The app's package.json: its name, and every `@halyard/*` dependency at this CLI's version, or
 * at a packed workspace tarball (`file:`, relative when it lies inside the app).
 */
export async function writeAppManifest(options: {
  readonly manifest: AppManifest;
  readonly target: string;
  readonly name: string;
  readonly version: string;
  readonly tarballs?: ReadonlyMap<string, string>;
}): Promise<AppManifest> {
  const spec = (dependency: string): string => {
    const tarball = options.tarballs?.get(dependency);
    if (!tarball) return `^${options.version}`;
    const inside = relative(options.target, tarball);
    return `file:${inside.startsWith('..') ? tarball : inside.split('\\').join('/')}`;
  };
  const manifest: AppManifest = { ...options.manifest, name: options.name };
  for (const field of ['dependencies', 'devDependencies'] as const) {
    const deps = manifest[field];
    if (!deps) continue;
    manifest[field] = Object.fromEntries(
      Object.entries(deps).map(([dependency, range]) => [
        dependency,
        dependency.startsWith('@halyard/') ? spec(dependency) : range,
      ]),
    );
  }
  await writeFile(join(options.target, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}
