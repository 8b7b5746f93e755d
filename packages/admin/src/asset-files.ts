import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface Asset {
  readonly body: Buffer;
  readonly type: string;
}

/** The page's script and styles, shipped as they are in the package's `assets/` (no build step, no CDN). */
export function loadAssets(): ReadonlyMap<string, Asset> {
  const own = (name: string): Buffer =>
    readFileSync(fileURLToPath(new URL(`../assets/${name}`, import.meta.url)));
  return new Map([
    ['admin.js', { body: own('admin.js'), type: 'text/javascript; charset=utf-8' }],
    ['admin.css', { body: own('admin.css'), type: 'text/css; charset=utf-8' }],
  ]);
}
