#!/usr/bin/env node
import { run } from '../cli.js';

const code = await run(process.argv.slice(2));
process.exitCode = code;
// `halyard docs` imports the app's own modules, which may hold handles open (a Redis client, a
// timer); the command is done, so do not wait for them.
setTimeout(() => process.exit(code), 200).unref();
