import { mkdir, readdir, stat, writeFile } from 'node:fs/promises';
import { basename, join, relative, resolve } from 'node:path';
import type { CommandSpec } from '../args.js';
import { runChild } from '../child-process.js';
import type { Command } from '../command.js';
import { CliError } from '../errors.js';
import { askForMissing } from '../prompt.js';
import { readTemplateManifest, writeAppManifest } from '../scaffold/app-manifest.js';
import { packageNameFor, packageNameProblems } from '../scaffold/package-name.js';
import {
  detectPackageManager,
  enclosingPnpmWorkspace,
  installCommand,
  packageManagers,
  runScript,
  standalonePnpmWorkspace,
  type PackageManager,
} from '../scaffold/package-manager.js';
import { copyTemplate, templateNames, type TemplateName } from '../scaffold/template-files.js';
import { packWorkspace, readWorkspace, workspaceClosure } from '../scaffold/workspace-packs.js';
import { cliVersion } from '../version.js';

const spec: CommandSpec = {
  name: 'new',
  summary: 'Create a Halyard app from a template, install its dependencies, and print how to run it.',
  description: [
    'The folder must be empty or missing (pass --force to write into a non-empty one). Its name is',
    'the package name unless --name is given; it must be a valid npm package name.',
    '',
    'Inside a Halyard repository checkout, --workspace <repo> (or HALYARD_WORKSPACE=<repo>) makes the',
    "app use that checkout's packages: each is packed with npm (workspace: ranges resolved) and the",
    'app depends on the tarballs. Build the repository first. HALYARD_PACK_CACHE=<dir> reuses',
    'tarballs already packed there (tests share one per run).',
  ].join('\n'),
  positionals: [
    { name: 'dir', description: 'the folder to create (`.` for the current one)', required: true },
  ],
  options: {
    template: {
      type: 'string',
      short: 't',
      value: 'name',
      choices: templateNames,
      description: 'minimal: notes REST API + echo socket; chat: the full chat app (default minimal)',
    },
    'package-manager': {
      type: 'string',
      value: 'pm',
      choices: packageManagers,
      description: 'installs with, and prints commands for (default: the one that ran us, else npm)',
    },
    name: { type: 'string', value: 'package-name', description: 'package name (default: the folder name)' },
    install: { type: 'boolean', negatable: true, description: 'only write the files, do not install' },
    force: { type: 'boolean', short: 'f', description: 'write into a non-empty folder' },
    workspace: {
      type: 'string',
      value: 'repo',
      description: 'depend on the packages of this Halyard repository checkout (env HALYARD_WORKSPACE)',
    },
  },
  examples: [
    'halyard new my-app',
    'halyard new chat-app --template chat --package-manager pnpm',
    'halyard new my-app --no-install --workspace ../halyard',
  ],
};

async function isEmptyDir(dir: string): Promise<boolean> {
  let info;
  try {
    info = await stat(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return true; // missing: created below
    throw error;
  }
  if (!info.isDirectory()) throw new CliError('HALYARD_ERR_CLI_NOT_A_FOLDER', { path: dir });
  // A fresh `git init` is still an empty project.
  return (await readdir(dir)).every((entry) => entry === '.git');
}

function shellQuote(path: string): string {
  return /^[\w@%+=:,./-]+$/.test(path) ? path : `'${path.replace(/'/g, `'\\''`)}'`;
}

export const newCommand: Command = {
  spec,
  async run({ io, out }, args) {
    const dirArg =
      args.positionals[0] ??
      (await askForMissing(io, spec, { name: 'dir', question: 'Project folder', fallback: 'halyard-app' }));
    const target = resolve(io.cwd, dirArg);
    const givenName = args.options['name'] as string | undefined;
    const name = givenName ?? basename(target);
    const problems = packageNameProblems(name);
    if (problems.length > 0)
      throw new CliError('HALYARD_ERR_CLI_INVALID_NAME', {
        name,
        reasons: problems.join('; '),
        // The folder may keep its name: only the package name has npm's rules.
        hint: givenName === undefined ? `; keep the folder and pass --name ${packageNameFor(name)}` : '',
      });
    const template = (args.options['template'] as TemplateName | undefined) ?? 'minimal';
    const manager =
      (args.options['package-manager'] as PackageManager | undefined) ?? detectPackageManager(io.env);
    const install = args.options['install'] !== false;
    const workspacePath = (args.options['workspace'] as string | undefined) ?? io.env['HALYARD_WORKSPACE'];
    const total = 2 + (workspacePath ? 1 : 0) + (install ? 1 : 0);
    let done = 0;
    const step = (text: string): void => out.step(++done, total, text);

    out.line(`Creating ${out.style.bold(name)} from the ${out.style.cyan(template)} template`);
    step(`Checking ${target}`);
    if (!(await isEmptyDir(target))) {
      if (!args.options['force']) throw new CliError('HALYARD_ERR_CLI_DIR_NOT_EMPTY', { dir: target });
      out.warn(`${target} is not empty; --force: files the template also has are overwritten`);
    }
    await mkdir(target, { recursive: true });

    const manifest = await readTemplateManifest(template);
    const written = await copyTemplate({
      template,
      target,
      replacements: { name, pm: manager },
    });
    step(`Copied the ${template} template: ${written.length + 1} files`);
    const enclosing = manager === 'pnpm' ? enclosingPnpmWorkspace(target) : undefined;
    if (enclosing) {
      await writeFile(join(target, 'pnpm-workspace.yaml'), standalonePnpmWorkspace(enclosing));
      out.warn(
        `${target} is inside the pnpm workspace at ${enclosing}: wrote pnpm-workspace.yaml so that pnpm installs this app on its own`,
      );
    }

    let tarballs: Map<string, string> | undefined;
    if (workspacePath) {
      const workspace = await readWorkspace(resolve(io.cwd, workspacePath));
      const names = workspaceClosure(workspace, manifest);
      step(`Packing ${names.join(', ')} from ${workspace.root}`);
      tarballs = await packWorkspace({
        workspace,
        names,
        cacheDir: io.env['HALYARD_PACK_CACHE']
          ? resolve(io.cwd, io.env['HALYARD_PACK_CACHE'])
          : join(target, '.halyard', 'workspace-packs'),
        env: io.env,
      });
    }
    await writeAppManifest({ manifest, target, name, version: cliVersion, ...(tarballs && { tarballs }) });

    if (install) {
      const [command, installArgs] = installCommand(manager);
      const line = [command, ...installArgs].join(' ');
      step(`Installing dependencies: ${line}`);
      const result = await runChild(command, installArgs, { cwd: target, env: io.env, forward: io });
      if (result.code !== 0)
        throw new CliError('HALYARD_ERR_CLI_INSTALL_FAILED', {
          command: line,
          code: String(result.code ?? result.signal),
          dir: target,
        });
    }

    const where = relative(io.cwd, target);
    out.line();
    out.done(`Created ${name} in ${target}`);
    out.line();
    out.line('Next:');
    for (const next of [
      ...(where ? [`cd ${shellQuote(where)}`] : []),
      ...(install ? [] : [runScript(manager, 'install')]),
      `${runScript(manager, 'start')}    # http://127.0.0.1:3000, API docs at /docs`,
      `${runScript(manager, 'test')}`,
    ])
      out.line(`  ${out.style.cyan(next)}`);
    return 0;
  },
};
