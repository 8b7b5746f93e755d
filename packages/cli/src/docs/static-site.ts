import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { AppProject } from '../app-project.js';

export interface SiteInfo {
  readonly title: string;
  readonly version: string;
  readonly description?: string;
  readonly hasSockets: boolean;
}

/** What the CLI uses of `@halyard/docs-ui/page` (the app's own copy, not a dependency of the CLI). */
interface DocsPageModule {
  renderDocsPage(info: SiteInfo, target: { readonly mode: 'static' }): { readonly html: string };
  docsAssetFiles(mode: 'static'): ReadonlyMap<string, { readonly path: string }>;
}

/**
 * The `/docs` page in its static mode, rendered by the app's installed `@halyard/docs-ui` (the
 * same page, viewers and versions its `/docs` route serves).
 */
async function loadDocsPage(app: AppProject): Promise<DocsPageModule> {
  const entry = app.resolve('@halyard/docs-ui/page', 'the static site is its docs page, rendered for files');
  return (await import(pathToFileURL(entry).href)) as DocsPageModule;
}

/**
 * A folder that any static file server can serve: `index.html`, both documents, and every asset
 * under `assets/` (no CDN, no server-side code). Returns the written file names.
 */
export async function writeStaticSite(options: {
  readonly app: AppProject;
  readonly dir: string;
  readonly info: SiteInfo;
  readonly openapiJson: string;
  readonly asyncapiJson: string;
}): Promise<string[]> {
  const docsPage = await loadDocsPage(options.app);
  const assets = [...docsPage.docsAssetFiles('static')];
  await mkdir(join(options.dir, 'assets'), { recursive: true });
  await writeFile(
    join(options.dir, 'index.html'),
    docsPage.renderDocsPage(options.info, { mode: 'static' }).html,
  );
  await writeFile(join(options.dir, 'openapi.json'), options.openapiJson);
  await writeFile(join(options.dir, 'asyncapi.json'), options.asyncapiJson);
  for (const [name, file] of assets) await copyFile(file.path, join(options.dir, 'assets', name));
  return ['index.html', 'openapi.json', 'asyncapi.json', ...assets.map(([name]) => `assets/${name}`)];
}
