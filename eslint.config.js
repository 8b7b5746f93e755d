// @ts-check
import js from '@eslint/js';
import importX from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const metadataMessage =
  "Read DTO metadata through describeDto() (packages/core/src/dto/); only dto/metadata-storage.ts reads the libraries' storage.";

/** Imports of the class-validator / class-transformer metadata storage. */
export const metadataStorageImports = {
  paths: [
    {
      name: 'class-validator',
      importNames: ['getMetadataStorage', 'MetadataStorage'],
      message: metadataMessage,
    },
    { name: 'class-transformer', importNames: ['defaultMetadataStorage'], message: metadataMessage },
  ],
  patterns: [{ group: ['class-transformer/*'], message: metadataMessage }],
};

/** The same reached without an import: a namespace import, `require`, or class-transformer's private maps. */
export const metadataStorageSyntax = [
  { selector: 'Identifier[name=/^(getMetadataStorage|defaultMetadataStorage)$/]', message: metadataMessage },
  { selector: 'Identifier[name=/^_(type|transform|expose|exclude)Metadatas$/]', message: metadataMessage },
  { selector: 'Literal[value=/^_(type|transform|expose|exclude)Metadatas$/]', message: metadataMessage },
  { selector: 'Literal[value=/class-transformer\\/(cjs|esm5|esm2015)\\/storage/]', message: metadataMessage },
];

export default tseslint.config(
  {
    ignores: [
      '**/dist/**',
      '**/web-dist/**',
      'packages/cli/templates/**',
      '**/node_modules/**',
      'tap-snapshots/**',
      '.tap/**',
      'coverage/**',
      '**/*.d.ts',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    plugins: { 'import-x': importX },
    // Tell typescript-eslint that decorator metadata is emitted: a DTO or provider class used only as a
    // parameter type is still a runtime value, so its import must not become `import type`.
    languageOptions: { parserOptions: { emitDecoratorMetadata: true, experimentalDecorators: true } },
    settings: {
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
      'import-x/extensions': ['.ts', '.js'],
      'import-x/resolver-next': [
        createTypeScriptImportResolver({
          project: ['tsconfig.json', 'packages/*/tsconfig.json', 'apps/*/tsconfig.json'],
          noWarnOnMultipleProjects: true,
        }),
      ],
    },
    rules: {
      // Decorator files must never sit in an import cycle: design:paramtypes would come out undefined.
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      '@typescript-eslint/consistent-type-imports': [
        'error',
        { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'error',
      'no-empty': ['error', { allowEmptyCatch: false }],
      // STYLE.md: at most three positional parameters; beyond that an options object.
      'max-params': 'off',
      '@typescript-eslint/max-params': ['error', { max: 3 }],
    },
  },
  {
    // One DTO model (packages/core/src/dto/): only metadata-storage.ts reads class-validator's and
    // class-transformer's metadata storage, private maps included; everything else reads the frozen
    // DtoModel that describe-dto.ts builds once at boot. test/metadata-boundary.test.ts proves it.
    files: ['packages/*/src/**/*.ts', 'apps/*/src/**/*.ts'],
    ignores: ['packages/core/src/dto/metadata-storage.ts', 'packages/client/src/**'],
    rules: {
      'no-restricted-imports': ['error', metadataStorageImports],
      'no-restricted-syntax': ['error', ...metadataStorageSyntax],
    },
  },
  {
    // Browser scripts served as they are (no build step), e.g. the docs console.
    files: ['packages/*/assets/**/*.js'],
    languageOptions: { globals: globals.browser, sourceType: 'script' },
  },
  {
    // The browser client pulls no server code (STYLE: one package per dependency boundary). `ws` is
    // not imported: transport.ts loads it at run time through a computed specifier, in Node only.
    files: ['packages/client/src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@halyard/*', '!@halyard/client'],
              message: '@halyard/client must not depend on the server packages.',
            },
            {
              group: [
                'fastify',
                'fastify/*',
                '@fastify/*',
                'class-validator',
                'class-transformer',
                'reflect-metadata',
              ],
              message: 'Server-side code does not belong in the browser client.',
            },
            {
              group: ['node:*', 'ws', 'ws/*'],
              message: 'The client runs in browsers: no Node modules (ws is loaded lazily in transport.ts).',
            },
          ],
        },
      ],
    },
  },
  {
    // The chat's pages take only types from the server (its DTOs and socket classes): a value import
    // would bundle class-validator, fastify and the app into the page. test/chat-client-schema.test.ts
    // checks the built bundle too.
    files: ['apps/chat/web/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/src/**', '!./**'],
              allowTypeImports: true,
              message: 'The browser bundle takes only types from the server: use `import type`.',
            },
            {
              group: [
                '@halyard/*',
                '!@halyard/client',
                'fastify',
                '@fastify/*',
                'class-validator',
                'class-transformer',
                'reflect-metadata',
                'node:*',
              ],
              allowTypeImports: true,
              message:
                'Server code does not belong in the browser bundle: use `import type`, or @halyard/client.',
            },
          ],
        },
      ],
    },
  },
  {
    // @halyard/client is an optional peer dependency of core: core/testing loads its contract
    // checker with import() when checking is on; a static import would make core need the client.
    files: ['packages/core/src/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@halyard/client', '@halyard/client/*'],
              allowTypeImports: true,
              message:
                '@halyard/client is an optional peer of core: `import type`, and `await import()` at run time.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/test/**/*.ts', 'bench/**/*.ts', 'apps/*/src/main.ts', '**/bin/**'],
    rules: { 'no-console': 'off' },
  },
);
