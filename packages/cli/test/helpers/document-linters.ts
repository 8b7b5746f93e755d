// The AsyncAPI CLI (`asyncapi validate`) and Redocly (`redocly lint`, recommended ruleset), run
// offline on a document file. Both phone home by default: the AsyncAPI CLI sends anonymous metrics
// unless its analytics file says `analyticsEnabled: "false"` (it reads that file from
// ASYNCAPI_METRICS_CONFIG_PATH, else ~/.asyncapi-analytics, which it creates enabled) and oclif's
// update check asks the registry unless ASYNCAPI_SKIP_NEW_VERSION_CHECK is true; Redocly sends
// telemetry unless REDOCLY_TELEMETRY=off and checks for updates unless
// REDOCLY_SUPPRESS_UPDATE_NOTICE=true. docs/contract-testing.md says how this was verified.
import { writeFile } from 'node:fs/promises';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { cleanEnv, repoRoot, run } from './cli-process.js';

const cliModules = join(repoRoot, 'packages/cli/node_modules');
const asyncapiBin = join(cliModules, '@asyncapi/cli/bin/run_bin');
const redoclyBin = join(cliModules, '@redocly/cli/bin/cli.js');

/** One finding of either linter, reduced to what the tests compare. */
export interface LintProblem {
  readonly rule: string;
  readonly severity: 'error' | 'warn' | 'info' | 'hint';
  /** A JSON pointer (Redocly) or a path joined with "/" (AsyncAPI) into the document. */
  readonly at: string;
  readonly message: string;
}

/** What a linter run printed and found. */
export interface LintResult {
  readonly code: number | null;
  readonly problems: readonly LintProblem[];
  readonly output: string;
}

/** The environment both linters run in: no metrics, no telemetry, no update checks, no colour. */
export async function offlineLintEnv(dir: string): Promise<NodeJS.ProcessEnv> {
  const analytics = join(dir, 'asyncapi-analytics.json');
  await writeFile(
    analytics,
    JSON.stringify({ analyticsEnabled: 'false', infoMessageShown: 'true', userID: 'halyard-tests' }),
  );
  return cleanEnv({
    HOME: dir, // anything either tool would write under ~ lands in the test's folder
    ASYNCAPI_METRICS_CONFIG_PATH: analytics,
    ASYNCAPI_SKIP_NEW_VERSION_CHECK: 'true',
    SUPPRESS_NO_CONFIG_WARNING: 'true',
    REDOCLY_TELEMETRY: 'off',
    REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true',
  });
}

const asyncapiSeverities = ['error', 'warn', 'info', 'hint'] as const;

interface SpectralDiagnostic {
  code: string | number;
  severity: number;
  path: ReadonlyArray<string | number>;
  message: string;
}

/** `asyncapi validate <file> --fail-severity warn`: exit 0 only with no error and no warning. */
export async function asyncapiValidate(file: string, dir: string): Promise<LintResult> {
  const saved = join(dir, 'asyncapi-diagnostics.json');
  await writeFile(saved, '[]');
  const result = await run(
    process.execPath,
    [asyncapiBin, 'validate', file, '--fail-severity', 'warn', '--diagnostics-format', 'json', '-s', saved],
    { cwd: dir, env: await offlineLintEnv(dir), timeoutMs: 120_000 },
  );
  const diagnostics = JSON.parse(await readFile(saved, 'utf8')) as SpectralDiagnostic[];
  return {
    code: result.code,
    output: `${result.stdout}${result.stderr}`,
    problems: diagnostics.map((diagnostic) => ({
      rule: String(diagnostic.code),
      severity: asyncapiSeverities[diagnostic.severity] ?? 'error',
      at: diagnostic.path.join('/'),
      message: diagnostic.message,
    })),
  };
}

interface RedoclyReport {
  problems: Array<{
    ruleId: string;
    severity: 'error' | 'warn';
    message: string;
    location: Array<{ pointer: string }>;
  }>;
}

/** `redocly lint --extends recommended <file>`, from a folder with no redocly.yaml of its own. */
export async function redoclyLint(file: string, dir: string): Promise<LintResult> {
  const result = await run(
    process.execPath,
    [redoclyBin, 'lint', '--extends', 'recommended', '--format', 'json', file],
    { cwd: dir, env: await offlineLintEnv(dir), timeoutMs: 120_000 },
  );
  const start = result.stdout.indexOf('{');
  const report = JSON.parse(result.stdout.slice(start)) as RedoclyReport;
  return {
    code: result.code,
    output: `${result.stdout}${result.stderr}`,
    problems: report.problems.map((problem) => ({
      rule: problem.ruleId,
      severity: problem.severity,
      at: problem.location[0]?.pointer ?? '',
      message: problem.message,
    })),
  };
}
