import { mkdir, writeFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { stringify } from 'yaml';
import type { CommandSpec } from '../args.js';
import { findApp } from '../app-project.js';
import type { Command } from '../command.js';
import { isObject } from '../docs/schema-diff.js';
import { compiledOptionsFile, loadAppDocuments, optionsSource } from '../docs/app-documents.js';
import { writeStaticSite } from '../docs/static-site.js';
import { buildApp } from './build-command.js';

const formats = ['json', 'yaml', 'html'] as const;
type Format = (typeof formats)[number];

const spec: CommandSpec = {
  name: 'docs',
  summary: "Export the app's OpenAPI and AsyncAPI documents and a static docs site, without starting it.",
  description: [
    'Compiles the app with tsc (its tsconfig.json), imports the compiled module that exports',
    '`appOptions` (--entry, else src/app-options.ts, else src/app.ts), and calls',
    "generateDocs(appOptions) from the app's own @halyard/core. Writes <out>/openapi.json|yaml,",
    '<out>/asyncapi.json|yaml and <out>/html/: index.html, both documents and the Swagger UI and',
    'AsyncAPI viewer assets (copied from the installed @halyard/docs-ui), to serve from any static',
    'file server. The AsyncAPI servers are those of docs.asyncapiServers (none by default).',
    '',
    'See also: halyard docs diff <old> <new>.',
  ].join('\n'),
  positionals: [],
  options: {
    out: { type: 'string', short: 'o', value: 'dir', description: 'output folder (default api-docs)' },
    entry: {
      type: 'string',
      value: 'file',
      description: 'the source file exporting appOptions (default src/app-options.ts, else src/app.ts)',
    },
    format: {
      type: 'string',
      value: 'list',
      multiple: true,
      choices: formats,
      description: 'what to write, repeatable or comma-separated (default all three)',
    },
  },
  examples: [
    'halyard docs',
    'halyard docs --out public/api --format json,html',
    'halyard docs --entry src/server/options.ts',
    'halyard docs diff old.json new.json',
  ],
};

interface DocsText {
  readonly title?: string;
  readonly version?: string;
  readonly description?: string;
}

export const docsCommand: Command = {
  spec,
  async run({ io, out }, args) {
    const app = findApp(io.cwd);
    const outDir = resolve(io.cwd, (args.options['out'] as string | undefined) ?? 'api-docs');
    const selected = new Set((args.options['format'] as readonly Format[] | undefined) ?? formats);

    const source = optionsSource(app.root, io.cwd, args.options['entry'] as string | undefined);
    out.step(1, 3, 'Compiling with tsc -p tsconfig.json');
    await buildApp(io, app);

    const optionsFile = compiledOptionsFile(app, source);
    out.step(2, 3, `Generating the documents from ${relative(app.root, optionsFile)}`);
    const { appOptions, ...documents } = await loadAppDocuments(app, optionsFile);
    const openapiJson = `${JSON.stringify(documents.openapi, null, 2)}\n`;
    const asyncapiJson = `${JSON.stringify(documents.asyncapi, null, 2)}\n`;

    await mkdir(outDir, { recursive: true });
    const written: string[] = [];
    const write = async (name: string, text: string): Promise<void> => {
      await writeFile(join(outDir, name), text);
      written.push(name);
    };
    if (selected.has('json')) {
      await write('openapi.json', openapiJson);
      await write('asyncapi.json', asyncapiJson);
    }
    if (selected.has('yaml')) {
      await write('openapi.yaml', stringify(documents.openapi));
      await write('asyncapi.yaml', stringify(documents.asyncapi));
    }
    if (selected.has('html')) {
      const docs = (isObject(appOptions['docs']) ? appOptions['docs'] : {}) as DocsText;
      const asyncapi = documents.asyncapi as { channels?: object };
      const files = await writeStaticSite({
        app,
        dir: join(outDir, 'html'),
        info: {
          title: docs.title ?? 'Halyard API',
          version: docs.version ?? '1.0.0',
          ...(docs.description !== undefined && { description: docs.description }),
          hasSockets: Object.keys(asyncapi.channels ?? {}).length > 0,
        },
        openapiJson,
        asyncapiJson,
      });
      written.push(...files.map((file) => `html/${file}`));
    }
    out.step(3, 3, `Wrote ${written.length} files to ${relative(io.cwd, outDir) || '.'}`);
    for (const file of written) out.line(`  ${file}`);
    if (selected.has('html'))
      out.line(
        `\nServe ${join(relative(io.cwd, outDir) || '.', 'html')} with any static file server, e.g. npx serve.`,
      );
    return 0;
  },
};
