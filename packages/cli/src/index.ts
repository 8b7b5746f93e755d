export { run, runCreate } from './cli.js';
export { processIo } from './cli-io.js';
export type { CliIo } from './cli-io.js';
export { CliError, cliErrorTable } from './errors.js';
export type { CliErrorCode, CliErrorParams } from './errors.js';
export { packageNameProblems } from './scaffold/package-name.js';
export { templateNames } from './scaffold/template-files.js';
export type { TemplateName } from './scaffold/template-files.js';
