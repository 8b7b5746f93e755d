import { createHash } from 'node:crypto';
import { readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from './cli-process.js';

const day = 24 * 60 * 60 * 1000;

/** Every file below `dir` (but node_modules) with its size and modification time, in a stable order. */
async function fingerprint(dir: string, hash: ReturnType<typeof createHash>): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true });
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules') await fingerprint(path, hash);
    } else if (entry.isFile()) {
      const info = await stat(path);
      hash.update(`${path}\0${info.size}\0${info.mtimeMs}\n`);
    }
  }
}

/**
 * A `HALYARD_PACK_CACHE` shared by every test file that scaffolds an app from this checkout, so the
 * workspace is packed once per build instead of once per file (packing is ~30 s of CPU). The folder
 * is named after the packages' files (every file but node_modules, by path, size and time), so a
 * rebuild gets a new one: the CLI reuses a tarball by its file name, and a stale one must never be
 * found. Folders last used over a day ago are removed (not younger ones: another checkout's tests
 * may be using theirs).
 */
export async function sharedPackCache(): Promise<string> {
  const hash = createHash('sha256');
  await fingerprint(join(repoRoot, 'packages'), hash);
  const current = `halyard-test-packs-${hash.digest('hex').slice(0, 16)}`;
  for (const entry of await readdir(tmpdir())) {
    if (!entry.startsWith('halyard-test-packs-') || entry === current) continue;
    const { mtimeMs } = await stat(join(tmpdir(), entry));
    if (Date.now() - mtimeMs > day) await rm(join(tmpdir(), entry), { recursive: true, force: true });
  }
  return join(tmpdir(), current);
}
