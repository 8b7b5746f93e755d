import { startFanout } from './fanout-server.js';

// `node fanout-main.js [redisPrefix]`: listens on a free port and prints `ready <port>`.
const [prefix] = process.argv.slice(2);
const server = await startFanout(prefix);
process.once('SIGTERM', () => {
  server.stop().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
});
process.stdout.write(`ready ${server.port}\n`);
