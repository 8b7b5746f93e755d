import { runFanout, type FanoutPlan } from './fanout-client.js';

// `node fanout-client-main.js '<FanoutPlan as JSON>'`: prints the FanoutResult as one JSON line.
const plan = JSON.parse(String(process.argv[2])) as FanoutPlan;
process.stdout.write(`${JSON.stringify(await runFanout(plan))}\n`);
