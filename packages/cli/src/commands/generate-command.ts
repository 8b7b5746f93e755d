import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import type { CommandSpec, ParsedArgs } from '../args.js';
import { findApp } from '../app-project.js';
import { clientFile } from '../client/client-file.js';
import type { Command, CommandContext } from '../command.js';
import { CliError } from '../errors.js';
import { findRegistrationFile, registerControllers } from '../generate/app-registration.js';
import {
  controllerClasses,
  controllerDtoSource,
  controllerSource,
  controllerTestSource,
} from '../generate/controller-sources.js';
import { dtoSource, dtoTestSource } from '../generate/dto-sources.js';
import { checkNamesFree } from '../generate/name-check.js';
import { namesOf } from '../generate/naming.js';
import { askForMissing } from '../prompt.js';
import { lockfileManager, runScript } from '../scaffold/package-manager.js';

/**
 * Where an app may record its API documents for its tests, and how each is rewritten: a new
 * controller changes the documents, so `generate controller` names the way to update them.
 */
const recordedDocuments = [
  { dir: 'tap-snapshots', what: 'tap snapshots', update: 'TAP_SNAPSHOT=1' },
  { dir: join('test', 'golden'), what: 'golden documents in test/golden', update: 'HALYARD_UPDATE_GOLDEN=1' },
] as const;

const controllerSpec: CommandSpec = {
  name: 'generate controller',
  aliases: ['g c'],
  summary: 'Add a REST and/or WebSocket controller with its DTOs and a passing test, and register it.',
  description: [
    'Writes src/<name>/<name>.controller.ts, src/<name>/<name>.dto.ts and test/<name>.test.ts, and adds',
    'the classes to the controllers array marked /* halyard:controllers */ in src/app-options.ts',
    '(or src/app.ts), importing them above the // halyard:imports line. Existing files are never',
    'overwritten, and a class name already in that file or an address a controller in src/ already',
    'serves is refused (HALYARD_ERR_CLI_NAME_TAKEN). Without --rest or --ws: --rest.',
    '',
    '--rest: GET /api/<name>, GET /api/<name>/:id, POST /api/<name> (an in-memory list).',
    '--ws: a WebSocket at /ws/<name> answering `ping`. Both: POST also pushes `<name>.created` to it.',
  ].join('\n'),
  positionals: [{ name: 'name', description: 'e.g. orders, order-items, orderItems', required: true }],
  options: {
    rest: { type: 'boolean', description: 'a REST controller with list, get and create' },
    ws: { type: 'boolean', description: 'a WebSocket controller' },
  },
  examples: [
    'halyard generate controller orders',
    'halyard g c orders --rest --ws',
    'halyard g c live-scores --ws',
  ],
};

const dtoSpec: CommandSpec = {
  name: 'generate dto',
  aliases: ['g d'],
  summary: 'Add a class-validator DTO and a passing test.',
  description:
    'Writes src/<name>/<name>.dto.ts and test/<name>.dto.test.ts; existing files are never overwritten.',
  positionals: [{ name: 'name', description: 'e.g. address, shipping-address', required: true }],
  options: {},
  examples: ['halyard generate dto address', 'halyard g d shipping-address'],
};

interface PlannedFile {
  readonly path: string;
  readonly text: string;
}

async function writeAll(root: string, files: readonly PlannedFile[]): Promise<void> {
  const existing = files.filter((file) => existsSync(join(root, file.path))).map((file) => file.path);
  if (existing.length > 0) throw new CliError('HALYARD_ERR_CLI_FILE_EXISTS', { files: existing.join(', ') });
  for (const file of files) {
    await mkdir(dirname(join(root, file.path)), { recursive: true });
    await writeFile(join(root, file.path), file.text, { flag: 'wx' });
  }
}

async function nameArgument({ io }: CommandContext, spec: CommandSpec, args: ParsedArgs): Promise<string> {
  return args.positionals[0] ?? askForMissing(io, spec, { name: 'name', question: 'Name' });
}

export const generateControllerCommand: Command = {
  spec: controllerSpec,
  async run(context, args) {
    const { io, out } = context;
    const names = namesOf(await nameArgument(context, controllerSpec, args));
    const rest = args.options['rest'] === true;
    const ws = args.options['ws'] === true;
    const kinds = { rest: rest || !ws, ws };
    const app = findApp(io.cwd);
    const registration = await findRegistrationFile(app.root);
    const controllerPath = `src/${names.kebab}/${names.kebab}.controller.ts`;
    const classes = controllerClasses(names, kinds);
    const files: PlannedFile[] = [
      { path: controllerPath, text: controllerSource(names, kinds) },
      { path: `src/${names.kebab}/${names.kebab}.dto.ts`, text: controllerDtoSource(names, kinds) },
      { path: `test/${names.kebab}.test.ts`, text: controllerTestSource(names, kinds) },
    ];
    await checkNamesFree({
      root: app.root,
      registration,
      classes,
      addresses: [
        ...(kinds.rest ? [`/api/${names.kebab}`] : []),
        ...(kinds.ws ? [`/ws/${names.kebab}`] : []),
      ],
    });
    const updated = registerControllers(registration, classes, join(app.root, controllerPath));
    await writeAll(app.root, files);
    await writeFile(registration.path, updated);
    for (const file of files) out.line(`${out.style.green('created')} ${file.path}`);
    out.line(
      `${out.style.yellow('updated')} ${relative(app.root, registration.path)} (${classes.join(', ')})`,
    );
    const test = runScript(lockfileManager(app.root), 'test');
    out.line();
    out.line(`Next: ${out.style.cyan(test)} runs the new test with the others.`);
    for (const recorded of recordedDocuments)
      if (existsSync(join(app.root, recorded.dir)))
        out.line(
          `The app keeps ${recorded.what}: if one records the API documents, review the change and update it with ${out.style.cyan(`${recorded.update} ${test}`)}.`,
        );
    // The generated client module describes the API, which the new controller just changed.
    const client = clientFile(app, app.root, undefined);
    if (existsSync(client))
      out.line(
        `The app has a generated client (${relative(app.root, client)}): regenerate it with ${out.style.cyan(runScript(lockfileManager(app.root), 'client'))}.`,
      );
    return 0;
  },
};

export const generateDtoCommand: Command = {
  spec: dtoSpec,
  async run(context, args) {
    const { io, out } = context;
    const names = namesOf(await nameArgument(context, dtoSpec, args));
    const app = findApp(io.cwd);
    const files: PlannedFile[] = [
      { path: `src/${names.kebab}/${names.kebab}.dto.ts`, text: dtoSource(names) },
      { path: `test/${names.kebab}.dto.test.ts`, text: dtoTestSource(names) },
    ];
    await writeAll(app.root, files);
    for (const file of files) out.line(`${out.style.green('created')} ${file.path}`);
    out.line();
    out.line(`Use it as a parameter type: ${out.style.cyan(`@Body() body: ${names.pascal}Dto`)}`);
    return 0;
  },
};
