import { readFileSync } from 'node:fs';
import t from 'tap';
import { CloseCodes, doNotRetryCloseCodes } from '../src/index.js';

// Keeps the close-code table of docs/websocket-protocol.md in step with the exported CloseCodes and
// doNotRetryCloseCodes: every code Halyard sends is documented, and nothing else is claimed.
const markdown = readFileSync(new URL('../../../docs/websocket-protocol.md', import.meta.url), 'utf8');

/** Codes in the table that Halyard does not send itself: `ws` does, or the client sees them. */
const notSentByHalyard = new Map([
  [1002, '(closed by `ws`)'],
  [1006, '(client-side)'],
  [1007, '(closed by `ws`)'],
]);

function closeCodeRows(text: string): Array<{ code: string; sentWhen: string; reconnect: string }> {
  const start = text.indexOf('\n## Close codes');
  const rest = text.slice(start + 1);
  const end = rest.indexOf('\n## ', 1);
  return (end === -1 ? rest : rest.slice(0, end))
    .split('\n')
    .filter((line) => line.startsWith('|') && !line.startsWith('| code') && !line.startsWith('| ---'))
    .map((line) => {
      const [code = '', sentWhen = '', reconnect = ''] = line
        .replace(/^\||\|$/g, '')
        .split('|')
        .map((cell) => cell.trim());
      return { code, sentWhen, reconnect };
    });
}

const rows = closeCodeRows(markdown);

t.test('every exported close code has a row, and every single-code row is exported or marked', async (t) => {
  t.ok(rows.length > 0, 'the table was found');
  const documented = rows.map((row) => row.code);
  for (const [name, code] of Object.entries(CloseCodes))
    t.ok(documented.includes(String(code)), `CloseCodes.${name} (${code}) is documented`);
  const exported = new Set<number>(Object.values(CloseCodes));
  for (const row of rows) {
    if (!/^\d+$/.test(row.code)) {
      t.match(row.code, /^4\d{3}–4\d{3}$/, `${row.code} is an application range`);
      continue;
    }
    const code = Number(row.code);
    if (exported.has(code)) continue;
    const marker = notSentByHalyard.get(code);
    t.ok(marker !== undefined && row.sentWhen.includes(marker), `${code} is exported or marked ${marker}`);
  }
});

t.test('the reconnect column and the doNotRetryCloseCodes sentence match the export', async (t) => {
  for (const row of rows.filter((entry) => /^\d+$/.test(entry.code))) {
    const noRetry = doNotRetryCloseCodes.includes(Number(row.code));
    t.equal(row.reconnect.includes('doNotRetryCloseCodes'), noRetry, `${row.code}: reconnect column`);
  }
  t.ok(
    markdown.includes(`\`doNotRetryCloseCodes\` (exported) is \`[${doNotRetryCloseCodes.join(', ')}]\``),
    'the sentence lists the exported array',
  );
  const range = rows.find((row) => row.code === '4400–4599');
  const ranged = doNotRetryCloseCodes.filter((code) => code >= 4400 && code <= 4599);
  t.equal(range?.reconnect, `not for ${ranged.join(', ')}`);
});
