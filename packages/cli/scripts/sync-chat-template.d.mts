/** Where the sync reads and writes. */
export interface SyncPaths {
  readonly repoRoot: string;
  readonly appDir: string;
  readonly templateDir: string;
}

export const defaultPaths: SyncPaths;
/** Files of templates/chat written by hand: the sync neither writes nor deletes them. */
export const handWritten: readonly string[];
/** The synced part of templates/chat: path → content, in the template's layout. */
export function renderChatTemplate(paths?: SyncPaths): Promise<Map<string, string | Buffer>>;
/** The files of templates/chat the sync owns (everything but the hand-written ones). */
export function syncedTemplateFiles(templateDir?: string): string[];
export function writeChatTemplate(paths?: SyncPaths): Promise<Map<string, string | Buffer>>;
/** Splits app.ts: `appOptions` (or the object given to `createApp`) goes to app-options.ts. */
export function splitAppModule(text: string): { readonly app: string; readonly options: string };
