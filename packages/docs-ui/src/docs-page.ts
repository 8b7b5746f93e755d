import type { DocsUiContext } from '@halyard/core';

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/** What the page says about the API, the same in both modes. */
export interface DocsPageInfo {
  readonly title: string;
  readonly version: string;
  readonly description?: string;
  /** Whether the app has WebSocket routes (no WebSocket tab without). */
  readonly hasSockets: boolean;
}

/**
 * Where the page lives. `served`: the app's `/docs` route, under its strict policies: Swagger UI in a
 * same-origin frame (`<prefix>/http`), the AsyncAPI viewer in a sandboxed frame fed by
 * `postMessage`, the live console. `static`: `index.html` of a folder on any static file server
 * (`halyard docs --format html`), which sends no policy of ours: both viewers render in the page
 * from `assets/` and the two documents next to it, no console (there is no server to talk to).
 */
export type DocsPageTarget =
  | {
      readonly mode: 'served';
      readonly prefix: string;
      readonly openapiUrl: string;
      readonly asyncapiUrl: string;
      readonly console: boolean;
    }
  | { readonly mode: 'static' };

export type DocsPageMode = DocsPageTarget['mode'];

interface Layout {
  readonly assets: string;
  /** An empty icon spares the served page a /favicon.ico request; the static page leaves it to the folder. */
  readonly icon: string;
  readonly openapiUrl: string;
  readonly asyncapiUrl: string;
  readonly config: Record<string, string>;
  readonly styles: readonly string[];
  readonly scripts: readonly string[];
  readonly notice: string;
  readonly rest: string;
  readonly ws: string;
}

const consolePanel = `<aside class="hy-console" data-testid="console" aria-label="WebSocket console">
      <h2>Try it</h2>
      <label>Channel <select id="hy-channel" data-testid="channel"></select></label>
      <div id="hy-params" data-testid="params"></div>
      <div class="hy-row"><button id="hy-connect" data-testid="connect">Connect</button><button id="hy-disconnect" data-testid="disconnect" disabled>Disconnect</button><span id="hy-status" data-testid="status">closed</span></div>
      <label>Message <select id="hy-message" data-testid="message"></select></label>
      <textarea id="hy-payload" data-testid="payload" rows="8" spellcheck="false"></textarea>
      <button id="hy-send" data-testid="send" disabled>Send</button>
      <h3>Frames</h3>
      <ol id="hy-log" data-testid="log" class="hy-log"></ol>
    </aside>`;

const fileNotice =
  '<p id="hy-file-warning" class="hy-warning" hidden>This page loads <code>openapi.json</code> and <code>asyncapi.json</code> next to it, which browsers do not allow from a <code>file://</code> address. Serve this folder with any static file server, e.g. <code>npx serve .</code> or <code>python3 -m http.server</code>.</p>\n';

