import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import type { Test } from 'tap';

/** The committed documents the tests compare against: test/golden/<name>.json. */
const goldenDir = new URL('../golden/', import.meta.url);

/** A golden document: its file, test/golden/<name>.json, and the assertion's message. */
export interface Golden {
  readonly name: string;
  readonly message: string;
}

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
export async function matchGolden(t: Test, value: unknown, golden: Golden): Promise<void> {
  const file = new URL(`${golden.name}.json`, goldenDir);
  const actual = JSON.stringify(value, null, 2);
  if (process.env['HALYARD_UPDATE_GOLDEN'] === '1') {
    await mkdir(goldenDir, { recursive: true });
    await writeFile(file, `${actual}\n`);
    t.pass(`${golden.message}: wrote test/golden/${golden.name}.json`);
    return;
  }
  if (!existsSync(file)) {
    t.fail(
      `${golden.message}: test/golden/${golden.name}.json is missing; HALYARD_UPDATE_GOLDEN=1 writes it`,
    );
    return;
  }
  const expected = JSON.stringify(JSON.parse(await readFile(file, 'utf8')), null, 2);
  t.equal(actual, expected, golden.message);
}
