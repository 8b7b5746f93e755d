import { readFileSync } from 'node:fs';

/** This package's version; generated apps depend on the same version of every `@halyard/*` package. */
export const cliVersion: string = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
).version;
