import { inlineSource } from './docs-headers.js';
import type { ResolvedDocsOptions } from './docs-options.js';

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

const indexStyles =
  'body{font:16px/1.5 system-ui,sans-serif;max-width:44rem;margin:3rem auto;padding:0 1rem;color:#1f2933}a{color:#0b63ce}code{background:#eef2f6;padding:0 .25rem}';

/** The index page needs nothing but its inline styles, allowed by their hash. */
export const indexSecurityPolicy =
  `default-src 'none'; style-src ${inlineSource(indexStyles)}; img-src data:; ` +
  "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** The docs page when no docs UI is configured: links to the raw documents. */
export function renderDocsIndex(options: ResolvedDocsOptions, prefix: string): string {
  const title = escapeHtml(options.title);
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title} docs</title>
<link rel="icon" href="data:,"><style>${indexStyles}</style></head>
<body>
<h1>${title} <small>${escapeHtml(options.version)}</small></h1>
${options.description ? `<p>${escapeHtml(options.description)}</p>` : ''}
<ul>
<li>REST: <a href="${prefix}/openapi.json">openapi.json</a> · <a href="${prefix}/openapi.yaml">openapi.yaml</a></li>
<li>WebSocket: <a href="${prefix}/asyncapi.json">asyncapi.json</a> · <a href="${prefix}/asyncapi.yaml">asyncapi.yaml</a></li>
</ul>
<p>For browsable viewers and the live WebSocket console, install <code>@halyard/docs-ui</code> and pass <code>docs: { ui: docsUi() }</code> to <code>createApp</code>.</p>
</body>
</html>
`;
}
