import { runFanout } from './fanout-client.js';

// `node fanout-client-main.js <url,url,...> <clients> <broadcasts> <perSecond>`: prints one JSON line.
const [urls, clients, broadcasts, perSecond] = process.argv.slice(2);
const result = await runFanout(
  String(urls).split(','),
  Number(clients),
  Number(broadcasts),
  Number(perSecond),
);
process.stdout.write(`${JSON.stringify(result)}\n`);
