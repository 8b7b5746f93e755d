import { access, copyFile, mkdir, mkdtemp, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { runChild } from '../child-process.js';
import { CliError } from '../errors.js';

interface Manifest {
  readonly name?: string;
  readonly version?: string;
  readonly private?: boolean;
  readonly dependencies?: Record<string, string>;
  readonly peerDependencies?: Record<string, string>;
  readonly optionalDependencies?: Record<string, string>;
  readonly devDependencies?: Record<string, string>;
}

const dependencyFields = [
  'dependencies',
  'peerDependencies',
  'optionalDependencies',
  'devDependencies',
] as const;

/** The publishable packages of a Halyard repository checkout, by package name. */
export interface Workspace {
  readonly root: string;
  readonly packages: ReadonlyMap<string, { readonly dir: string; readonly manifest: Manifest }>;
}

export async function readWorkspace(path: string): Promise<Workspace> {
  const root = resolve(path);
  const invalid = (reason: string): CliError =>
    new CliError('HALYARD_ERR_CLI_WORKSPACE_INVALID', { path: root, reason });
  let names: string[];
  try {
    names = await readdir(join(root, 'packages'));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw invalid(
      code === 'ENOENT'
        ? 'it has no packages/ folder'
        : `its packages/ folder cannot be read (${String(error)})`,
    );
  }
  const packages = new Map<string, { dir: string; manifest: Manifest }>();
  for (const name of names.sort()) {
    const dir = join(root, 'packages', name);
    let text: string;
    try {
      text = await readFile(join(dir, 'package.json'), 'utf8');
    } catch (error) {
      // A folder without a manifest (a stray build folder) is not a package; anything else is a fault.
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw invalid(`packages/${name}/package.json cannot be read (${String(error)})`);
    }
    let manifest: Manifest;
    try {
      manifest = JSON.parse(text) as Manifest;
    } catch (error) {
      throw invalid(`packages/${name}/package.json is not JSON (${(error as Error).message})`);
    }
    if (manifest.name && !manifest.private) packages.set(manifest.name, { dir, manifest });
  }
  if (!packages.has('@halyard/core')) throw invalid('packages/core/package.json is not @halyard/core');
  return { root, packages };
}

/** `workspace:*` → the version, `workspace:^` → `^version`, `workspace:<range>` → the range (as pnpm publishes). */
function publishedSpec(spec: string, version: string): string {
  const range = spec.slice('workspace:'.length);
  if (range === '*') return version;
  if (range === '^' || range === '~') return `${range}${version}`;
  return range;
}

/** The `@halyard/*` packages a manifest needs from the workspace, with theirs, transitively. */
export function workspaceClosure(workspace: Workspace, manifest: Manifest): string[] {
  const needed = new Set<string>();
  const visit = (deps: Manifest, includeDev: boolean): void => {
    for (const field of dependencyFields) {
      if (field === 'devDependencies' && !includeDev) continue;
      for (const name of Object.keys(deps[field] ?? {})) {
        if (!name.startsWith('@halyard/') || needed.has(name)) continue;
        const found = workspace.packages.get(name);
        if (!found)
          throw new CliError('HALYARD_ERR_CLI_WORKSPACE_INVALID', {
            path: workspace.root,
            reason: `it has no package ${name}`,
          });
        needed.add(name);
        visit(found.manifest, false);
      }
    }
  };
  visit(manifest, true);
  return [...needed].sort();
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

/**
 * Packs one workspace package into `cacheDir` the way it would be published: npm's file list,
 * `workspace:` ranges replaced by versions. A tarball already in `cacheDir` is reused.
 *
 * Tarballs rather than `file:` folder links: npm links a folder, and Node then resolves the linked
 * package's imports from the repository's own node_modules, so `class-validator`,
 * `class-transformer` and `reflect-metadata` would load twice and the metadata the app's DTOs
 * record would be invisible to `@halyard/core`.
 */
/** Where `packWorkspace` packs from and into, and the environment `npm pack` runs in. */
interface PackOptions {
  readonly workspace: Workspace;
  readonly names: readonly string[];
  readonly cacheDir: string;
  readonly env: NodeJS.ProcessEnv;
}

/** The file name `npm pack` gives a package: `@halyard/core` 0.1.0 → `halyard-core-0.1.0.tgz`. */
function tarballName(name: string, version: string | undefined): string {
  return `${name.replace(/^@/, '').replace('/', '-')}-${version ?? '0.0.0'}.tgz`;
}

async function packOne(name: string, { workspace, cacheDir, env }: PackOptions): Promise<string> {
  const { dir, manifest } = workspace.packages.get(name)!;
  const fail = (cause: string): CliError =>
    new CliError('HALYARD_ERR_CLI_PACK_FAILED', { package: name, cause });
  if (!(await exists(join(dir, 'dist'))))
    throw fail(`${dir}/dist is missing; build the repository first (npx tsc -b tsconfig.build.json)`);
  // npm names a tarball <scope>-<name>-<version>.tgz: a cached one is found without spawning npm.
  const cached = join(cacheDir, tarballName(name, manifest.version));
  if (await exists(cached)) return cached;
  const listing = await runChild('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
    cwd: dir,
    env,
  });
  if (listing.code !== 0)
    throw fail(listing.stderr.trim() || `npm pack --dry-run exited with ${listing.code}`);
  const [info] = JSON.parse(listing.stdout) as Array<{ filename: string; files: Array<{ path: string }> }>;
  if (!info) throw fail('npm pack --dry-run printed no package');
  const tarball = join(cacheDir, info.filename);
  if (await exists(tarball)) return tarball;

  const staging = await mkdtemp(join(tmpdir(), 'halyard-pack-'));
  try {
    for (const file of info.files) {
      await mkdir(dirname(join(staging, file.path)), { recursive: true });
      await copyFile(join(dir, file.path), join(staging, file.path));
    }
    const published: Record<string, unknown> = { ...manifest };
    for (const field of dependencyFields) {
      const deps = manifest[field];
      if (!deps) continue;
      published[field] = Object.fromEntries(
        Object.entries(deps).map(([dep, spec]) => {
          const version = workspace.packages.get(dep)?.manifest.version;
          return [dep, spec.startsWith('workspace:') && version ? publishedSpec(spec, version) : spec];
        }),
      );
    }
    await writeFile(join(staging, 'package.json'), `${JSON.stringify(published, null, 2)}\n`);
    // Packed beside the cache and renamed into it: a concurrent `halyard new` sharing the cache
    // never sees a half-written tarball.
    const out = await mkdtemp(join(cacheDir, '.packing-'));
    try {
      const packed = await runChild('npm', ['pack', staging, '--pack-destination', out, '--ignore-scripts'], {
        cwd: out,
        env,
      });
      if (packed.code !== 0) throw fail(packed.stderr.trim() || `npm pack exited with ${packed.code}`);
      await rename(join(out, info.filename), tarball);
    } finally {
      await rm(out, { recursive: true, force: true });
    }
    return tarball;
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

/** Packs the named workspace packages (in parallel) and returns each one's tarball path. */
export async function packWorkspace(options: PackOptions): Promise<Map<string, string>> {
  await mkdir(options.cacheDir, { recursive: true });
  const tarballs = await Promise.all(options.names.map((name) => packOne(name, options)));
  return new Map(options.names.map((name, index) => [name, tarballs[index]!]));
}
