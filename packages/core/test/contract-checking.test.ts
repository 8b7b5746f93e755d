import 'reflect-metadata';
import t, { type Test } from 'tap';
import { ContractViolationError } from '@halyard/client/contract';
import { connectSocket, type ContractViolation } from '../src/testing/index.js';
import { createTalkApp } from './fixtures/talk-socket.js';

// Contract-checked traffic: connectSocket(app, path, { contract: true }) checks every frame against
// the app's AsyncAPI document. One test per violation kind, each with the exact message.

async function setup(t: Test) {
  const app = await createTalkApp({ path: '/ws/talk/:room' });
  t.teardown(() => app.close());
  return app;
}

/** A socket on the talk app's lobby whose every frame is checked against the app's AsyncAPI document. */
async function contractSocket(t: Test) {
  return connectSocket(await setup(t), '/ws/talk/lobby', { contract: true });
}

/** The violations a rejected wait carries. */
async function violationsOf(t: Test, pending: Promise<unknown>): Promise<readonly ContractViolation[]> {
  const error = await pending.then(
    () => undefined,
    (failure: unknown) => failure,
  );
  t.ok(error instanceof ContractViolationError, 'rejects with ContractViolationError');
  return (error as ContractViolationError).violations;
}

t.test('documented traffic passes: requests, replies, pushes, errors, heartbeat', async (t) => {
  const socket = await contractSocket(t);
  t.match(await socket.request('say', { text: 'hi' }), { type: 'reply', to: 'say', data: { text: 'hi' } });
  t.match(await socket.nextPush('said'), { data: { text: 'hi' } });
  socket.send('$ping', undefined, 'h1');
  t.strictSame(await socket.nextPush('$pong'), { type: '$pong', id: 'h1' });
  // invalid data on purpose: the send is allowed, the server's error frame is still checked
  const invalid = await socket.offContract(() => socket.request('say', { text: '' }));
  t.equal(invalid.error?.code, 'HALYARD_ERR_VALIDATION');
  t.equal(socket.violations.length, 1, 'the deliberate one is recorded');
  t.equal(socket.violations[0]?.kind, 'payload-mismatch');
  t.strictSame(await socket.close(), { code: 1000, reason: '' });
});

t.test('unknown-message: the client sends a type the channel has no message for', async (t) => {
  const socket = await contractSocket(t);
  const [violation, ...rest] = await violationsOf(t, socket.request('shout', { text: 'hi' }));
  t.equal(rest.length, 0);
  t.strictSame(violation, {
    kind: 'unknown-message',
    direction: 'sent',
    channel: 'TalkSocket',
    frame: { type: 'shout', id: 't1', data: { text: 'hi' } },
    schemaPath: '#/channels/TalkSocket/messages',
    difference: 'no message of the channel has type "shout"; documented: $ping, leak, say, wrong',
  });
});

t.test('payload-mismatch (sent): data that does not match the message schema', async (t) => {
  const socket = await contractSocket(t);
  const error = await socket.request('say', { text: 5 }).catch((failure: unknown) => failure);
  t.ok(error instanceof ContractViolationError);
  t.match(
    (error as Error).message,
    'payload-mismatch (sent on TalkSocket): {"type":"say","id":"t1","data":{"text":5}}\n  at #/components/schemas/SayDto/properties/text/type: /data/text must be string',
  );
  t.match((error as ContractViolationError).violations[0], {
    kind: 'payload-mismatch',
    direction: 'sent',
    difference: '/data/text must be string',
  });
});

t.test('payload-mismatch (received): a reply that does not match its documented schema', async (t) => {
  const socket = await contractSocket(t);
  const [violation] = await violationsOf(t, socket.request('wrong'));
  t.match(violation, {
    kind: 'payload-mismatch',
    direction: 'received',
    channel: 'TalkSocket',
    frame: { type: 'reply', id: 't1', to: 'wrong', data: { text: 7 } },
    schemaPath: '#/components/schemas/SaidDto/properties/text/type',
    difference: '/data/text must be string',
  });
});

t.test('undeclared-push: the server pushes a type the channel does not declare', async (t) => {
  const socket = await contractSocket(t);
  const [violation] = await violationsOf(t, socket.request('leak'));
  t.strictSame(violation, {
    kind: 'undeclared-push',
    direction: 'received',
    channel: 'TalkSocket',
    frame: { type: 'secret', data: { token: 'x' } },
    schemaPath: '#/channels/TalkSocket/messages',
    difference:
      'the channel declares no message of type "secret" sent by the server; declared: error, presence.joined, presence.left, said',
  });
});

t.test('undocumented-reply: a document whose operation has no reply for the message', async (t) => {
  const app = await setup(t);
  // The published document lost the reply of "say" (an older or hand-edited copy).
  const document = structuredClone(app.halyard.asyncapi) as unknown as {
    operations: Record<string, { reply?: unknown }>;
  };
  delete document.operations['TalkSocket_say']?.reply;
  const socket = await connectSocket(app, '/ws/talk/lobby', { contract: document });
  const [violation] = await violationsOf(t, socket.request('say', { text: 'hi' }));
  t.strictSame(violation, {
    kind: 'undocumented-reply',
    direction: 'received',
    channel: 'TalkSocket',
    frame: { type: 'reply', id: 't1', to: 'say', data: { text: 'hi' } },
    schemaPath: '#/components/messages/TalkSocket_say',
    difference: '"say" has no documented reply',
  });
});

t.test('a path no channel matches is refused before connecting', async (t) => {
  const app = await setup(t);
  await t.rejects(connectSocket(app, '/ws/other', { contract: true }), {
    message: 'contract: no channel of the AsyncAPI document has an address matching /ws/other',
  });
});
