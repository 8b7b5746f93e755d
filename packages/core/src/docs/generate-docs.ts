import { generateAsyncApi, type AsyncApiDocument } from '../asyncapi/asyncapi-generator.js';
import type { AppDefinition } from '../definition/app-definition.js';
import { buildDefinition } from '../definition/definition-builder.js';
import { generateOpenApi, type OpenApiDocument } from '../openapi/openapi-generator.js';
import type { Class } from '../types.js';
import { defaultValidationSettings, type ValidationSettings } from '../validation/validation-settings.js';
import { appWideLimits, type WebSocketAppOptions } from '../ws/websocket-options.js';
import { resolveDocsOptions, type DocsOptions, type ResolvedDocsOptions } from './docs-options.js';

export interface GeneratedDocs {
  readonly openapi: OpenApiDocument;
  readonly asyncapi: AsyncApiDocument;
}

/** The parts of `createApp` options the documents depend on. */
export interface GenerateDocsOptions {
  readonly controllers: readonly Class[];
  readonly docs?: DocsOptions | false;
  readonly websocket?: Pick<WebSocketAppOptions, 'limits' | 'heartbeat' | 'streams'>;
  /** The app's validation overrides; they decide whether DTO schemas allow undeclared properties. */
  readonly validation?: Partial<ValidationSettings>;
}

/** What the documents depend on besides the definition and the docs texts. */
export interface DocumentInputs {
  /** The app's validation settings (Halyard's defaults otherwise). */
  readonly validation?: ValidationSettings;
  /** The app's stream rooms: the AsyncAPI document then has positions and the `$resume` exchange. */
  readonly streams?: WebSocketAppOptions['streams'];
}

const infoOf = (docs: ResolvedDocsOptions) => ({
  title: docs.title,
  version: docs.version,
  ...(docs.description !== undefined && { description: docs.description }),
});

export function documentsFor(
  definition: AppDefinition,
  docs: ResolvedDocsOptions,
  inputs: DocumentInputs = {},
): GeneratedDocs {
  const { validation, streams } = inputs;
  return {
    openapi: generateOpenApi(definition, {
      info: infoOf(docs),
      servers: [...docs.servers],
      ...(validation && { validation }),
    }),
    asyncapi: generateAsyncApi(definition, {
      info: infoOf(docs),
      servers: docs.asyncapiServers ?? [],
      ...(validation && { validation }),
      ...(streams && { streams }),
    }),
  };
}

/**
 * Builds the OpenAPI 3.1 and AsyncAPI 3.0 documents from controllers without creating an app,
 * resolving providers or listening: what `halyard docs` uses to export them.
 *
 * @example
 * ```ts
 * const { openapi, asyncapi } = generateDocs({ controllers: [RoomsController, ChatSocket], docs: { title: 'Chat' } });
 * await writeFile('asyncapi.json', JSON.stringify(asyncapi, null, 2));
 * ```
 */
export function generateDocs(options: GenerateDocsOptions): GeneratedDocs {
  const docs = resolveDocsOptions(options.docs === false ? {} : options.docs);
  const limits = options.websocket && appWideLimits(options.websocket);
  return documentsFor(buildDefinition(options.controllers, { limits }), docs, {
    validation: { ...defaultValidationSettings, ...options.validation },
    ...(options.websocket?.streams && { streams: options.websocket.streams }),
  });
}
