import { existsSync, realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { CliError } from './errors.js';

/** The app a command works on: the nearest folder up from the working directory with a package.json. */
export interface AppProject {
  readonly root: string;
  /** Resolves a module the way the app's own code would (its node_modules, its versions). */
  resolve(specifier: string, why: string): string;
}

export function findApp(cwd: string): AppProject {
  let dir = resolve(cwd);
  for (;;) {
    if (existsSync(join(dir, 'package.json'))) break;
    const parent = dirname(dir);
    if (parent === dir)
      throw new CliError('HALYARD_ERR_CLI_NOT_AN_APP', {
        dir: resolve(cwd),
        reason: 'no package.json here or in a parent folder; run it inside an app created by `halyard new`',
      });
    dir = parent;
  }
  const root = dir;
  const appRequire = createRequire(join(root, 'package.json'));
  return {
    root,
    resolve(specifier, why) {
      try {
        return realpathSync(appRequire.resolve(specifier));
      } catch (error) {
        throw new CliError(
          'HALYARD_ERR_CLI_DEPENDENCY_MISSING',
          { dependency: specifier.replace(/\/package\.json$/, ''), dir: root, why },
          { cause: error },
        );
      }
    },
  };
}

/** What TypeScript compiles: where `src/x.ts` ends up. */
export interface CompileLayout {
  readonly rootDir: string;
  readonly outDir: string;
}

interface TypeScriptApi {
  readConfigFile(
    path: string,
    read: (path: string) => string | undefined,
  ): { config?: unknown; error?: unknown };
  parseJsonConfigFileContent(
    json: unknown,
    host: unknown,
    basePath: string,
  ): { options: { rootDir?: string; outDir?: string } };
  sys: { readFile(path: string): string | undefined };
}

/** Reads `tsconfig.json` with the app's own TypeScript (extends, defaults) for rootDir and outDir. */
export function compileLayout(app: AppProject): CompileLayout {
  const tsconfig = join(app.root, 'tsconfig.json');
  if (!existsSync(tsconfig))
    throw new CliError('HALYARD_ERR_CLI_NOT_AN_APP', { dir: app.root, reason: 'it has no tsconfig.json' });
  const ts = createRequire(import.meta.url)(
    app.resolve('typescript', 'the app is compiled with its own TypeScript'),
  ) as TypeScriptApi;
  const read = ts.readConfigFile(tsconfig, (path) => ts.sys.readFile(path));
  const parsed = ts.parseJsonConfigFileContent(read.config ?? {}, ts.sys, app.root);
  return {
    rootDir: parsed.options.rootDir ?? join(app.root, 'src'),
    outDir: parsed.options.outDir ?? app.root,
  };
}

/** `src/app-options.ts` → `dist/app-options.js` */
export function emittedPath(layout: CompileLayout, source: string): string {
  return join(layout.outDir, relative(layout.rootDir, source)).replace(
    /\.(m|c)?tsx?$/,
    (_, kind = '') => `.${kind}js`,
  );
}
