import { existsSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { compileLayout, emittedPath, type AppProject } from '../app-project.js';
import { CliError } from '../errors.js';
import { registrationFiles } from '../generate/app-registration.js';
import { isObject } from './schema-diff.js';

interface CoreModule {
  generateDocs(options: unknown): { openapi: object; asyncapi: object };
}

/** The app's two documents and the `appOptions` they came from. */
export interface AppDocuments {
  readonly openapi: Record<string, unknown>;
  readonly asyncapi: Record<string, unknown>;
  readonly appOptions: Record<string, unknown>;
}

/**
 * The default places of the module exporting `appOptions`, first found wins: the files where
 * `halyard generate` registers controllers, since those hold the app's options.
 */
const defaultEntries = registrationFiles;

/** The source file whose compiled module exports `appOptions`: --entry, or the first default that exists. */
export function optionsSource(root: string, cwd: string, entry: string | undefined): string {
  if (entry !== undefined) {
    const path = resolve(cwd, entry);
    if (!existsSync(path))
      throw new CliError('HALYARD_ERR_CLI_APP_OPTIONS_INVALID', {
        file: relative(root, path),
        reason: 'there is no such file (--entry)',
      });
    return path;
  }
  const found = defaultEntries.map((file) => join(root, file)).find((path) => existsSync(path));
  if (!found)
    throw new CliError('HALYARD_ERR_CLI_APP_OPTIONS_INVALID', {
      file: defaultEntries.join(' or '),
      reason: 'neither file exists; pass --entry <file> naming the module that exports it',
    });
  return found;
}

/** Where the compiled module of `source` is (the app must be compiled first). */
export function compiledOptionsFile(app: AppProject, source: string): string {
  return emittedPath(compileLayout(app), source);
}

/**
 * Imports a compiled app-options module and calls the app's own `generateDocs(appOptions)`:
 * the documents without starting a server. What `halyard docs` and `halyard client` share.
 */
export async function loadAppDocuments(app: AppProject, optionsFile: string): Promise<AppDocuments> {
  const core = (await import(
    pathToFileURL(app.resolve('@halyard/core', 'the documents come from the app’s own Halyard')).href
  )) as CoreModule;
  let loaded: Record<string, unknown>;
  try {
    loaded = (await import(pathToFileURL(optionsFile).href)) as Record<string, unknown>;
  } catch (error) {
    throw new CliError(
      'HALYARD_ERR_CLI_APP_OPTIONS_INVALID',
      {
        file: relative(app.root, optionsFile),
        reason: (error as Error).message.split('\n')[0] ?? String(error),
      },
      { cause: error },
    );
  }
  const appOptions = loaded['appOptions'];
  if (!isObject(appOptions) || !Array.isArray(appOptions['controllers']))
    throw new CliError('HALYARD_ERR_CLI_APP_OPTIONS_INVALID', {
      file: relative(app.root, optionsFile),
      reason: isObject(appOptions) ? 'appOptions.controllers is not an array' : 'there is no such export',
    });
  let documents: ReturnType<CoreModule['generateDocs']>;
  try {
    documents = core.generateDocs(appOptions);
  } catch (error) {
    throw new CliError('HALYARD_ERR_CLI_DOCS_FAILED', { cause: (error as Error).message }, { cause: error });
  }
  return {
    openapi: documents.openapi as Record<string, unknown>,
    asyncapi: documents.asyncapi as Record<string, unknown>,
    appOptions,
  };
}
