import 'reflect-metadata';
import t from 'tap';
import { IsString } from 'class-validator';
import { buildDefinition, Emits, Message, OnMessage, Requests, WebSocket } from '../src/index.js';
import { generateAsyncApi } from '../src/asyncapi/asyncapi-generator.js';
import { connectSocket } from '../src/testing/index.js';
import { TradeSocket } from './fixtures/ask-socket.js';
import {
  assertExamplesValid,
  assertValidAsyncApi,
  matchingMessages,
  payloadValidators,
  validateWithSpec,
} from './helpers/asyncapi-validators.js';
import { closedObject, constant, ref, schema, traceContext } from './fixtures/asyncapi-refs.js';
import { createQuietApp } from './helpers/logged-app.js';

// `@Requests` in the AsyncAPI document: a `send` operation whose `reply` lists the client's `$reply`
// and the shared `$error`, proven valid by the real validators and matched by live frames.

class PickDto {
  @IsString() prompt!: string;
}
class Picked {
  @IsString() choice!: string;
}

/** A request declared on a handler, named like the handler and like a push of the socket. */
@WebSocket('/picker')
class PickerSocket {
  @OnMessage('pick', { reply: Picked })
  @Emits('pick', Picked)
  @Requests('pick', PickDto, {
    reply: Picked,
    description: 'Shown as a menu.',
    example: { prompt: 'Colour?' },
    examples: [{ value: { prompt: 'Size?' }, name: 'size', summary: 'A second question' }],
  })
  pick(@Message() pick: PickDto): Picked {
    return { choice: pick.prompt };
  }
}

@WebSocket('/plain')
class PlainSocket {
  @OnMessage('say', { reply: null })
  say(@Message() _say: PickDto): void {}
}

const info = { title: 'Requests', version: '1.0.0' };
const doc = generateAsyncApi(buildDefinition([TradeSocket, PickerSocket]), { info });

const serverId = {
  description:
    "The server's id of the request, `$` and digits, counted per connection; the answer carries the same `id`.",
  type: 'string',
  pattern: '^\\$[0-9]+$',
};
/** The properties of a server request (`type`, `data`) or of the client's `$reply` to it (with trace context). */
const requestFields = (type: string, data: unknown) => ({
  type: constant(type),
  id: serverId,
  data,
  ...(type === '$reply' && traceContext),
});

t.test('each @Requests is a send operation with the $reply and the $error as its reply', async (t) => {
  const channel = ref('#/channels/TradeSocket');
  t.strictSame(doc.operations['TradeSocket_request_confirm'], {
    action: 'send',
    channel,
    summary: 'The server asks the user to confirm.',
    description:
      '`conn.ask("confirm")`: the client answers once with the request\'s `id`, `$reply` or `$error`, within the ask\'s `timeoutMs` (default 5000 ms, `requestTimeoutMs`).',
    messages: [ref('#/channels/TradeSocket/messages/request_confirm')],
    reply: {
      channel,
      messages: [
        ref('#/channels/TradeSocket/messages/request_confirm_reply'),
        ref('#/channels/TradeSocket/messages/request_refusal'),
      ],
    },
  });
  t.strictSame(
    doc.operations['TradeSocket_request_ping_app']?.summary,
    'The server asks "ping.app" and awaits the client\'s answer.',
  );
  const messages = doc.channels['TradeSocket']?.messages ?? {};
  t.strictSame(messages['request_confirm'], ref('#/components/messages/TradeSocket_request_confirm'));
  t.strictSame(
    messages['request_confirm_reply'],
    ref('#/components/messages/TradeSocket_request_confirm_reply'),
  );
  t.strictSame(messages['request_refusal'], ref('#/components/messages/ServerRequestRefusal'));
  t.strictSame(
    doc.channels['PickerSocket']?.messages['request_refusal'],
    ref('#/components/messages/ServerRequestRefusal'),
    'one shared $error message',
  );
});

t.test('the request, the answer and the refusal payloads', async (t) => {
  const components = doc.components.messages;
  t.strictSame(
    components['TradeSocket_request_confirm']?.payload,
    closedObject(requestFields('confirm', schema('ConfirmDto')), ['type', 'id', 'data']),
  );
  t.strictSame(
    components['TradeSocket_request_confirm_reply']?.payload,
    closedObject(requestFields('$reply', schema('ConfirmReply')), ['type', 'id', 'data']),
  );
  t.strictSame(
    components['TradeSocket_request_ping_app']?.payload.properties,
    requestFields('ping.app', { description: 'The request carries no data.', type: 'null' }),
  );
  t.strictSame(
    components['TradeSocket_request_ping_app_reply']?.payload,
    closedObject(
      requestFields('$reply', { description: 'Ignored: `conn.ask()` resolves with `undefined`.' }),
      ['type', 'id'],
    ),
  );
  t.strictSame(components['ServerRequestRefusal']?.payload.required, ['type', 'id', 'error']);
  t.strictSame(
    (components['ServerRequestRefusal']?.payload.properties as Record<string, unknown>)['error'],
    closedObject(
      {
        code: { description: "The client's own code.", type: 'string', minLength: 1, maxLength: 128 },
        message: { type: 'string', maxLength: 1024 },
        details: { description: 'Anything the client adds.' },
      },
      ['code', 'message'],
    ),
  );
  t.ok(
    doc.components.schemas['ConfirmDto'] && doc.components.schemas['ConfirmReply'],
    'the DTOs are components',
  );
});

