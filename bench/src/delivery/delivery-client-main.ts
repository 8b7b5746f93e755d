import { runDelivery, type DeliveryPlan } from './delivery-client.js';

// `node delivery-client-main.js '<DeliveryPlan as JSON>'`: prints the DeliveryResult as one JSON line.
const plan = JSON.parse(String(process.argv[2])) as DeliveryPlan;
process.stdout.write(`${JSON.stringify(await runDelivery(plan))}\n`);
