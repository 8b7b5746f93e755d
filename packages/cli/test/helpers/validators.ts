import { Parser } from '@asyncapi/parser';
import specs from '@asyncapi/specs';
import { Validator } from '@seriousme/openapi-schema-validator';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';

/** Errors of the @asyncapi/specs 3.0.0 JSON Schema (as packages/core's generator test checks it). */
export function asyncApiSchemaErrors(document: unknown): string[] {
  // The bundled schema carries its own draft-07 meta-schema under Ajv's $id: leave Ajv's out.
  const ajv = new Ajv({ strict: false, allErrors: true, meta: false, validateSchema: false });
  addFormats.default(ajv);
  const validate = ajv.compile(specs.schemas['3.0.0']);
  validate(document);
  return (validate.errors ?? []).map((error) => `${error.instancePath} ${error.message ?? ''}`);
}

/** Error and warning diagnostics of @asyncapi/parser. */
export async function asyncApiParserProblems(document: unknown): Promise<string[]> {
  const diagnostics = await new Parser().validate(document as Parameters<Parser['validate']>[0]);
  return diagnostics
    .filter((diagnostic) => diagnostic.severity <= 1)
    .map((diagnostic) => `${diagnostic.code} at ${diagnostic.path.join('/')}: ${diagnostic.message}`);
}

export async function openApiErrors(document: unknown): Promise<string[]> {
  const result = await new Validator().validate(document as Parameters<Validator['validate']>[0]);
  return result.valid ? [] : [JSON.stringify(result.errors)];
}
