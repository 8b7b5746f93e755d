import { relative } from 'node:path';
import type { CommandSpec, ParsedArgs } from '../args.js';
import { findApp } from '../app-project.js';
import type { Command } from '../command.js';
import { clientFile, writeClient } from '../client/client-file.js';
import { optionsSource } from '../docs/app-documents.js';
import { buildApp } from './build-command.js';

const spec: CommandSpec = {
  name: 'client',
  summary: 'Generate the typed client module (socket schemas, REST functions) from the app definition.',
  description: [
    'Compiles the app and reads its documents the way `halyard docs` does (no server starts), then',
    'writes one TypeScript module: per socket a `<Socket>Schema` for connect<…>() of @halyard/client',
    '(message names, the data each accepts, its reply as received, the push events), its path and',
    'query parameter types and a URL builder; createRestClient() with a typed function per REST',
    'route (params, query, body, response, RestProblemError with the problem+json body); and the',
    'DTO types. It imports only @halyard/client/rest (fetch calls, URL filling), so a browser',
    'bundle pulls no server code.',
    '',
    'The default file is web/src/api-client.ts when the app has a web/src folder, else',
    'src/api-client.ts. --check writes nothing and fails with HALYARD_ERR_CLI_CLIENT_STALE when',
    'the file differs from what would be generated (run it in CI).',
  ].join('\n'),
  positionals: [],
  options: {
    out: {
      type: 'string',
      short: 'o',
      value: 'file',
      description: 'the module to write (default web/src/api-client.ts, else src/api-client.ts)',
    },
    entry: {
      type: 'string',
      value: 'file',
      description: 'the source file exporting appOptions (default src/app-options.ts, else src/app.ts)',
    },
    check: {
      type: 'boolean',
      description: 'write nothing; exit 1 when the file is missing or stale',
    },
  },
  examples: ['halyard client', 'halyard client --check', 'halyard client --out src/shared/api.ts'],
};

export const clientCommand: Command = {
  spec,
  async run({ io, out }, args: ParsedArgs) {
    const app = findApp(io.cwd);
    const file = clientFile(app, io.cwd, args.options['out'] as string | undefined);
    const entry = args.options['entry'] as string | undefined;
    optionsSource(app.root, io.cwd, entry); // a wrong --entry fails before the compile
    out.step(1, 2, 'Compiling with tsc -p tsconfig.json');
    await buildApp(io, app);
    out.step(
      2,
      2,
      `${args.options['check'] === true ? 'Checking' : 'Generating'} ${relative(io.cwd, file) || file}`,
    );
    await writeClient({ io, out, app }, { entry, file, check: args.options['check'] === true });
    return 0;
  },
};
