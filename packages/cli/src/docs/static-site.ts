import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AppProject } from '../app-project.js';

export interface SiteInfo {
  readonly title: string;
  readonly version: string;
  readonly description?: string;
  readonly hasSockets: boolean;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/**
 * The viewers' files, found from the app's installed `@halyard/docs-ui` (the same versions its
 * `/docs` page serves), and the page script and styles this CLI ships.
 */
function assetSources(app: AppProject): Array<[name: string, source: string]> {
  const docsUiManifest = app.resolve(
    '@halyard/docs-ui/package.json',
    'the static site copies the viewers it depends on',
  );
  const docsUi = createRequire(docsUiManifest);
  const swaggerStatic = join(dirname(docsUi.resolve('@fastify/swagger-ui/package.json')), 'static');
  const own = (name: string): string =>
    fileURLToPath(new URL(`../../assets/docs-site/${name}`, import.meta.url));
  return [
    ['swagger-ui-bundle.js', join(swaggerStatic, 'swagger-ui-bundle.js')],
    ['swagger-ui.css', join(swaggerStatic, 'swagger-ui.css')],
    ['asyncapi-standalone.js', docsUi.resolve('@asyncapi/react-component/browser/standalone/index.js')],
    ['asyncapi.css', docsUi.resolve('@asyncapi/react-component/styles/default.min.css')],
    ['site.js', own('site.js')],
    // The page's look is the live /docs page's stylesheet; site.css only adds the static-only rules.
    ['docs.css', join(dirname(docsUiManifest), 'assets', 'docs.css')],
    ['site.css', own('site.css')],
  ];
}

export function renderSitePage(info: SiteInfo): string {
  const title = escapeHtml(info.title);
  const config = JSON.stringify({ openapiUrl: 'openapi.json', asyncapiUrl: 'asyncapi.json' });
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · API docs</title>
<link rel="stylesheet" href="assets/swagger-ui.css">
<link rel="stylesheet" href="assets/asyncapi.css">
<link rel="stylesheet" href="assets/docs.css">
<link rel="stylesheet" href="assets/site.css">
</head>
<body>
<header class="hy-header">
  <div><h1>${title} <small>${escapeHtml(info.version)}</small></h1>${info.description ? `<p>${escapeHtml(info.description)}</p>` : ''}</div>
  <nav class="hy-tabs" role="tablist">
    <button role="tab" data-tab="rest" aria-selected="true">REST API</button>
    ${info.hasSockets ? '<button role="tab" data-tab="ws" aria-selected="false">WebSocket API</button>' : ''}
    <span class="hy-links"><a href="openapi.json">openapi.json</a> · <a href="asyncapi.json">asyncapi.json</a></span>
  </nav>
</header>
<p id="hy-file-warning" class="hy-warning" hidden>This page loads <code>openapi.json</code> and <code>asyncapi.json</code> next to it, which browsers do not allow from a <code>file://</code> address. Serve this folder with any static file server, e.g. <code>npx serve .</code> or <code>python3 -m http.server</code>.</p>
<main>
  <section class="hy-panel" data-panel="rest"><div id="swagger-ui" data-testid="swagger-ui"></div></section>
  ${info.hasSockets ? '<section class="hy-panel" data-panel="ws" hidden><div id="asyncapi" data-testid="asyncapi"></div></section>' : ''}
</main>
<script>window.HALYARD_STATIC_DOCS = ${config};</script>
<script src="assets/swagger-ui-bundle.js"></script>
<script src="assets/asyncapi-standalone.js"></script>
<script src="assets/site.js"></script>
</body>
</html>
`;
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
  const sources = assetSources(options.app);
  await mkdir(join(options.dir, 'assets'), { recursive: true });
  await writeFile(join(options.dir, 'index.html'), renderSitePage(options.info));
  await writeFile(join(options.dir, 'openapi.json'), options.openapiJson);
  await writeFile(join(options.dir, 'asyncapi.json'), options.asyncapiJson);
  for (const [name, source] of sources) await copyFile(source, join(options.dir, 'assets', name));
  return ['index.html', 'openapi.json', 'asyncapi.json', ...sources.map(([name]) => `assets/${name}`)];
}
