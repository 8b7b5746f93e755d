import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import ts from 'typescript';

// Type-checks fixtures/typed-usage.ts (never run, not a *.test.ts) with the workspace's compiler
// options plus the DOM library the client builds with (the fixture also uses Node's `ws`):
// correct usages must compile, and each `@ts-expect-error` must sit on a real error.
const fixture = fileURLToPath(new URL('./fixtures/typed-usage.ts', import.meta.url));
const workspace = fileURLToPath(new URL('../../../', import.meta.url));
const marker = '// @ts-expect-error';

function compilerOptions(): ts.CompilerOptions {
  const file = ts.readConfigFile(`${workspace}tsconfig.base.json`, (path) => ts.sys.readFile(path));
  const parsed = ts.parseJsonConfigFileContent(file.config, ts.sys, workspace);
  return {
    ...parsed.options,
    lib: ['lib.es2023.d.ts', 'lib.dom.d.ts'],
    noEmit: true,
    composite: false,
    declaration: false,
    declarationMap: false,
  };
}

/** Diagnostics of the fixture, optionally with its text replaced. */
function check(text?: string): readonly ts.Diagnostic[] {
  const options = compilerOptions();
  const host = ts.createCompilerHost(options);
  if (text !== undefined) {
    const getSourceFile = host.getSourceFile.bind(host);
    host.getSourceFile = (name, language, ...rest) =>
      ts.sys.resolvePath(name) === ts.sys.resolvePath(fixture)
        ? ts.createSourceFile(name, text, language)
        : getSourceFile(name, language, ...rest);
  }
  return ts.getPreEmitDiagnostics(ts.createProgram([fixture], options, host));
}

function describe(diagnostic: ts.Diagnostic): string {
  const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n');
  if (!diagnostic.file || diagnostic.start === undefined) return message;
  const { line } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
  return `${diagnostic.file.fileName}:${line + 1}: ${message}`;
}

const source = readFileSync(fixture, 'utf8');
const lines = source.split('\n');
const expected = lines.flatMap((line, index) => (line.trim().startsWith(marker) ? [index + 2] : []));

t.test('typed usages compile and every @ts-expect-error is needed', async (t) => {
  t.ok(expected.length >= 20, `the fixture keeps its ${expected.length} expected errors`);
  t.strictSame(check().map(describe), []);
});

t.test('without the markers, errors are exactly on the marked lines', async (t) => {
  const unmarked = lines.map((line) => line.replace(marker, '// expected error')).join('\n');
  const errorLines = check(unmarked).map((diagnostic) => {
    t.equal(
      diagnostic.file?.fileName && ts.sys.resolvePath(diagnostic.file.fileName),
      ts.sys.resolvePath(fixture),
    );
    return (diagnostic.file?.getLineAndCharacterOfPosition(diagnostic.start ?? 0).line ?? -1) + 1;
  });
  t.strictSame(
    [...new Set(errorLines)].sort((a, b) => a - b),
    expected,
  );
});
