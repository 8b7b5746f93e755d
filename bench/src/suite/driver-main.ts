import { LoadDriver } from './load-driver.js';
import { runRest, smokeRest } from './rest-load.js';

/**
 * The shared load client, in its own process (`node driver-main.js`, with an IPC channel): takes
 * one command at a time from the suite and answers `{ seq, result }` or `{ seq, error }`.
 */
interface Command {
  readonly seq: number;
  readonly cmd: 'connect' | 'smoke' | 'load' | 'broadcast' | 'trim' | 'smoke-rest' | 'rest' | 'close';
  readonly args: Record<string, unknown>;
}

const driver = new LoadDriver();

async function execute(command: Command): Promise<unknown> {
  const args = command.args as never;
  switch (command.cmd) {
    case 'connect':
      return driver.connect(args);
    case 'smoke':
      return driver.smoke();
    case 'load':
      return driver.load(args);
    case 'broadcast':
      return driver.broadcast(args);
    case 'trim':
      return driver.trim((command.args as { keep: number }).keep);
    case 'smoke-rest':
      return smokeRest((command.args as { port: number }).port);
    case 'rest':
      return runRest(args);
    case 'close':
      driver.close();
      return undefined;
  }
}

process.on('message', (command: Command) => {
  execute(command).then(
    (result) => {
      process.send?.({ seq: command.seq, result });
      // The suite's last word: with the connections and the channel gone, the process exits.
      if (command.cmd === 'close') process.disconnect();
    },
    (error: unknown) => process.send?.({ seq: command.seq, error: String((error as Error).stack ?? error) }),
  );
});
