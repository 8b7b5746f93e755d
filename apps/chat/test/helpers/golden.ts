import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import type { Test } from 'tap';

/** The committed documents the tests compare against: test/golden/<name>.json. */
const goldenDir = new URL('../golden/', import.meta.url);

/**
 * Compares `value` with test/golden/<name>.json as JSON text (2-space indentation, so the order of
 * keys counts, as it did in the tap snapshot this replaces); the file's own formatting does not
 * matter. `HALYARD_UPDATE_GOLDEN=1` writes the file from `value` instead: review the diff, then
 * commit it.
 *
 * @example
 * ```ts
 * await matchGolden(t, documentSubset(doc, { paths: ['/api/rooms'] }), { name: 'chat-openapi', message: 'the paths' });
 * ```
 */
export async function matchGolden(
  t: Test,
  value: unknown,
  golden: { readonly name: string; readonly message: string },
): Promise<void> {
  const { name, message } = golden;
  const file = new URL(`${name}.json`, goldenDir);
  const actual = JSON.stringify(value, null, 2);
  if (process.env['HALYARD_UPDATE_GOLDEN'] === '1') {
    await mkdir(goldenDir, { recursive: true });
    await writeFile(file, `${actual}\n`);
    t.pass(`${message}: wrote test/golden/${name}.json`);
    return;
  }
  if (!existsSync(file)) {
    t.fail(`${message}: test/golden/${name}.json is missing; HALYARD_UPDATE_GOLDEN=1 writes it`);
    return;
  }
  const expected = JSON.stringify(JSON.parse(await readFile(file, 'utf8')), null, 2);
  t.equal(actual, expected, message);
}
