import type { ResolvedDocsOptions } from './docs-options.js';

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/** The landing page of the docs prefix: links to every viewer and raw document. */
export function renderDocsIndex(options: ResolvedDocsOptions, prefix: string): string {
  const title = escapeHtml(options.title);
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title} docs</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:44rem;margin:3rem auto;padding:0 1rem;color:#1f2933}a{color:#0b63ce}</style></head>
<body>
<h1>${title} <small>${escapeHtml(options.version)}</small></h1>
${options.description ? `<p>${escapeHtml(options.description)}</p>` : ''}
<ul>
<li><a href="${prefix}/http">REST API (OpenAPI viewer)</a></li>
<li><a href="${prefix}/openapi.json">openapi.json</a> · <a href="${prefix}/openapi.yaml">openapi.yaml</a></li>
</ul>
</body>
</html>
`;
}
