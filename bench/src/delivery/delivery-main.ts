import { startDelivery } from './delivery-server.js';

// `node delivery-main.js <maxCount> [redisPrefix]`: listens on a free port and prints `ready <port>`.
const [maxCount, redisPrefix] = process.argv.slice(2);
const server = await startDelivery({ redisPrefix, maxCount: Number(maxCount) });
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
