import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DocsPageMode } from './docs-page.js';

const require = createRequire(import.meta.url);

/** A file the docs page loads from `assets/`: where it is installed, and its content type. */
export interface AssetFile {
  readonly path: string;
  readonly type: string;
}

export interface Asset {
  readonly body: Buffer;
  readonly type: string;
}

const javascript = 'text/javascript; charset=utf-8';
const css = 'text/css; charset=utf-8';

/**
 * Every file the page of this mode loads from `assets/`, from installed packages (no CDN): the
 * AsyncAPI React standalone bundle and its styles, and the page's own script, viewer and styles.
 * The served page also has the console, and gets Swagger UI from `@fastify/swagger-ui`'s routes;
 * the static page loads Swagger UI's bundle itself.
 *
 * @example
 * ```ts
 * for (const [name, file] of docsAssetFiles('static')) await copyFile(file.path, join(dir, 'assets', name));
 * ```
 */
export function docsAssetFiles(mode: DocsPageMode): ReadonlyMap<string, AssetFile> {
  const own = (name: string): AssetFile => ({
    path: fileURLToPath(new URL(`../assets/${name}`, import.meta.url)),
    type: name.endsWith('.css') ? css : javascript,
  });
  const files = new Map<string, AssetFile>([
    [
      'asyncapi-standalone.js',
      { path: require.resolve('@asyncapi/react-component/browser/standalone/index.js'), type: javascript },
    ],
    [
      'asyncapi.css',
      { path: require.resolve('@asyncapi/react-component/styles/default.min.css'), type: css },
    ],
    ['docs.css', own('docs.css')],
    ['docs.js', own('docs.js')],
    ['viewer.js', own('viewer.js')],
  ]);
  switch (mode) {
    case 'served':
      files.set('console.js', own('console.js'));
      return files;
    case 'static': {
      const swagger = join(dirname(require.resolve('@fastify/swagger-ui/package.json')), 'static');
      files.set('swagger-ui-bundle.js', { path: join(swagger, 'swagger-ui-bundle.js'), type: javascript });
      files.set('swagger-ui.css', { path: join(swagger, 'swagger-ui.css'), type: css });
      return files;
    }
    default: {
      const exhaustive: never = mode;
      throw new Error(`unknown docs page mode ${String(exhaustive)}`);
    }
  }
}

/** The served page's files, read once at registration. */
export function loadAssets(): ReadonlyMap<string, Asset> {
  return new Map(
    [...docsAssetFiles('served')].map(([name, file]) => [
      name,
      { body: readFileSync(file.path), type: file.type },
    ]),
  );
}
