import { resolve } from 'node:path';
import type { CommandSpec } from '../args.js';
import type { Command } from '../command.js';
import { diffAsyncApi } from '../docs/asyncapi-diff.js';
import { loadDocument } from '../docs/document-file.js';
import { diffOpenApi } from '../docs/openapi-diff.js';
import type { Change } from '../docs/schema-diff.js';
import { CliError } from '../errors.js';
import { askForMissing } from '../prompt.js';

const spec: CommandSpec = {
  name: 'docs diff',
  summary:
    'List the breaking changes between two AsyncAPI (or two OpenAPI) documents; exit 1 if there is one.',
  description: [
    'JSON or YAML, told from the content. Breaking: a removed channel, operation, message, path or',
    'method; a removed or newly required field in what clients send (requests, client → server',
    'messages, query and path parameters); a removed field, or one that became optional, in what',
    'the server sends (replies, pushes, responses); a narrowed type or enum in requests (new enum',
    'values or a changed type in responses). Additions are listed as non-breaking.',
    '',
    'Exit codes: 0 no breaking change, 1 breaking changes, 2 a document could not be read.',
  ].join('\n'),
  positionals: [
    { name: 'old', description: 'the published document', required: true },
    { name: 'new', description: 'the candidate document', required: true },
  ],
  options: {},
  examples: [
    'halyard docs diff published/asyncapi.json api-docs/asyncapi.json',
    'halyard docs diff main-openapi.yaml api-docs/openapi.json',
  ],
};

export const docsDiffCommand: Command = {
  spec,
  async run({ io, out }, args) {
    const oldPath =
      args.positionals[0] ?? (await askForMissing(io, spec, { name: 'old', question: 'Old document' }));
    const newPath =
      args.positionals[1] ?? (await askForMissing(io, spec, { name: 'new', question: 'New document' }));
    const before = await loadDocument(resolve(io.cwd, oldPath));
    const after = await loadDocument(resolve(io.cwd, newPath));
    if (before.kind !== after.kind)
      throw new CliError('HALYARD_ERR_CLI_DOCUMENT_KIND', {
        detail: `${oldPath} is ${before.kind} but ${newPath} is ${after.kind}; compare two documents of the same kind`,
      });
    const name = before.kind === 'asyncapi' ? 'AsyncAPI' : 'OpenAPI';
    const changes =
      before.kind === 'asyncapi'
        ? diffAsyncApi(before.document, after.document)
        : diffOpenApi(before.document, after.document);
    const breaking = changes.filter((change) => change.breaking);
    const other = changes.filter((change) => !change.breaking);
    const print = (change: Change, mark: string): void =>
      out.line(`  ${mark} ${change.where}: ${change.detail}`);

    out.line(`${name} ${before.version} ${oldPath} → ${after.version} ${newPath}`);
    if (breaking.length) {
      out.line();
      out.line(out.style.red(out.style.bold(`Breaking changes (${breaking.length}):`)));
      for (const change of breaking) print(change, out.style.red('✖'));
    }
    if (other.length) {
      out.line();
      out.line(out.style.bold(`Non-breaking changes (${other.length}):`));
      for (const change of other)
        print(change, / added$/.test(change.detail) ? out.style.green('+') : out.style.yellow('~'));
    }
    out.line();
    if (changes.length === 0) out.done('No changes');
    else
      out.line(
        breaking.length
          ? out.style.red(`${breaking.length} breaking, ${other.length} non-breaking`)
          : `${out.style.green('✔')} 0 breaking, ${other.length} non-breaking`,
      );
    return breaking.length ? 1 : 0;
  },
};
