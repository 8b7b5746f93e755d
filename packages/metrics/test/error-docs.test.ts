import { readFileSync } from 'node:fs';
import t from 'tap';
import { metricsErrorTable, type MetricsErrorCode } from '../src/index.js';

// Keeps the error table of docs/observability.md in step with metricsErrorTable: every code documented once,
// none invented, and the status / close code column saying what the table says.
const markdown = readFileSync(new URL('../../../docs/observability.md', import.meta.url), 'utf8');

function cells(line: string): string[] {
  return line
    .trim()
    .replace(/^\||\|$/g, '')
    .split(/(?<!\\)\|/)
    .map((cell) => cell.trim());
}

function tableRows(text: string): string[][] {
  const start = text.indexOf('\n### Error codes');
  if (start === -1) return [];
  const rest = text.slice(start + 1);
  const next = rest.indexOf('\n## ', 1);
  return (next === -1 ? rest : rest.slice(0, next))
    .split('\n')
    .filter((line) => line.startsWith('|'))
    .map(cells)
    .filter((row) => /^`HALYARD_ERR_[A-Z_]+`$/.test(row[0] ?? ''));
}

const rows = tableRows(markdown);
const codes = rows.map((row) => (row[0] ?? '').replace(/`/g, ''));

t.test('docs/observability.md documents exactly the codes of metricsErrorTable, once each', async (t) => {
  t.ok(rows.length > 0, 'rows found under "### Error codes"');
  t.strictSame([...codes].sort(), Object.keys(metricsErrorTable).sort());
  t.strictSame(
    codes.filter((code, index) => codes.indexOf(code) !== index),
    [],
  );
});

t.test('each row states the status and close code of metricsErrorTable', async (t) => {
  for (const row of rows) {
    const code = (row[0] ?? '').replace(/`/g, '') as MetricsErrorCode;
    const entry: { area: string; status?: number; closeCode?: number } = metricsErrorTable[code];
    const column = row[2] ?? '';
    const statuses = [...column.matchAll(/\bHTTP (\d{3})\b/g)].map((match) => Number(match[1]));
    const closeCodes = [...column.matchAll(/\bclose (\d{4})\b/g)].map((match) => Number(match[1]));
    t.strictSame(statuses, entry.status === undefined ? [] : [entry.status], `${code}: HTTP status`);
    t.strictSame(closeCodes, entry.closeCode === undefined ? [] : [entry.closeCode], `${code}: close code`);
    t.equal(row[1] === 'boot', entry.area === 'boot', `${code}: "where" is "boot" exactly for boot errors`);
  }
});
