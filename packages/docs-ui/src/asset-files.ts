import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);

export interface Asset {
  readonly body: Buffer;
  readonly type: string;
}

function load(path: string, type: string): Asset {
  return { body: readFileSync(path), type };
}

/**
 * Every file the page needs, read once at registration from installed packages (no CDN):
 * the AsyncAPI React standalone bundle and its styles, and the console Halyard ships.
 */
export function loadAssets(): ReadonlyMap<string, Asset> {
  const own = (name: string): string => fileURLToPath(new URL(`../assets/${name}`, import.meta.url));
  return new Map([
    [
      'asyncapi-standalone.js',
      load(
        require.resolve('@asyncapi/react-component/browser/standalone/index.js'),
        'text/javascript; charset=utf-8',
      ),
    ],
    [
      'asyncapi.css',
      load(require.resolve('@asyncapi/react-component/styles/default.min.css'), 'text/css; charset=utf-8'),
    ],
    ['docs.css', load(own('docs.css'), 'text/css; charset=utf-8')],
    ['docs.js', load(own('docs.js'), 'text/javascript; charset=utf-8')],
    ['console.js', load(own('console.js'), 'text/javascript; charset=utf-8')],
    ['viewer.js', load(own('viewer.js'), 'text/javascript; charset=utf-8')],
  ]);
}
