import { readFileSync } from 'node:fs';
import type { Test } from 'tap';

// One check for every package whose docs page carries an error table. It imports no workspace package,
// so a package's test can import it relatively without a dependency edge (a devDependency on
// @halyard/integration-tests would be a workspace cycle: that package already depends on them).

/** The shape every package's error table shares (see the error-table helper of @halyard/core). */
export interface DocumentedErrorEntry {
  readonly area: string;
  readonly status?: number;
  readonly closeCode?: number;
}

export interface ErrorDocsOptions {
  /** The Markdown page, e.g. `new URL('../../../docs/admin.md', import.meta.url)`. */
  readonly docs: URL;
  /** How the page is named in the test names, e.g. `docs/admin.md`. */
  readonly docsName: string;
  /** The heading line the table sits under, e.g. `## Error codes`. */
  readonly heading: string;
  readonly table: Readonly<Record<string, DocumentedErrorEntry>>;
  /** How the table is named in the test names, e.g. `adminErrorTable`. */
  readonly tableName: string;
}

function cells(line: string): string[] {
  return line
    .trim()
    .replace(/^\||\|$/g, '')
    .split(/(?<!\\)\|/)
    .map((cell) => cell.trim());
}

function tableRows(text: string, heading: string): string[][] {
  const start = text.indexOf(`\n${heading}`);
  if (start === -1) return [];
  const rest = text.slice(start + 1);
  const next = rest.indexOf('\n## ', 1);
  return (next === -1 ? rest : rest.slice(0, next))
    .split('\n')
    .filter((line) => line.startsWith('|'))
    .map(cells)
    .filter((row) => /^`HALYARD_ERR_[A-Z_]+`$/.test(row[0] ?? ''));
}

/**
 * Keeps a docs page's error table in step with the package's error table: every code documented once,
 * none invented, and the status / close code column saying what the table says.
 */
export function checkErrorDocs(t: Test, options: ErrorDocsOptions): void {
  const { table, tableName, docsName, heading } = options;
  const rows = tableRows(readFileSync(options.docs, 'utf8'), heading);
  const codes = rows.map((row) => (row[0] ?? '').replace(/`/g, ''));

  t.test(`${docsName} documents exactly the codes of ${tableName}, once each`, async (t) => {
    t.ok(rows.length > 0, `rows found under "${heading}"`);
    t.strictSame([...codes].sort(), Object.keys(table).sort());
    t.strictSame(
      codes.filter((code, index) => codes.indexOf(code) !== index),
      [],
    );
  });

  t.test(`each row states the status and close code of ${tableName}`, async (t) => {
    for (const row of rows) {
      const code = (row[0] ?? '').replace(/`/g, '');
      const entry = table[code];
      if (entry === undefined) {
        t.fail(`${code}: not in ${tableName}`);
        continue;
      }
      const column = row[2] ?? '';
      const statuses = [...column.matchAll(/\bHTTP (\d{3})\b/g)].map((match) => Number(match[1]));
      const closeCodes = [...column.matchAll(/\bclose (\d{4})\b/g)].map((match) => Number(match[1]));
      t.strictSame(statuses, entry.status === undefined ? [] : [entry.status], `${code}: HTTP status`);
      t.strictSame(closeCodes, entry.closeCode === undefined ? [] : [entry.closeCode], `${code}: close code`);
      t.equal(row[1] === 'boot', entry.area === 'boot', `${code}: "where" is "boot" exactly for boot errors`);
    }
  });
}
