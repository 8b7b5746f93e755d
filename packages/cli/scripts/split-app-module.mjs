// Splits an app's src/app.ts for the CLI templates: the options given to `createApp` (an
// `appOptions` declaration, or the object literal passed to `createApp`) move to src/app-options.ts,
// which `halyard docs` imports without starting the app, with the markers `halyard generate`
// edits. Used by sync-chat-template.mjs.
import ts from 'typescript';

function fail(message) {
  throw new Error(`sync-chat-template: ${message}`);
}

/** Identifiers the nodes use as values or types (not property names), outside the `skip`ped nodes. */
function usedIdentifiers(nodes, skip = new Set()) {
  const used = new Set();
  const visit = (node) => {
    if (skip.has(node)) return;
    if (ts.isIdentifier(node)) {
      const parent = node.parent;
      const isName =
        (ts.isPropertyAssignment(parent) && parent.name === node) ||
        (ts.isPropertyAccessExpression(parent) && parent.name === node) ||
        (ts.isQualifiedName(parent) && parent.right === node) ||
        ((ts.isPropertySignature(parent) ||
          ts.isPropertyDeclaration(parent) ||
          ts.isMethodDeclaration(parent) ||
          ts.isMethodSignature(parent)) &&
          parent.name === node);
      if (!isName) used.add(node.text);
    }
    ts.forEachChild(node, visit);
  };
  for (const node of nodes) visit(node);
  return used;
}

