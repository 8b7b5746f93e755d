#!/usr/bin/env node
// `npm create halyard@latest my-app` and `pnpm create halyard my-app` run this: `halyard new my-app`.
import { run } from '@halyard/cli';

const code = await run(['new', ...process.argv.slice(2)]);
process.exitCode = code;
