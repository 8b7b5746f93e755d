/** ANSI styling, or plain text when the stream is not a terminal or NO_COLOR is set. */
export interface Style {
  readonly enabled: boolean;
  bold(text: string): string;
  dim(text: string): string;
  red(text: string): string;
  green(text: string): string;
  yellow(text: string): string;
  cyan(text: string): string;
}

const wrap =
  (open: number, close: number) =>
  (text: string): string =>
    `\u001b[${open}m${text}\u001b[${close}m`;
const identity = (text: string): string => text;

/** https://no-color.org: any non-empty NO_COLOR turns colour off. */
export function styleFor(stream: { readonly isTTY?: boolean }, env: NodeJS.ProcessEnv): Style {
  const enabled = stream.isTTY === true && !env['NO_COLOR'];
  return {
    enabled,
    bold: enabled ? wrap(1, 22) : identity,
    dim: enabled ? wrap(2, 22) : identity,
    red: enabled ? wrap(31, 39) : identity,
    green: enabled ? wrap(32, 39) : identity,
    yellow: enabled ? wrap(33, 39) : identity,
    cyan: enabled ? wrap(36, 39) : identity,
  };
}