/** Names declared in the file other than by imports (functions, classes, variables, parameters). */
function localNames(sourceFile) {
  const names = new Set();
  const visit = (node) => {
    if (ts.isImportDeclaration(node)) return;
    if (
      (ts.isFunctionDeclaration(node) ||
        ts.isClassDeclaration(node) ||
        ts.isVariableDeclaration(node) ||
        ts.isParameter(node)) &&
      node.name &&
      ts.isIdentifier(node.name)
    )
      names.add(node.name.text);
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return names;
}

function importBindings(declaration) {
  const clause = declaration.importClause;
  if (!clause) return [];
  const bindings = [];
  if (clause.name) bindings.push({ kind: 'default', local: clause.name.text, typeOnly: clause.isTypeOnly });
  const named = clause.namedBindings;
  if (named && ts.isNamespaceImport(named))
    bindings.push({ kind: 'namespace', local: named.name.text, typeOnly: clause.isTypeOnly });
  if (named && ts.isNamedImports(named))
    for (const element of named.elements)
      bindings.push({
        kind: 'named',
        local: element.name.text,
        imported: element.propertyName?.text,
        typeOnly: clause.isTypeOnly || element.isTypeOnly,
      });
  return bindings;
}

function renderImport(bindings, specifier) {
  const allTypes = bindings.every((binding) => binding.typeOnly);
  const prefix = allTypes ? 'import type ' : 'import ';
  const parts = [];
  const fallback = bindings.find((binding) => binding.kind === 'default');
  if (fallback) parts.push(fallback.local);
  const namespace = bindings.find((binding) => binding.kind === 'namespace');
  if (namespace) parts.push(`* as ${namespace.local}`);
  const named = bindings.filter((binding) => binding.kind === 'named');
  if (named.length)
    parts.push(
      `{ ${named
        .map(
          (binding) =>
            `${binding.typeOnly && !allTypes ? 'type ' : ''}${binding.imported ? `${binding.imported} as ` : ''}${binding.local}`,
        )
        .join(', ')} }`,
    );
  return `${prefix}${parts.join(', ')} from ${specifier};`;
}

/** Marks the `controllers: [...]` array of an appOptions source for `halyard generate`. */
export function addControllersMarker(optionsText) {
  if (optionsText.includes('/* halyard:controllers */')) return optionsText;
  const file = ts.createSourceFile('options.ts', optionsText, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  let array;
  const visit = (node) => {
    if (
      !array &&
      ts.isPropertyAssignment(node) &&
      ts.isIdentifier(node.name) &&
      node.name.text === 'controllers' &&
      ts.isArrayLiteralExpression(node.initializer)
    )
      array = node.initializer;
    ts.forEachChild(node, visit);
  };
  visit(file);
  if (!array) fail('appOptions has no `controllers: [...]` array literal for `halyard generate` to extend');
  const at = array.getStart(file) + 1;
  return `${optionsText.slice(0, at)}/* halyard:controllers */ ${optionsText.slice(at).replace(/^\s*/, '')}`;
}

/** Splits app.ts: `appOptions` (or the object literal given to `createApp`) goes to app-options.ts. */
export function splitAppModule(text) {
  const sourceFile = ts.createSourceFile('app.ts', text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const statements = [...sourceFile.statements];
  const imports = statements.filter(ts.isImportDeclaration);
  const optionsStatement = statements.find(
    (statement) =>
      ts.isVariableStatement(statement) &&
      statement.declarationList.declarations.some(
        (declaration) => ts.isIdentifier(declaration.name) && declaration.name.text === 'appOptions',
      ),
  );

  let moved; // nodes that move to app-options.ts
  let optionsText;
  let edit; // [start, end, replacement] in app.ts
  let exported = false;
  if (optionsStatement) {
    moved = [optionsStatement];
    exported = (optionsStatement.modifiers ?? []).some(
      (modifier) => modifier.kind === ts.SyntaxKind.ExportKeyword,
    );
    const start = optionsStatement.getFullStart();
    optionsText = text.slice(start, optionsStatement.getEnd()).trim();
    if (!exported)
      optionsText = optionsText.replace(/(^|\n)(const|let|var)\s+appOptions\b/, '$1export $2 appOptions');
    edit = [start, optionsStatement.getEnd(), ''];
  } else {
    let literal;
    const visit = (node) => {
      if (
        !literal &&
        ts.isCallExpression(node) &&
        ts.isIdentifier(node.expression) &&
        node.expression.text === 'createApp' &&
        node.arguments[0] &&
        ts.isObjectLiteralExpression(node.arguments[0])
      )
        literal = node.arguments[0];
      ts.forEachChild(node, visit);
    };
    visit(sourceFile);
    if (!literal) fail('apps/chat/src/app.ts has neither `appOptions` nor a `createApp({ ... })` call');
    const properties = literal.properties.filter((property) => !ts.isSpreadAssignment(property));
    const spreads = literal.properties.filter((property) => ts.isSpreadAssignment(property));
    moved = properties;
    optionsText = [
      '/**',
      ' * What the app is made of. `app.ts` creates the app from it; `halyard docs` builds the OpenAPI and',
      ' * AsyncAPI documents from it without starting a server.',
      ' */',
      'export const appOptions = {',
      ...properties.map((property) => `  ${property.getText(sourceFile)},`),
      '} satisfies CreateAppOptions;',
    ].join('\n');
    edit = [
      literal.getStart(sourceFile),
      literal.getEnd(),
      `{ ...appOptions${spreads.map((spread) => `, ${spread.getText(sourceFile)}`).join('')} }`,
    ];
  }

  const movedUses = usedIdentifiers(moved);
  if (!optionsStatement) movedUses.add('CreateAppOptions');
  const locals = localNames(sourceFile);
  locals.delete('appOptions');
  for (const name of movedUses)
    if (
      locals.has(name) &&
      !imports.some((declaration) => importBindings(declaration).some((b) => b.local === name))
    )
      fail(
        `appOptions uses ${name}, declared in app.ts; declare it in its own module so app-options.ts can import it`,
      );

  // In the createApp case the moved properties sit inside a remaining function: skip them there.
  const restNodes = statements.filter(
    (statement) => !ts.isImportDeclaration(statement) && !moved.includes(statement),
  );
  const restUses = usedIdentifiers(restNodes, new Set(moved));

  const optionsImports = [];
  const appEdits = [edit];
  let hasCoreImport = false;
  for (const declaration of imports) {
    const specifier = declaration.moduleSpecifier.getText(sourceFile);
    const bindings = importBindings(declaration);
    if (bindings.length === 0) {
      optionsImports.push(declaration.getText(sourceFile));
      continue;
    }
    const forOptions = bindings.filter((binding) => movedUses.has(binding.local));
    const forApp = bindings.filter((binding) => restUses.has(binding.local));
    if (specifier.slice(1, -1) === '@halyard/core') {
      hasCoreImport = true;
      if (!optionsStatement && !forOptions.some((binding) => binding.local === 'CreateAppOptions'))
        forOptions.push({ kind: 'named', local: 'CreateAppOptions', typeOnly: true });
    }
    if (forOptions.length) optionsImports.push(renderImport(forOptions, specifier));
    if (forApp.length !== bindings.length) {
      const start = declaration.getFullStart();
      appEdits.push([
        start,
        declaration.getEnd(),
        forApp.length
          ? `${text.slice(start, declaration.getStart(sourceFile))}${renderImport(forApp, specifier)}`
          : '',
      ]);
    }
  }
  if (!hasCoreImport && !optionsStatement)
    optionsImports.push("import type { CreateAppOptions } from '@halyard/core';");

  const lastImport = imports.at(-1);
  const appOptionsImport = `\nimport { appOptions } from './app-options.js';${exported ? '\n\nexport { appOptions };' : ''}`;
  appEdits.push([
    lastImport ? lastImport.getEnd() : 0,
    lastImport ? lastImport.getEnd() : 0,
    appOptionsImport,
  ]);
  let app = text;
  for (const [start, end, replacement] of appEdits.sort((a, b) => b[0] - a[0] || b[1] - a[1]))
    app = `${app.slice(0, start)}${replacement}${app.slice(end)}`;

  const options = [
    ...optionsImports,
    '// halyard:imports (`halyard generate` adds its imports above this line)',
    '',
    addControllersMarker(optionsText),
    '',
  ].join('\n');
  return { app: app.replace(/\n{3,}/g, '\n\n'), options };
}
