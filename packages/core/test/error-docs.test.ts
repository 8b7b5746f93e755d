import { readFileSync } from 'node:fs';
import t from 'tap';
import { errorTable, type HalyardErrorCode } from '../src/errors.js';

// Keeps docs/errors.md in step with errorTable: every code documented once, none invented, and the
// HTTP status / close code column saying what the table says.
const docsUrl = new URL('../../../docs/errors.md', import.meta.url);
const markdown = readFileSync(docsUrl, 'utf8');

interface Row {
  readonly code: string;
  readonly where: string;
  readonly statusColumn: string;
  readonly line: string;
}

/** Splits a Markdown table row on unescaped pipes. */
function cells(line: string): string[] {
  return line
    .trim()
    .replace(/^\||\|$/g, '')
    .split(/(?<!\\)\|/)
    .map((cell) => cell.trim());
}

/** The rows of the table under "## Error codes", up to the next heading. */
function tableRows(text: string): Row[] {
  const start = text.indexOf('\n## Error codes');
  if (start === -1) return [];
  const rest = text.slice(start + 1);
  const next = rest.indexOf('\n## ', 1);
  const section = next === -1 ? rest : rest.slice(0, next);
  return section
    .split('\n')
    .filter((line) => line.startsWith('|'))
    .map(cells)
    .filter((row) => /^`HALYARD_ERR_[A-Z_]+`$/.test(row[0] ?? ''))
    .map((row) => ({
      code: (row[0] ?? '').replace(/`/g, ''),
      where: row[1] ?? '',
      statusColumn: row[2] ?? '',
      line: row.join(' | '),
    }));
}

const rows = tableRows(markdown);
const tableCodes = Object.keys(errorTable).sort();
const docCodes = rows.map((row) => row.code).sort();

t.test('docs/errors.md has an error table', async (t) => {
  t.ok(rows.length > 0, 'rows found under "## Error codes"');
});

t.test('the documented codes are exactly the codes of errorTable', async (t) => {
  t.strictSame(docCodes, tableCodes);
  t.strictSame(
    tableCodes.filter((code) => !docCodes.includes(code)),
    [],
    'no code of errorTable is missing from the docs',
  );
  t.strictSame(
    docCodes.filter((code) => !tableCodes.includes(code)),
    [],
    'the docs document no code errorTable lacks',
  );
  t.strictSame(
    docCodes.filter((code, index) => docCodes.indexOf(code) !== index),
    [],
    'each code has one row',
  );
  const mentioned = [...new Set(rows.flatMap((row) => row.line.match(/HALYARD_ERR_[A-Z_]+/g) ?? []))];
  t.strictSame(
    mentioned.filter((code) => !tableCodes.includes(code)),
    [],
    'codes mentioned anywhere in the table exist',
  );
});

t.test('each row states the status and close code of errorTable', async (t) => {
  for (const row of rows) {
    if (!(row.code in errorTable)) continue;
    const entry: { area: string; status?: number; closeCode?: number | undefined } =
      errorTable[row.code as HalyardErrorCode];
    const statuses = [...row.statusColumn.matchAll(/\bHTTP (\d{3})\b/g)].map((match) => Number(match[1]));
    const closeCodes = [...row.statusColumn.matchAll(/\bclose (\d{4})\b/g)].map((match) => Number(match[1]));
    if (entry.status !== undefined) {
      t.strictSame(statuses, [entry.status], `${row.code}: HTTP status`);
    } else {
      t.strictSame(statuses, [], `${row.code}: errorTable has no HTTP status, so the docs claim none`);
    }
    if (entry.closeCode !== undefined) {
      t.strictSame(closeCodes, [entry.closeCode], `${row.code}: close code`);
    }
    t.equal(
      row.where === 'boot',
      entry.area === 'boot',
      `${row.code}: "where" is "boot" exactly for boot errors (found "${row.where}")`,
    );
  }
});
