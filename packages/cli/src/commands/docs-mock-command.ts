import { resolve } from 'node:path';
import type { CommandSpec } from '../args.js';
import type { Command } from '../command.js';
import { loadDocument } from '../docs/document-file.js';
import { CliError } from '../errors.js';
import { mockChannels } from '../mock/mock-contract.js';
import { startMockServer } from '../mock/mock-server.js';

const spec: CommandSpec = {
  name: 'docs mock',
  summary:
    "Serve an AsyncAPI 3 document's WebSocket channels with its examples, to build a front end against.",
  description: [
    "Listens for WebSocket connections on each channel's address ({param} segments match anything;",
    'other paths are refused with 404). Every JSON frame is validated against the message of its',
    '`type` and answered with the first example of the documented reply (with the request `id`), or',
    'with an error frame: HALYARD_ERR_WS_MALFORMED_JSON, HALYARD_ERR_WS_UNKNOWN_TYPE (details.known),',
    'HALYARD_ERR_VALIDATION (details: [{ in, path, constraint, message }]). A reply without examples',
    'is built from its schema. Works with any AsyncAPI 3 document; runs until Ctrl-C.',
  ].join('\n'),
  positionals: [{ name: 'asyncapi', description: 'the AsyncAPI 3 document (JSON or YAML)', required: true }],
  options: {
    port: {
      type: 'string',
      short: 'p',
      value: 'port',
      description: 'port to listen on (default 4010; 0 picks one)',
    },
    host: { type: 'string', value: 'host', description: 'address to listen on (default 127.0.0.1)' },
  },
  examples: ['halyard docs mock api-docs/asyncapi.json', 'halyard docs mock asyncapi.yaml --port 0'],
};

export const docsMockCommand: Command = {
  spec,
  async run({ io, out }, args) {
    const file = resolve(io.cwd, args.positionals[0] as string);
    const portText = (args.options['port'] as string | undefined) ?? '4010';
    const port = Number(portText);
    if (!/^\d+$/.test(portText) || port > 65535)
      throw new CliError('HALYARD_ERR_CLI_INVALID_OPTION', {
        command: 'docs mock',
        option: '--port',
        expected: 'a port number from 0 to 65535',
        value: portText,
      });
    const loaded = await loadDocument(file);
    if (loaded.kind !== 'asyncapi' || !loaded.version.startsWith('3.'))
      throw new CliError('HALYARD_ERR_CLI_DOCUMENT_KIND', {
        detail: `${args.positionals[0]} is ${loaded.kind} ${loaded.version}; docs mock serves AsyncAPI 3 documents`,
      });
    const channels = mockChannels(loaded.document);
    const host = (args.options['host'] as string | undefined) ?? '127.0.0.1';
    let server: Awaited<ReturnType<typeof startMockServer>>;
    try {
      server = await startMockServer(channels, { host, port, log: (line) => out.line(line) });
    } catch (error) {
      throw new CliError(
        'HALYARD_ERR_CLI_MOCK_LISTEN_FAILED',
        { address: `${host}:${port}`, cause: (error as NodeJS.ErrnoException).code ?? String(error) },
        { cause: error },
      );
    }
    for (const channel of channels)
      out.line(
        `  ${channel.address}  ${[...channel.messages.keys()].sort().join(', ') || '(receives nothing)'}`,
      );
    out.line(`Mock listening at ${server.url}`);
    await new Promise<void>((done) => {
      const stop = (): void => {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        done();
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    await server.close();
    return 0;
  },
};