function layout(target: DocsPageTarget, hasSockets: boolean): Layout {
  switch (target.mode) {
    case 'served': {
      const { prefix } = target;
      const withConsole = target.console && hasSockets;
      return {
        assets: `${prefix}/assets`,
        icon: '<link rel="icon" href="data:,">\n',
        openapiUrl: target.openapiUrl,
        asyncapiUrl: target.asyncapiUrl,
        config: {
          mode: 'served',
          asyncapiUrl: target.asyncapiUrl,
          openapiUrl: target.openapiUrl,
          restUrl: `${prefix}/http`,
        },
        styles: ['docs.css'],
        scripts: withConsole ? ['docs.js', 'console.js'] : ['docs.js'],
        notice: '',
        rest: `<section id="tab-rest" class="hy-panel" data-panel="rest">
    <iframe title="REST API" src="${prefix}/http" class="hy-rest"></iframe>
  </section>`,
        ws: `<section id="tab-ws" class="hy-panel hy-ws" data-panel="ws" hidden>
    <iframe id="asyncapi" class="hy-asyncapi" data-testid="asyncapi" title="WebSocket API" sandbox="allow-scripts" data-src="${prefix}/asyncapi-viewer"></iframe>
    ${target.console ? consolePanel : `<!--${consolePanel}-->`}
  </section>`,
      };
    }
    case 'static':
      return {
        assets: 'assets',
        icon: '',
        openapiUrl: 'openapi.json',
        asyncapiUrl: 'asyncapi.json',
        config: { mode: 'static', openapiUrl: 'openapi.json', asyncapiUrl: 'asyncapi.json' },
        styles: ['swagger-ui.css', 'asyncapi.css', 'docs.css'],
        // viewer.js before docs.js: the page script renders the WebSocket tab with it.
        scripts: ['swagger-ui-bundle.js', 'asyncapi-standalone.js', 'viewer.js', 'docs.js'],
        notice: fileNotice,
        rest: '<section class="hy-panel" data-panel="rest"><div id="swagger-ui" data-testid="swagger-ui"></div></section>',
        ws: '<section class="hy-panel" data-panel="ws" hidden><div id="asyncapi" data-testid="asyncapi"></div></section>',
      };
    default: {
      const exhaustive: never = target;
      throw new Error(`unknown docs page mode ${JSON.stringify(exhaustive)}`);
    }
  }
}

/**
 * The one page for the whole API, REST (Swagger UI) and WebSocket (AsyncAPI viewer, and in the
 * served mode the live console), for the app's `/docs` route and for the static site alike.
 * `script` is the text of its one inline script (the config), for the served policy's hash.
 *
 * @example
 * ```ts
 * const { html } = renderDocsPage({ title: 'Chat API', version: '1.0.0', hasSockets: true }, { mode: 'static' });
 * ```
 */
export function renderDocsPage(
  info: DocsPageInfo,
  target: DocsPageTarget,
): { readonly html: string; readonly script: string } {
  const title = escapeHtml(info.title);
  const page = layout(target, info.hasSockets);
  const script = `window.HALYARD_DOCS = ${JSON.stringify(page.config).replace(/</g, '\\u003c')};`;
  const styles = page.styles
    .map((file) => `<link rel="stylesheet" href="${page.assets}/${file}">\n`)
    .join('');
  const scripts = page.scripts.map((file) => `<script src="${page.assets}/${file}"></script>\n`).join('');
  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · API docs</title>
${page.icon}${styles}</head>
<body>
<header class="hy-header">
  <div><h1>${title} <small>${escapeHtml(info.version)}</small></h1>${info.description ? `<p>${escapeHtml(info.description)}</p>` : ''}</div>
  <nav class="hy-tabs" role="tablist">
    <button role="tab" data-tab="rest" aria-selected="true">REST API</button>
    ${info.hasSockets ? '<button role="tab" data-tab="ws" aria-selected="false">WebSocket API</button>' : ''}
    <span class="hy-links"><a href="${page.openapiUrl}">openapi.json</a> · <a href="${page.asyncapiUrl}">asyncapi.json</a></span>
  </nav>
</header>
${page.notice}<main>
  ${page.rest}
  ${info.hasSockets ? page.ws : ''}
</main>
<script>${script}</script>
${scripts}</body>
</html>
`;
  return { html, script };
}

/**
 * The AsyncAPI viewer of the served page, alone in a sandboxed frame. It gets the document from the
 * page by `postMessage`: the sandbox gives it an opaque origin, so it cannot fetch or read anything
 * of the app's (see `viewerPolicy`).
 */
export function renderViewerPage(context: DocsUiContext): string {
  const assets = `${context.prefix}/assets`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escapeHtml(context.title)} · WebSocket API</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${assets}/asyncapi.css">
<link rel="stylesheet" href="${assets}/docs.css">
</head>
<body>
<div id="asyncapi"></div>
<script src="${assets}/asyncapi-standalone.js"></script>
<script src="${assets}/viewer.js"></script>
</body>
</html>
`;
}
