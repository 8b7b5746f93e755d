import type { FastifyInstance } from 'fastify';

/**
 * Something that adds itself to an app in one `createApp` option: routes, hooks, pages. It runs
 * after Halyard's own routes, so `app.halyard` (definition, hub, documents) is there to use.
 *
 * @example
 * ```ts
 * import { adminPanel } from '@halyard/admin';
 * await createApp({ controllers, extensions: [adminPanel({ token: process.env.ADMIN_TOKEN })] });
 * ```
 */
export interface HalyardExtension {
  readonly name: string;
  register(app: FastifyInstance): Promise<void>;
}
