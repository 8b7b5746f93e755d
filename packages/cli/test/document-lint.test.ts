// The documents `halyard docs` exports for apps/chat and both templates pass the AsyncAPI CLI's
// `asyncapi validate` and Redocly's recommended ruleset with no error and no warning beyond the
// ones docs/api-docs.md accepts and explains. Both tools run offline (helpers/document-linters.ts).
// The template copies install nothing: their node_modules links into the repository's packages.
import t from 'tap';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { halyard, repoRoot, tempDir } from './helpers/cli-process.js';
import { asyncapiValidate, redoclyLint, type LintProblem } from './helpers/document-linters.js';
import { linkedTemplateCopy } from './helpers/linked-modules.js';

t.setTimeout(600_000); // three exports (each compiles an app with tsc) and six linter runs

const work = await tempDir('halyard-lint-');
t.teardown(() => rm(work, { recursive: true, force: true }));

const templateCopy = (template: 'minimal' | 'chat'): Promise<string> => linkedTemplateCopy(work, template);

/** `halyard docs --format json` into a folder of the test's own; resolves with that folder. */
async function exportDocs(name: string, cwd: string): Promise<string> {
  const out = join(work, `${name}-docs`);
  await mkdir(out, { recursive: true });
  const result = await halyard(['docs', '--format', 'json', '--out', out], { cwd, timeoutMs: 180_000 });
  if (result.code !== 0) throw new Error(`halyard docs in ${cwd} failed:\n${result.stdout}${result.stderr}`);
  return out;
}

const summary = (problems: readonly LintProblem[]): string[] =>
  problems.map((problem) => `${problem.severity} ${problem.rule} at ${problem.at}: ${problem.message}`);

/**
 * The findings docs/api-docs.md accepts. AsyncAPI: the documents are AsyncAPI 3.0.0 on purpose
 * (an "info", not a warning). Redocly: no `license` in `info` (the app's owner picks one:
 * `docs.license` is not an option Halyard invents a default for), and a `4XX` response only where
 * the route can answer one (a route with no input and no guard has none).
 */
const acceptedAsyncApi = [
  'info asyncapi-latest-version at asyncapi: The latest version of AsyncAPi is not used. It is recommended update to the "3.1.0" version.',
];

const license = 'warn info-license at #/info: Info object should contain `license` field.';
const no4xx = (path: string): string =>
  `warn operation-4xx-response at #/paths/${path}/get/responses: Operation must have at least one \`4XX\` response.`;
const chatRedocly = [license]; // GET /api/rooms reads an optional session: it answers 401 for a bad one

const apps: ReadonlyArray<{ name: string; cwd: () => Promise<string>; redocly: readonly string[] }> = [
  { name: 'apps/chat', cwd: async () => join(repoRoot, 'apps/chat'), redocly: chatRedocly },
  {
    name: 'the minimal template',
    cwd: () => templateCopy('minimal'),
    redocly: [license, no4xx('~1api~1notes')],
  },
  { name: 'the chat template', cwd: () => templateCopy('chat'), redocly: chatRedocly },
];

for (const app of apps) {
  t.test(`${app.name}: asyncapi validate and redocly lint (recommended)`, async (t) => {
    const out = await exportDocs(app.name.replace(/\W+/g, '-'), await app.cwd());

    const asyncapi = await asyncapiValidate(join(out, 'asyncapi.json'), out);
    t.strictSame(summary(asyncapi.problems), acceptedAsyncApi, 'asyncapi validate: only the accepted info');
    t.equal(asyncapi.code, 0, 'asyncapi validate exits 0 with --fail-severity warn');

    const redocly = await redoclyLint(join(out, 'openapi.json'), out);
    t.strictSame(summary(redocly.problems), app.redocly, 'redocly lint: only the accepted warnings');
    t.equal(redocly.code, 0, 'redocly lint exits 0 (no error)');
  });
}
