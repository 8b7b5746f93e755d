import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

export const packageManagers = ['npm', 'pnpm'] as const;
export type PackageManager = (typeof packageManagers)[number];

/** The package manager that ran us (`npm create`, `pnpm create`), npm otherwise. */
export function detectPackageManager(env: NodeJS.ProcessEnv): PackageManager {
  return env['npm_config_user_agent']?.startsWith('pnpm/') ? 'pnpm' : 'npm';
}

/** The manager an installed app uses, from its lockfile (npm when there is none). */
export function lockfileManager(root: string): PackageManager {
  return existsSync(join(root, 'pnpm-lock.yaml')) ? 'pnpm' : 'npm';
}

export function installCommand(manager: PackageManager): readonly [string, readonly string[]] {
  switch (manager) {
    case 'npm':
      return ['npm', ['install', '--no-audit', '--no-fund']];
    case 'pnpm':
      return ['pnpm', ['install']];
  }
}

/** How a person runs a package script with this manager: `npm start`, `npm run dev`, `pnpm dev`. */
export function runScript(manager: PackageManager, script: string): string {
  switch (manager) {
    case 'npm':
      return ['start', 'test', 'install'].includes(script) ? `npm ${script}` : `npm run ${script}`;
    case 'pnpm':
      return `pnpm ${script}`;
  }
}

/**
 * The nearest folder above `dir` with a `pnpm-workspace.yaml`, if any. pnpm run in `dir` would
 * treat that folder as the root and install it instead of the app, leaving the app without a
 * `node_modules`; see {@link standalonePnpmWorkspace}.
 *
 * @example enclosingPnpmWorkspace('/repo/tmp/my-app') // '/repo' when /repo/pnpm-workspace.yaml exists
 */
export function enclosingPnpmWorkspace(dir: string): string | undefined {
  for (let parent = dirname(resolve(dir)); ; parent = dirname(parent)) {
    if (existsSync(join(parent, 'pnpm-workspace.yaml'))) return parent;
    if (dirname(parent) === parent) return undefined;
  }
}

/** The `pnpm-workspace.yaml` that makes an app inside another pnpm workspace a root of its own. */
export function standalonePnpmWorkspace(enclosing: string): string {
  return [
    `# This app lies inside the pnpm workspace at ${enclosing}. Without this file, pnpm commands`,
    '# run here would act on that workspace, and `pnpm install` would install it instead of this app.',
    '# To make the app a member of that workspace instead, delete this file and list the folder in',
    "# that workspace's pnpm-workspace.yaml.",
    'packages:',
    "  - '.'",
    '',
  ].join('\n');
}
