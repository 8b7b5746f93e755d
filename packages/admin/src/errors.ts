import { codedErrorClass, defineErrorTable } from '@halyard/core/error-table';

/**
 * The codes only the admin package raises. Its HTTP answers otherwise reuse core's codes
 * (`HALYARD_ERR_UNAUTHORIZED`, `HALYARD_ERR_VALIDATION`, ...). `docs/admin.md` lists every code of
 * this table; `test/error-docs.test.ts` keeps the two in step. A code is never reused.
 */
export const adminErrorTable = defineErrorTable({
  HALYARD_ERR_ADMIN_OPTIONS_INVALID: { area: 'boot', message: 'adminPanel options: {detail}' },
  HALYARD_ERR_ADMIN_CONNECTION_NOT_FOUND: {
    area: 'wire',
    message: 'Connection {id} is not connected',
    status: 404,
  },
  HALYARD_ERR_ADMIN_ORIGIN_REJECTED: {
    area: 'wire',
    message: 'A request from {origin} may not use the admin cookie of {expected}',
    status: 403,
  },
  HALYARD_ERR_ADMIN_CROSS_SITE: {
    area: 'wire',
    message: 'Cross-site {method} {path} refused: sent from {origin}, not from {expected}',
    status: 403,
  },
  HALYARD_ERR_ADMIN_LIVE_READ_ONLY: {
    area: 'wire',
    message: 'The admin live feed is read-only',
    closeCode: 1003,
  },
} satisfies Record<
  `HALYARD_ERR_ADMIN_${string}`,
  { area: 'boot' | 'wire'; message: string; status?: number; closeCode?: number }
>);

/** Union of the codes `@halyard/admin` adds to Halyard's. */
export type AdminErrorCode = keyof typeof adminErrorTable;

/**
 * A boot error of `adminPanel()`: thrown by `createApp` when the options cannot work.
 *
 * @example
 * ```ts
 * try { await createApp({ controllers, extensions: [adminPanel({})] }); }
 * catch (err) { if (err instanceof AdminError) console.error(err.code); } // HALYARD_ERR_ADMIN_OPTIONS_INVALID
 * ```
 */
export class AdminError extends codedErrorClass('AdminError', adminErrorTable) {}
