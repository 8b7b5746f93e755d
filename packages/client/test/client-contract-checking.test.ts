import t, { type Test } from 'tap';
import { connect, type HalyardClient, type HalyardClientError } from '../src/index.js';
import { withContract, type ContractViolation } from '../src/contract/index.js';
import { startContractServer } from './fixtures/contract-server.js';
import { errorsOf, openedUntilEnd, waitFor } from './fixtures/test-server.js';

// `@halyard/client/contract`: the real client, checked against the real server's AsyncAPI
// document (a Halyard app on port 0). Each violation kind is reported on onError with its message.

interface Checked {
  readonly client: HalyardClient;
  readonly errors: HalyardClientError[];
  readonly violations: readonly ContractViolation[];
}

async function setup(t: Test, edit?: (document: Record<string, unknown>) => void): Promise<Checked> {
  const server = await startContractServer();
  edit?.(server.document as Record<string, unknown>);
  const contract = await withContract(server.document, { path: '/talk' });
  const client = connect(`${server.url}/talk`, { heartbeat: false, onFrame: contract.onFrame });
  const errors = errorsOf(client);
  await openedUntilEnd(t, client, server);
  return { client, errors, violations: contract.violations };
}

/** The one error reported, checked to be the contract error of `violation`. */
function reported(t: Test, errors: readonly HalyardClientError[], violation: ContractViolation): void {
  t.equal(errors.length, 1, 'one error reported');
  t.equal(errors[0]?.code, 'HALYARD_ERR_CLIENT_CONTRACT');
  t.equal(
    errors[0]?.message,
    `${violation.kind} (${violation.direction} on TalkSocket) at ${violation.schemaPath}: ${violation.difference}`,
  );
  t.strictSame(errors[0]?.details, violation);
}

/** The first violation matches `expected` and is the one client error reported. */
function firstReported(
  t: Test,
  checked: {
    readonly errors: readonly HalyardClientError[];
    readonly violations: readonly ContractViolation[];
  },
  expected: Record<string, unknown>,
): void {
  const [violation] = checked.violations;
  t.match(violation, expected);
  reported(t, checked.errors, violation);
}

t.test('a documented exchange reports nothing: request, reply, push, server request', async (t) => {
  const { client, errors, violations } = await setup(t);
  const said: unknown[] = [];
  client.on('said', (data) => said.push(data));
  client.onRequest('agree', () => ({ answer: 'yes' }));
  t.strictSame(await client.request('say', { text: 'hi' }), { text: 'hi' });
  await waitFor(() => said.length === 1);
  t.strictSame(await client.request('ask'), { text: 'yes' }, 'the $reply answered the server request');
  t.strictSame(said, [{ text: 'hi' }]);
  t.strictSame(violations, []);
  t.strictSame(errors, []);
});

t.test('unknown-message: the client sends a type the channel has no message for', async (t) => {
  const { client, errors, violations } = await setup(t);
  await t.rejects(client.request('shout', { text: 'hi' }), { code: 'HALYARD_ERR_WS_UNKNOWN_TYPE' });
  t.equal(violations.length, 1, 'the server error frame is documented');
  firstReported(
    t,
    { errors, violations },
    {
      kind: 'unknown-message',
      direction: 'sent',
      channel: 'TalkSocket',
      frame: { type: 'shout', data: { text: 'hi' } },
      schemaPath: '#/channels/TalkSocket/messages',
      difference: /^no message of the channel has type "shout"; documented: .*\bsay\b/,
    },
  );
});

t.test('payload-mismatch (sent): data that does not match the message schema', async (t) => {
  const { client, errors, violations } = await setup(t);
  await t.rejects(client.request('say', { text: 5 }), { code: 'HALYARD_ERR_VALIDATION' });
  t.equal(violations.length, 1);
  firstReported(
    t,
    { errors, violations },
    {
      kind: 'payload-mismatch',
      direction: 'sent',
      frame: { type: 'say', data: { text: 5 } },
      schemaPath: '#/components/schemas/SayDto/properties/text/type',
      difference: '/data/text must be string',
    },
  );
});

t.test('payload-mismatch (received): a reply that does not match its documented schema', async (t) => {
  const { client, errors, violations } = await setup(t);
  t.strictSame(await client.request('wrong'), { text: 7 }, 'checking observes: the reply is delivered');
  firstReported(
    t,
    { errors, violations },
    {
      kind: 'payload-mismatch',
      direction: 'received',
      frame: { type: 'reply', to: 'wrong', data: { text: 7 } },
      schemaPath: '#/components/schemas/SaidDto/properties/text/type',
      difference: '/data/text must be string',
    },
  );
});

t.test('undeclared-push: the server pushes a type the channel does not declare', async (t) => {
  const { client, errors, violations } = await setup(t);
  const secrets: unknown[] = [];
  client.on('secret', (data) => secrets.push(data));
  await client.request('leak');
  await waitFor(() => secrets.length === 1);
  firstReported(
    t,
    { errors, violations },
    {
      kind: 'undeclared-push',
      direction: 'received',
      frame: { type: 'secret', data: { token: 'x' } },
      schemaPath: '#/channels/TalkSocket/messages',
      difference:
        /^the channel declares no message of type "secret" sent by the server; declared: .*\bsaid\b/,
    },
  );
});

t.test('undocumented-reply: the document has no reply for the message', async (t) => {
  const { client, errors, violations } = await setup(t, (document) => {
    const operations = document['operations'] as Record<string, { reply?: unknown }>;
    delete operations['TalkSocket_say']?.reply;
  });
  await client.request('say', { text: 'hi' });
  t.equal(violations.length, 1);
  firstReported(
    t,
    { errors, violations },
    {
      kind: 'undocumented-reply',
      direction: 'received',
      frame: { type: 'reply', to: 'say', data: { text: 'hi' } },
      schemaPath: '#/components/messages/TalkSocket_say',
      difference: '"say" has no documented reply',
    },
  );
});

t.test('an answer to a server request that fails its reply schema', async (t) => {
  const { client, errors, violations } = await setup(t);
  client.onRequest('agree', () => ({ answer: 1 }) as unknown as { answer: string });
  const failure = await client.request('ask').then(
    () => undefined,
    (error: unknown) => error,
  );
  // The server refused the answer (error frame), so `conn.ask()` threw in the handler.
  t.equal((failure as HalyardClientError).code, 'HALYARD_ERR_INTERNAL');
  t.equal(violations.length, 1);
  const [violation] = violations;
  t.match(violation, {
    kind: 'payload-mismatch',
    direction: 'sent',
    frame: { type: '$reply', id: '$1', data: { answer: 1 } },
    schemaPath: '#/components/schemas/AgreeReply/properties/answer/type',
    difference: '/data/answer must be string',
  });
  // The contract report comes first, as the answer is sent; then the server's own refusal.
  t.strictSame(
    errors.map((error) => error.code),
    ['HALYARD_ERR_CLIENT_CONTRACT', 'HALYARD_ERR_VALIDATION'],
  );
  reported(t, errors.slice(0, 1), violation as ContractViolation);
});

t.test('a path no channel of the document matches is refused', async (t) => {
  const server = await startContractServer();
  t.teardown(() => server.close());
  await t.rejects(withContract(server.document, { path: '/nowhere' }), {
    code: 'HALYARD_ERR_CLIENT_CONTRACT',
    message: 'No channel of the AsyncAPI document has an address matching /nowhere',
  });
});
