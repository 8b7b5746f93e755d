/** Where the build reads and writes. */
export interface TemplatePaths {
  readonly repoRoot: string;
  readonly appDir: string;
  readonly templateDir: string;
}

export const defaultPaths: TemplatePaths;
/** Files of templates/chat written by hand (and committed): the build neither writes nor deletes them. */
export const handWritten: readonly string[];
/** The built part of templates/chat: path → content, in the template's layout. */
export function renderChatTemplate(paths?: TemplatePaths): Promise<Map<string, string | Buffer>>;
/** Writes the built part of templates/chat, replacing whatever an earlier build left there. */
export function writeChatTemplate(paths?: TemplatePaths): Promise<Map<string, string | Buffer>>;
