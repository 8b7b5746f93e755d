import { builtinModules } from 'node:module';

const blocked = new Set(['node_modules', 'favicon.ico']);

/**
 * Why a name cannot be a new npm package (the rules of validate-npm-package-name for new
 * packages); empty when it can.
 *
 * @example `packageNameProblems('My App')` → `['no capital letters', 'only URL-safe characters']`
 */
export function packageNameProblems(name: string): string[] {
  const problems: string[] = [];
  if (name.length === 0) return ['it is empty'];
  if (name.length > 214) problems.push('at most 214 characters');
  if (name.trim() !== name) problems.push('no leading or trailing spaces');
  if (/^[._]/.test(name)) problems.push('cannot start with "." or "_"');
  if (blocked.has(name.toLowerCase())) problems.push(`"${name}" is reserved`);
  if (builtinModules.includes(name.toLowerCase())) problems.push(`"${name}" is a Node.js core module`);
  if (name.toLowerCase() !== name) problems.push('no capital letters');
  if (/[~'!()*]/.test(name)) problems.push("none of ~'!()*");
  const scoped = /^@([^/]+)\/([^/]+)$/.exec(name);
  const parts = scoped ? [scoped[1]!, scoped[2]!] : [name];
  if (name.startsWith('@') && !scoped) problems.push('a scoped name looks like @scope/name');
  else if (parts.some((part) => encodeURIComponent(part) !== part)) problems.push('only URL-safe characters');
  if (scoped && /^[._]/.test(scoped[2]!))
    problems.push('the name after the scope cannot start with "." or "_"');
  return problems;
}

/**
 * A valid package name close to a folder name, to suggest with `--name`.
 *
 * @example `packageNameFor('My App')` → `'my-app'`; `packageNameFor('http')` → `'http-app'`
 */
export function packageNameFor(folder: string): string {
  const base = folder
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[._-]+|[._-]+$/g, '');
  for (const candidate of [base, `${base}-app`])
    if (base && packageNameProblems(candidate).length === 0) return candidate;
  return 'my-app';
}
