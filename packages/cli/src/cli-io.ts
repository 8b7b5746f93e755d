import { styleFor, type Style } from './style.js';

/** Where a command reads and writes: the process by default, buffers in tests. */
export interface CliIo {
  readonly stdout: NodeJS.WritableStream & { readonly isTTY?: boolean };
  readonly stderr: NodeJS.WritableStream & { readonly isTTY?: boolean };
  readonly stdin: NodeJS.ReadableStream & { readonly isTTY?: boolean };
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
}

/** The process's streams, environment and working directory. @example `await run(argv, processIo())` */
export function processIo(): CliIo {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    env: process.env,
    cwd: process.cwd(),
  };
}

/** Prints for one command: plain lines, numbered steps, warnings, all coloured only on a TTY. */
export class Output {
  readonly style: Style;
  readonly #io: CliIo;

  constructor(io: CliIo) {
    this.#io = io;
    this.style = styleFor(io.stdout, io.env);
  }

  line(text = ''): void {
    this.#io.stdout.write(`${text}\n`);
  }

  /** `[2/5] Copying the template` */
  step(index: number, total: number, text: string): void {
    this.line(`${this.style.dim(`[${index}/${total}]`)} ${text}`);
  }

  done(text: string): void {
    this.line(`${this.style.green('✔')} ${text}`);
  }

  warn(text: string): void {
    this.#io.stderr.write(`${styleFor(this.#io.stderr, this.#io.env).yellow('warning')} ${text}\n`);
  }

  error(code: string, text: string): void {
    this.#io.stderr.write(`${styleFor(this.#io.stderr, this.#io.env).red(`error ${code}`)}: ${text}\n`);
  }
}
