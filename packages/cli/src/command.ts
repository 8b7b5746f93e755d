import type { CommandSpec, ParsedArgs } from './args.js';
import type { CliIo, Output } from './cli-io.js';

export interface CommandContext {
  readonly io: CliIo;
  readonly out: Output;
}

/** A command: its spec (parser and help) and what it does; resolves with the exit code. */
export interface Command {
  readonly spec: CommandSpec;
  run(context: CommandContext, args: ParsedArgs): Promise<number>;
}
