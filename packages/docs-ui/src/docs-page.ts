import type { DocsUiContext } from '@halyard/core';

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/**
 * The one page for the whole API: REST (Swagger UI) and WebSocket (AsyncAPI viewer + console).
 * `script` is the text of its one inline script (the config), for the policy's hash.
 */
export function renderDocsPage(
  context: DocsUiContext,
  options: { console: boolean },
): { readonly html: string; readonly script: string } {
  const title = escapeHtml(context.title);
  const assets = `${context.prefix}/assets`;
  const config = JSON.stringify({
    asyncapiUrl: context.asyncapiUrl,
    openapiUrl: context.openapiUrl,
    restUrl: `${context.prefix}/http`,
  }).replace(/</g, '\\u003c');
  const script = `window.HALYARD_DOCS = ${config};`;
  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · API docs</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${assets}/docs.css">
</head>
<body>
<header class="hy-header">
  <div><h1>${title} <small>${escapeHtml(context.version)}</small></h1>${context.description ? `<p>${escapeHtml(context.description)}</p>` : ''}</div>
  <nav class="hy-tabs" role="tablist">
    <button role="tab" data-tab="rest" aria-selected="true">REST API</button>
    ${context.hasSockets ? '<button role="tab" data-tab="ws" aria-selected="false">WebSocket API</button>' : ''}
    <span class="hy-links"><a href="${context.openapiUrl}">openapi.json</a> · <a href="${context.asyncapiUrl}">asyncapi.json</a></span>
  </nav>
</header>
<main>
  <section id="tab-rest" class="hy-panel" data-panel="rest">
    <iframe title="REST API" src="${context.prefix}/http" class="hy-rest"></iframe>
  </section>
  ${
    context.hasSockets
      ? `<section id="tab-ws" class="hy-panel hy-ws" data-panel="ws" hidden>
    <iframe id="asyncapi" class="hy-asyncapi" data-testid="asyncapi" title="WebSocket API" sandbox="allow-scripts" data-src="${context.prefix}/asyncapi-viewer"></iframe>
    ${options.console ? '' : '<!--'}<aside class="hy-console" data-testid="console" aria-label="WebSocket console">
      <h2>Try it</h2>
      <label>Channel <select id="hy-channel" data-testid="channel"></select></label>
      <div id="hy-params" data-testid="params"></div>
      <div class="hy-row"><button id="hy-connect" data-testid="connect">Connect</button><button id="hy-disconnect" data-testid="disconnect" disabled>Disconnect</button><span id="hy-status" data-testid="status">closed</span></div>
      <label>Message <select id="hy-message" data-testid="message"></select></label>
      <textarea id="hy-payload" data-testid="payload" rows="8" spellcheck="false"></textarea>
      <button id="hy-send" data-testid="send" disabled>Send</button>
      <h3>Frames</h3>
      <ol id="hy-log" data-testid="log" class="hy-log"></ol>
    </aside>${options.console ? '' : '-->'}
  </section>`
      : ''
  }
</main>
<script>${script}</script>
<script src="${assets}/docs.js"></script>
${options.console && context.hasSockets ? `<script src="${assets}/console.js"></script>` : ''}
</body>
</html>
`;
  return { html, script };
}

/**
 * The AsyncAPI viewer, alone in a sandboxed frame of the docs page. It gets the document from the
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
