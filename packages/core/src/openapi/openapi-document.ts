import type { DocumentInfo } from '../docs/document-info.js';
import type { JsonSchema } from '../schema/json-schema-builder.js';

/** The `info` object of the generated document. @example `{ title: 'Chat API', version: '1.0.0' }` */
export type OpenApiInfo = DocumentInfo;

export interface OpenApiServer {
  url: string;
  description?: string;
}

export type OpenApiMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

export interface OpenApiParameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required: boolean;
  schema: JsonSchema;
}

export interface OpenApiExample {
  value: unknown;
  summary?: string;
}

export interface OpenApiMediaType {
  schema: JsonSchema;
  examples?: Record<string, OpenApiExample>;
}

export interface OpenApiRequestBody {
  required: boolean;
  content: Record<string, OpenApiMediaType>;
}

export interface OpenApiResponse {
  description: string;
  content?: Record<string, OpenApiMediaType>;
}

/** Names of security schemes that must all be satisfied (OpenAPI ANDs the entries of one object). */
export type OpenApiSecurityRequirement = Record<string, string[]>;

export interface OpenApiOperation {
  operationId: string;
  summary?: string;
  description?: string;
  tags?: string[];
  deprecated?: boolean;
  security?: OpenApiSecurityRequirement[];
  parameters?: OpenApiParameter[];
  requestBody?: OpenApiRequestBody;
  responses: Record<string, OpenApiResponse>;
}

export type OpenApiSecurityScheme =
  | { type: 'http'; scheme: 'bearer' | 'basic'; bearerFormat?: string; description?: string }
  | { type: 'apiKey'; in: 'header' | 'query' | 'cookie'; name: string; description?: string };

/**
 * An OpenAPI 3.1.0 document as plain JSON. Keys and arrays come in a fixed order, so two documents
 * generated from the same controllers serialise byte for byte the same.
 *
 * @example `JSON.stringify(generateOpenApi(definition, { info: { title: 'Chat API', version: '1.0.0' } }))`
 */
export interface OpenApiDocument {
  openapi: '3.1.0';
  info: OpenApiInfo;
  servers: OpenApiServer[];
  /** `[]` when no route needs credentials; otherwise every operation states its own. */
  security?: OpenApiSecurityRequirement[];
  tags?: Array<{ name: string; description?: string }>;
  paths: Record<string, Partial<Record<OpenApiMethod, OpenApiOperation>>>;
  components: {
    schemas: Record<string, JsonSchema>;
    securitySchemes?: Record<string, OpenApiSecurityScheme>;
  };
}
