import { serveUntilTerminated } from '../process-helpers.js';
import { startFanout } from './fanout-server.js';

// `node fanout-main.js [redisPrefix]`: listens on a free port and prints `ready <port>`.
const [prefix] = process.argv.slice(2);
const server = await startFanout(prefix);
serveUntilTerminated(server);
