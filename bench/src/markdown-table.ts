/**
 * A Markdown table: `header` over `rows`, the first column left-aligned and the others
 * right-aligned (they hold figures). Every suite's section prints its tables through this.
 *
 * @example markdownTable(['case', 'messages/s'], [['halyard', '51234']])
 */
export const markdownTable = (header: readonly string[], rows: readonly (readonly string[])[]): string =>
  [
    `| ${header.join(' | ')} |`,
    `| ${header.map((_, index) => (index === 0 ? '---' : '---:')).join(' | ')} |`,
    ...rows.map((row) => `| ${row.join(' | ')} |`),
  ].join('\n');
