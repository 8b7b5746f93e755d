import { serveUntilTerminated } from '../process-helpers.js';
import { startDelivery } from './delivery-server.js';

// `node delivery-main.js <maxCount> [redisPrefix]`: listens on a free port and prints `ready <port>`.
const [maxCount, redisPrefix] = process.argv.slice(2);
const server = await startDelivery({ redisPrefix, maxCount: Number(maxCount) });
serveUntilTerminated(server);
