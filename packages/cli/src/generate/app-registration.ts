import { readFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { CliError } from '../errors.js';

export const controllersMarker = '/* halyard:controllers */';
export const importsMarker = '// halyard:imports';

/** Longer one-line controller arrays are rewritten one class per line. */
const maxLineWidth = 110;

/** Where generated controllers are registered: the first of these files that has the marker. */
export const registrationFiles = ['src/app-options.ts', 'src/app.ts'] as const;

/** Finds the file holding `controllers: [/* halyard:controllers *\/ ...]`. */
export async function findRegistrationFile(root: string): Promise<{ path: string; text: string }> {
  for (const file of registrationFiles) {
    const path = join(root, file);
    const text = await readFile(path, 'utf8').catch(() => undefined);
    if (text?.includes(controllersMarker)) return { path, text };
  }
  throw new CliError('HALYARD_ERR_CLI_MARKER_MISSING', {
    marker: controllersMarker,
    files: registrationFiles.join(' or '),
  });
}

/** The index of the `]` closing the array the marker is in (brackets, strings and comments skipped), or -1. */
function closingBracket(text: string, from: number): number {
  let depth = 0;
  let index = from;
  while (index < text.length) {
    const char = text[index]!;
    const next = text[index + 1];
    if (char === '/' && (next === '*' || next === '/')) {
      const end = next === '*' ? text.indexOf('*/', index + 2) + 2 : text.indexOf('\n', index);
      if (end < index) return -1;
      index = end;
      continue;
    }
    if (char === "'" || char === '"' || char === '`') {
      let end = index + 1;
      while (end < text.length && text[end] !== char) end += text[end] === '\\' ? 2 : 1;
      index = end + 1;
      continue;
    }
    if (char === '[' || char === '(' || char === '{') depth++;
    else if (char === ']' || char === ')' || char === '}') {
      if (depth === 0) return char === ']' ? index : -1;
      depth--;
    }
    index++;
  }
  return -1;
}

/**
 * Adds the import and appends the classes to the marked controllers array. Deterministic: the import
 * goes right above `// halyard:imports` (or after the last import), the classes at the end of the
 * array, on one line or one per line as the array already is.
 */
export function registerControllers(
  source: { readonly path: string; readonly text: string },
  classes: readonly string[],
  modulePath: string,
): string {
  const specifier = relative(dirname(source.path), modulePath).split('\\').join('/').replace(/\.ts$/, '.js');
  const importLine = `import { ${classes.join(', ')} } from '${specifier.startsWith('.') ? specifier : `./${specifier}`}';\n`;

  const marker = source.text.indexOf(controllersMarker);
  const start = marker + controllersMarker.length;
  const end = closingBracket(source.text, start);
  if (end < 0)
    throw new CliError('HALYARD_ERR_CLI_MARKER_MISSING', {
      marker: `${controllersMarker} inside an array literal`,
      files: source.path,
    });
  const inside = source.text.slice(start, end);
  let array: string;
  if (inside.includes('\n')) {
    const indent = /\n([ \t]*)\S/.exec(inside)?.[1] ?? '    ';
    const body = inside.replace(/[\s,]*$/, '');
    const closingIndent = /\n([ \t]*)$/.exec(inside)?.[1] ?? '';
    array = `${body}${body.trim() ? ',' : ''}\n${classes.map((name) => `${indent}${name},`).join('\n')}\n${closingIndent}`;
  } else {
    const items = inside.trim().replace(/,$/, '').trim();
    const all = [...(items ? (/[([{]/.test(items) ? [items] : items.split(/\s*,\s*/)) : []), ...classes];
    const lineStart = source.text.lastIndexOf('\n', marker) + 1;
    const lineEnd = source.text.indexOf('\n', end);
    const oneLine = ` ${all.join(', ')}`;
    const width =
      marker - lineStart + controllersMarker.length + oneLine.length + (lineEnd < 0 ? 0 : lineEnd - end);
    if (width <= maxLineWidth) array = oneLine;
    else {
      // Too long for one line: one class per line from now on.
      const indent = /^[ \t]*/.exec(source.text.slice(lineStart))?.[0] ?? '';
      array = `\n${all.map((name) => `${indent}  ${name},`).join('\n')}\n${indent}`;
    }
  }
  let text = `${source.text.slice(0, start)}${array}${source.text.slice(end)}`;

  const anchor = text.indexOf(importsMarker);
  if (anchor >= 0) {
    const lineStart = text.lastIndexOf('\n', anchor) + 1;
    text = `${text.slice(0, lineStart)}${importLine}${text.slice(lineStart)}`;
  } else {
    const imports = [
      ...text.matchAll(/^import[\s\S]*?from\s+['"][^'"]+['"];?[^\n]*\n|^import\s+['"][^'"]+['"];?[^\n]*\n/gm),
    ];
    const last = imports.at(-1);
    const at = last ? last.index + last[0].length : 0;
    text = `${text.slice(0, at)}${importLine}${text.slice(at)}`;
  }
  return text;
}
