import { existsSync } from 'node:fs';
import { join } from 'node:path';

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
