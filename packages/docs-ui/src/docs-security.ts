import { createHash } from 'node:crypto';

/** A CSP source allowing exactly this inline `<script>` text. */
export function inlineSource(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

/** A `Host` header that can go into a policy as it is: a name or an IP, and a port. */
const plainHost = /^(?:[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

/**
 * The origins Swagger UI's "Try it out" calls besides the page's own: those of absolute OpenAPI
 * `servers` URLs (`docs: { servers }`). Relative ones are the page's origin.
 */
export function serverOrigins(openapi: object): string[] {
  const servers = (openapi as { servers?: ReadonlyArray<{ url?: unknown }> }).servers ?? [];
  const origins = new Set<string>();
  for (const server of servers) {
    // A templated URL (`https://{region}.example.com`) has no fixed origin: 'self' only.
    const url = server.url;
    if (typeof url !== 'string' || !/^https?:\/\/[^/{}]+(\/|$)/i.test(url) || !URL.canParse(url)) continue;
    const parsed = new URL(url);
    // Only what can stand in a policy as it is (a host may hold `;` or `'`).
    if (plainHost.test(parsed.host)) origins.add(parsed.origin);
  }
  return [...origins];
}

/**
 * The docs page's policy: its own scripts (and the one inline config script, by hash) and styles,
 * the REST viewer in a same-origin frame, and connections to this origin only, the live console's
 * `ws:`/`wss:` ones spelled out for browsers whose `'self'` does not cover them. Built per request
 * from `Host`, used only when it is a plain host name (anything else keeps `'self'` alone).
 */
export function pagePolicy(options: { readonly scriptSource: string; readonly host: string }): string {
  const sockets = plainHost.test(options.host) ? ` ws://${options.host} wss://${options.host}` : '';
  return [
    "default-src 'none'",
    `script-src 'self' ${options.scriptSource}`,
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    `connect-src 'self'${sockets}`,
    "frame-src 'self'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

/** Swagger UI's policy (its page and assets): framed by the docs page only, calls to the API's origins. */
export function swaggerPolicy(apiOrigins: readonly string[]): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    ["connect-src 'self'", ...apiOrigins].join(' '),
    "frame-ancestors 'self'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

/**
 * The AsyncAPI viewer's policy. The viewer's bundled parser compiles JSON schemas with `new
 * Function` while it loads, so this one document allows `'unsafe-eval'`, and is sandboxed for it
 * (the `sandbox` directive, also the frame's attribute): an opaque origin, no cookies, no access to
 * the page, the app's API or storage, no network at all (`connect-src 'none'`); the document comes
 * from the page by `postMessage`. Only the docs page may frame it.
 */
export const viewerPolicy = [
  'sandbox allow-scripts',
  "default-src 'none'",
  "script-src 'self' 'unsafe-eval'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'none'",
  "frame-ancestors 'self'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');
