import { Parser } from '@asyncapi/parser';
import specs from '@asyncapi/specs';
import { Ajv } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { Test } from 'tap';
import type { AsyncApiDocument } from '../../src/asyncapi/asyncapi-generator.js';

// The real AsyncAPI validators, set up once for every test that proves a generated document valid.

/** Errors of the `@asyncapi/specs` 3.0.0 JSON Schema for a document (empty when it is valid). */
export async function validateWithSpec(document: unknown) {
  // The bundled 3.0.0 schema carries its own copy of the draft-07 meta-schema under the same $id as
  // Ajv's built-in one, so Ajv's copy is left out (meta: false) to avoid an ambiguous reference.
  const ajv = new Ajv({ strict: false, allErrors: true, meta: false, validateSchema: false });
  addFormats.default(ajv);
  const validate = ajv.compile(specs.schemas['3.0.0']);
  validate(document);
  return validate.errors ?? [];
}

/** Parser diagnostics of one severity (Spectral: 0 error, 1 warning, 2 information, 3 hint). */
export async function parserDiagnostics(document: unknown, severity: 0 | 1) {
  const diagnostics = await new Parser().validate(document as Parameters<Parser['validate']>[0]);
  return diagnostics
    .filter((diagnostic) => diagnostic.severity === severity)
    .map((diagnostic) => `${diagnostic.code} at ${diagnostic.path.join('/')}: ${diagnostic.message}`);
}

/** Every message payload compiled as JSON Schema 2020-12 against the document's own components. */
export function payloadValidators(document: AsyncApiDocument) {
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  addFormats.default(ajv);
  ajv.addSchema({ $id: 'urn:halyard:asyncapi', components: document.components });
  return (message: string) => {
    const validate = ajv.getSchema(`urn:halyard:asyncapi#/components/messages/${message}/payload`);
    if (!validate) throw new Error(`no message ${message}`);
    return validate;
  };
}

/**
 * Channel message keys of `document` whose payload (checked by `validator`) the frame matches; the
 * spec wants exactly one per frame.
 */
export function matchingMessages(
  document: AsyncApiDocument,
  validator: ReturnType<typeof payloadValidators>,
  at: { channel: string; frame: unknown },
): string[] {
  return Object.entries(document.channels[at.channel]?.messages ?? {})
    .filter(([, { $ref }]) => validator($ref.split('/').pop() as string)(at.frame))
    .map(([key]) => key);
}

/** Asserts the document has no spec-schema error and no parser error or warning. */
export async function assertValidAsyncApi(t: Test, document: unknown): Promise<void> {
  t.strictSame(await validateWithSpec(document), [], '@asyncapi/specs 3.0.0 JSON Schema: no errors');
  t.strictSame(await parserDiagnostics(document, 0), [], '@asyncapi/parser: no error diagnostics');
  t.strictSame(await parserDiagnostics(document, 1), [], 'and no warnings');
}

/** Asserts every example of every message validates against its own payload. */
export function assertExamplesValid(t: Test, document: AsyncApiDocument): void {
  const validator = payloadValidators(document);
  for (const [name, message] of Object.entries(document.components.messages))
    for (const example of message.examples ?? [])
      t.ok(validator(name)(example.payload), `${name} / ${example.name}`);
}
