import { startBaseline } from './servers/baseline-server.js';
import { startHalyard } from './servers/halyard-server.js';

// Runs one benchmark server in its own process: `node server-main.js <halyard|baseline> <port>`.
const [kind, portText] = process.argv.slice(2);
const port = Number(portText);
const start = kind === 'halyard' ? startHalyard : kind === 'baseline' ? startBaseline : undefined;
if (!start || !Number.isInteger(port)) {
  console.error('usage: server-main.js <halyard|baseline> <port>');
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
