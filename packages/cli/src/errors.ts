// The table shape is core's (type only: the CLI does not depend on @halyard/core at run time, so the
// three-line formatter below stays its own).
import type { ErrorTable } from '@halyard/core/error-table';

/**
 * Every failure of the `halyard` command has a stable code from this table, a message template and
 * the process exit code: 2 for a wrong command line, 1 for everything else. A code is never reused.
 * `docs/cli.md` lists the same codes; a test keeps the two in step.
 */
export const cliErrorTable = {
  // The command line
  HALYARD_ERR_CLI_UNKNOWN_COMMAND: {
    message: 'unknown command "{command}"; run "halyard --help" for the list',
    exitCode: 2,
  },
  HALYARD_ERR_CLI_UNKNOWN_OPTION: {
    message: '{command}: unknown option {option}; run "halyard {command} --help"',
    exitCode: 2,
  },
  HALYARD_ERR_CLI_MISSING_ARGUMENT: {
    message: '{command}: missing {what}; usage: {usage}',
    exitCode: 2,
  },
  HALYARD_ERR_CLI_UNEXPECTED_ARGUMENT: {
    message: '{command}: unexpected argument "{argument}"; usage: {usage}',
    exitCode: 2,
  },
  HALYARD_ERR_CLI_INVALID_OPTION: {
    message: '{command}: {option} must be {expected}, got "{value}"',
    exitCode: 2,
  },
  HALYARD_ERR_CLI_INVALID_NAME: {
    message: '"{name}" is not a valid npm package name: {reasons}{hint}',
    exitCode: 2,
  },
  HALYARD_ERR_CLI_INVALID_IDENTIFIER: {
    message:
      '"{name}" cannot be turned into a class name: use letters, digits and dashes, starting with a letter (e.g. "order-items")',
    exitCode: 2,
  },
  // halyard new
  HALYARD_ERR_CLI_DIR_NOT_EMPTY: {
    message:
      '{dir} is not empty; choose another folder, or pass --force to write into it (files the template also has are overwritten)',
    exitCode: 1,
  },
  HALYARD_ERR_CLI_NOT_A_FOLDER: {
    message: '{path} exists and is not a folder; choose another path for the app',
    exitCode: 1,
  },
  HALYARD_ERR_CLI_WORKSPACE_INVALID: {
    message: '--workspace {path} is not a Halyard repository: {reason}',
    exitCode: 1,
  },
  HALYARD_ERR_CLI_PACK_FAILED: {
    message: 'packing {package} from the workspace failed: {cause}',
    exitCode: 1,
  },
  HALYARD_ERR_CLI_INSTALL_FAILED: {
    message: '"{command}" failed with exit code {code}; fix the error above, then run it again in {dir}',
    exitCode: 1,
  },
  HALYARD_ERR_CLI_SPAWN_FAILED: {
    message: 'could not run "{command}": {cause}',
    exitCode: 1,
  },
  // Commands that work on an app
  HALYARD_ERR_CLI_NOT_AN_APP: {
    message: '{dir} is not a Halyard app: {reason}',
    exitCode: 1,
  },
  HALYARD_ERR_CLI_DEPENDENCY_MISSING: {
    message: "{dependency} is not installed in {dir} ({why}); run your package manager's install there",
    exitCode: 1,
  },
  HALYARD_ERR_CLI_FILE_EXISTS: {
    message: 'refusing to overwrite {files}; nothing was written (pick another name or delete them)',
    exitCode: 1,
  },
  HALYARD_ERR_CLI_NAME_TAKEN: {
    message: '{clashes}; nothing was written (pick another name)',
    exitCode: 1,
  },
  HALYARD_ERR_CLI_MARKER_MISSING: {
    message:
      'no "{marker}" marker in {files}; put it where generated code goes, e.g. `controllers: [/* halyard:controllers */ NotesController]` and a line `// halyard:imports` after the imports',
    exitCode: 1,
  },
  HALYARD_ERR_CLI_BUILD_FAILED: {
    message: 'tsc -p tsconfig.json failed with exit code {code}; fix the errors above',
    exitCode: 1,
  },
  HALYARD_ERR_CLI_APP_OPTIONS_INVALID: {
    message: '{file} must export `appOptions` with a `controllers` array: {reason}',
    exitCode: 1,
  },
  HALYARD_ERR_CLI_DOCS_FAILED: {
    message: 'generateDocs(appOptions) failed: {cause}',
    exitCode: 1,
  },
  HALYARD_ERR_CLI_CHILD_FAILED: {
    message: '{command} exited with {status}',
    exitCode: 1,
  },
  // halyard docs diff
  HALYARD_ERR_CLI_DOCUMENT_UNREADABLE: {
    message: 'cannot read {file}: {cause}',
    exitCode: 2,
  },
  HALYARD_ERR_CLI_DOCUMENT_KIND: {
    message: '{detail}',
    exitCode: 2,
  },
  // Anything else is a bug in the CLI
  HALYARD_ERR_CLI_INTERNAL: {
    message: 'unexpected failure: {cause} (set HALYARD_DEBUG=1 for the stack trace)',
    exitCode: 1,
  },
} as const satisfies ErrorTable & Record<`HALYARD_ERR_CLI_${string}`, { message: string; exitCode: 1 | 2 }>;

/** Union of every error code the `halyard` command can end with. */
export type CliErrorCode = keyof typeof cliErrorTable;

/** Values substituted into an error's message template. */
export type CliErrorParams = Readonly<Record<string, string | number>>;

function formatMessage(code: CliErrorCode, params: CliErrorParams): string {
  return cliErrorTable[code].message.replace(/\{(\w+)\}/g, (whole, key: string) =>
    key in params ? String(params[key]) : whole,
  );
}

/**
 * A failure of the `halyard` command: printed as `error HALYARD_ERR_CLI_…: message`, exits with
 * the table's exit code.
 *
 * @example
 * ```ts
 * throw new CliError('HALYARD_ERR_CLI_DIR_NOT_EMPTY', { dir: 'my-app' });
 * ```
 */
export class CliError extends Error {
  override readonly name = 'CliError';
  readonly code: CliErrorCode;
  readonly params: CliErrorParams;
  readonly exitCode: 1 | 2;

  constructor(code: CliErrorCode, params: CliErrorParams = {}, options?: ErrorOptions) {
    super(formatMessage(code, params), options);
    this.code = code;
    this.params = params;
    this.exitCode = cliErrorTable[code].exitCode;
  }
}
