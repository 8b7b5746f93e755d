import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';

/**
 * A CSP source for an inline `<script>` or `<style>`: its SHA-256, so the policy allows exactly
 * that text and no `'unsafe-inline'`.
 *
 * @example `` `style-src ${inlineSource(css)}` `` → `style-src 'sha256-…'`
 */
export function inlineSource(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

/**
 * What every docs answer without a policy of its own gets (the documents, assets, 404s): nothing
 * may load, frame or be framed by it.
 */
export const documentSecurityPolicy =
  "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/**
 * Sets the headers every answer under the docs prefix carries: `nosniff`, `Referrer-Policy:
 * same-origin` and, unless the route set its own (a docs page), `documentSecurityPolicy`. Installed
 * on the docs scope, so a docs UI registered into that scope gets them too.
 */
export function installDocsHeaders(scope: FastifyInstance): void {
  scope.addHook('onSend', async (_request, reply) => {
    reply.header('x-content-type-options', 'nosniff').header('referrer-policy', 'same-origin');
    if (!reply.hasHeader('content-security-policy'))
      reply.header('content-security-policy', documentSecurityPolicy);
  });
}
