import 'reflect-metadata';
import t from 'tap';
import { Parser } from '@asyncapi/parser';
import specs from '@asyncapi/specs';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { matchChatPart } from './helpers/document-subset.js';
import { testChat } from './helpers/test-chat.js';

t.test(
  "apps/chat's AsyncAPI document is valid for the spec schema and the parser, and its channels match the golden document",
  async (t) => {
    const app = await testChat(t);
    const res = await app.inject({ url: '/docs/asyncapi.json', headers: { host: 'chat.example:3000' } });
    t.equal(res.statusCode, 200);
    const doc = res.json() as Record<string, unknown>;

    // The bundled 3.0.0 schema carries its own draft-07 meta-schema under Ajv's $id: leave Ajv's out.
    const ajv = new Ajv({ strict: false, allErrors: true, meta: false, validateSchema: false });
    addFormats.default(ajv);
    const validate = ajv.compile(specs.schemas['3.0.0']);
    validate(doc);
    t.strictSame(validate.errors ?? [], [], '@asyncapi/specs 3.0.0: no errors');

    const diagnostics = await new Parser().validate(doc as Parameters<Parser['validate']>[0]);
    t.strictSame(
      diagnostics
        .filter((diagnostic) => diagnostic.severity === 0)
        .map((diagnostic) => `${diagnostic.code}: ${diagnostic.message}`),
      [],
      '@asyncapi/parser: no error diagnostics',
    );
    await matchChatPart(t, doc, 'channels');
  },
);
