#!/usr/bin/env node
// `npm create halyard@latest my-app` and `pnpm create halyard my-app` run this: `halyard new my-app`
// (with its own --help and --version).
import { runCreate } from '@halyard/cli';

const code = await runCreate(process.argv.slice(2));
process.exitCode = code;
