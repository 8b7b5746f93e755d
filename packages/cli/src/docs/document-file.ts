import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { CliError } from '../errors.js';
import { isObject, type JsonObject } from './schema-diff.js';

export type DocumentKind = 'asyncapi' | 'openapi';

export interface LoadedDocument {
  readonly path: string;
  readonly kind: DocumentKind;
  readonly version: string;
  readonly format: 'json' | 'yaml';
  readonly document: JsonObject;
}

/**
 * Reads an AsyncAPI or OpenAPI document. JSON or YAML is told from the content (a JSON document
 * starts with `{`), the kind from its `asyncapi` / `openapi` field.
 */
export async function loadDocument(path: string): Promise<LoadedDocument> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new CliError(
      'HALYARD_ERR_CLI_DOCUMENT_UNREADABLE',
      { file: path, cause: (error as NodeJS.ErrnoException).code ?? String(error) },
      { cause: error },
    );
  }
  const format = text.trimStart().startsWith('{') ? 'json' : 'yaml';
  let document: unknown;
  try {
    document = format === 'json' ? JSON.parse(text) : parse(text);
  } catch (error) {
    throw new CliError(
      'HALYARD_ERR_CLI_DOCUMENT_UNREADABLE',
      { file: path, cause: `not valid ${format.toUpperCase()}: ${(error as Error).message.split('\n')[0]}` },
      { cause: error },
    );
  }
  if (!isObject(document))
    throw new CliError('HALYARD_ERR_CLI_DOCUMENT_KIND', {
      detail: `${path} is not an AsyncAPI or OpenAPI document`,
    });
  const kind: DocumentKind | undefined =
    typeof document['asyncapi'] === 'string'
      ? 'asyncapi'
      : typeof document['openapi'] === 'string'
        ? 'openapi'
        : undefined;
  if (!kind)
    throw new CliError('HALYARD_ERR_CLI_DOCUMENT_KIND', {
      detail: `${path} has neither an "asyncapi" nor an "openapi" version field`,
    });
  return { path, kind, version: String(document[kind]), format, document };
}
