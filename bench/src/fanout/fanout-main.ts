import { startFanout } from './fanout-server.js';

const [portText, prefix] = process.argv.slice(2);
const stop = await startFanout(Number(portText), prefix);
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
