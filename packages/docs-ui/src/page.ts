/**
 * `@halyard/docs-ui/page`: the docs page renderer and the files it loads, without the Fastify
 * plugin and its dependencies. `halyard docs --format html` writes the static site with it; the
 * `/docs` route (`docsUi()`) renders the same page in its served mode.
 *
 * @example
 * ```ts
 * import { docsAssetFiles, renderDocsPage } from '@halyard/docs-ui/page';
 * const { html } = renderDocsPage({ title: 'Chat API', version: '1.0.0', hasSockets: true }, { mode: 'static' });
 * ```
 */
export { docsAssetFiles } from './asset-files.js';
export type { AssetFile } from './asset-files.js';
export { renderDocsPage } from './docs-page.js';
export type { DocsPageInfo, DocsPageMode, DocsPageTarget } from './docs-page.js';
