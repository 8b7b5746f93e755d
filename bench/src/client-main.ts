import { runLoad } from './load-client.js';

// The load client runs in its own process: `node client-main.js <url> <connections> <window> <durationMs>`.
const [url, connections, window, durationMs] = process.argv.slice(2);
const result = await runLoad({
  url: String(url),
  connections: Number(connections),
  window: Number(window),
  warmupMs: 1000,
  durationMs: Number(durationMs),
});
process.stdout.write(`${JSON.stringify(result)}\n`);
