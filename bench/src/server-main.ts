import { startBaseline } from './servers/baseline-server.js';
import { startHalyard } from './servers/halyard-server.js';
import { observedServers } from './servers/observed-servers.js';

// Runs one benchmark server in its own process: `node server-main.js <kind> <port>`.
const [kind, portText] = process.argv.slice(2);
const port = Number(portText);
const start =
  kind === 'halyard'
    ? (at: number) => startHalyard(at)
    : kind === 'baseline'
      ? startBaseline
      : kind !== undefined && kind in observedServers
        ? observedServers[kind as keyof typeof observedServers]
        : undefined;
if (!start || !Number.isInteger(port)) {
  console.error(`usage: server-main.js <halyard|baseline|${Object.keys(observedServers).join('|')}> <port>`);
  process.exit(2);
}
const stop = await start(port);
process.once('SIGTERM', () => {
  stop().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
});
process.stdout.write('ready\n');