t.test(
  'a request named like a handler and a push keeps its name; its examples carry a server id',
  async (t) => {
    t.strictSame(
      Object.keys(doc.channels['PickerSocket']?.messages ?? {}).filter((key) => key.includes('pick')),
      ['pick', 'pick_reply', 'push_pick', 'request_pick', 'request_pick_reply'],
    );
    t.ok(doc.operations['PickerSocket_pick'] && doc.operations['PickerSocket_push_pick']);
    const request = doc.components.messages['PickerSocket_request_pick'];
    t.equal(request?.summary, 'The server asks the client "pick" and awaits its answer.');
    t.equal(
      request?.description,
      'Shown as a menu.\n\nSent by `conn.ask()`. Answer once, with the same `id`: `$reply` with the reply `data`, or `$error`. `@halyard/client` answers from `client.onRequest(type, handler)`.',
    );
    t.strictSame(request?.examples, [
      { name: 'example', payload: { type: 'pick', id: '$1', data: { prompt: 'Colour?' } } },
      {
        name: 'size',
        summary: 'A second question',
        payload: { type: 'pick', id: '$1', data: { prompt: 'Size?' } },
      },
    ]);
  },
);

t.test('a socket without @Requests documents none of it', async (t) => {
  const plain = generateAsyncApi(buildDefinition([PlainSocket]), { info });
  t.strictSame(
    Object.keys(plain.operations).filter((id) => id.includes('request')),
    [],
  );
  t.equal(plain.components.messages['ServerRequestRefusal'], undefined);
  t.strictSame(
    Object.keys(plain.channels['PlainSocket']?.messages ?? {}).filter((key) => key.startsWith('request')),
    [],
  );
});

t.test('the document is valid AsyncAPI 3.0.0 for the spec schema and the parser', async (t) => {
  await assertValidAsyncApi(t, doc);
  const broken = structuredClone(doc) as unknown as { operations: Record<string, Record<string, unknown>> };
  const confirm = broken.operations['TradeSocket_request_confirm'];
  if (confirm) confirm['reply'] = { messages: 'not a list' };
  t.not((await validateWithSpec(broken)).length, 0, 'the spec schema rejects a broken copy');
});

const validator = payloadValidators(doc);
const matching = (channel: string, frame: unknown): string[] =>
  matchingMessages(doc, validator, { channel, frame });

t.test('every example validates against its own payload', async (t) => {
  assertExamplesValid(t, doc);
});

t.test('drift: the frames of a live exchange match their messages', async (t) => {
  const app = await createQuietApp(t, { controllers: [TradeSocket] });
  const socket = await connectSocket(app, '/trade');
  socket.send('order', { qty: 2 }, 'o1');
  const asked = await socket.next((frame) => frame.type === 'confirm');
  t.strictSame(
    matching('TradeSocket', asked),
    ['request_confirm'],
    'the request matches exactly its message',
  );
  const answer = { type: '$reply', id: asked.id, data: { ok: true } };
  // A `$reply` names no type: the ack's answer accepts it too; its operation tells them apart.
  t.strictSame(matching('TradeSocket', answer), ['request_confirm_reply', 'request_ping_app_reply']);
  t.notOk(
    validator('TradeSocket_request_confirm_reply')({ ...answer, data: { ok: 'yes' } }),
    'a wrong answer does not match',
  );
  socket.sendRaw(JSON.stringify(answer));
  t.equal((await socket.next((frame) => frame.id === 'o1')).type, 'reply');
  socket.send('order', { qty: 3 }, 'o2');
  const second = await socket.next((frame) => frame.type === 'confirm');
  const refusal = { type: '$error', id: second.id, error: { code: 'USER_DECLINED', message: 'Not now' } };
  t.strictSame(matching('TradeSocket', refusal), ['request_refusal']);
  socket.sendRaw(JSON.stringify(refusal));
  const refused = await socket.next((frame) => frame.id === 'o2');
  t.equal(
    (refused.data as { error?: string }).error,
    'HALYARD_ERR_WS_REQUEST_REFUSED',
    'the server took it as a refusal',
  );
  await socket.close();
});
