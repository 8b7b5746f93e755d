import 'reflect-metadata';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import type { EventName, JsonInput, Jsonify, MessageData, MessageType, ReplyData } from '@halyard/client';
import { createChatApp } from '../src/app.js';
import type { SendDto, TypingDto } from '../src/chat/chat-events.js';
import type { MessageDto } from '../src/rooms/room-dtos.js';
import type { BoardSchema, ChatSchema } from '../web/src/schemas.js';

// The browser's socket schemas (web/src/schemas.ts) are written by hand from the server's classes.
// This test holds them against what the server really serves: a renamed @OnMessage or @Emits
// fails here instead of in a user's browser.

/** Every name of a schema's messages/events, written out; `satisfies` makes the list exact at compile time. */
type Names<Keys extends string> = { readonly [K in Keys]: true };
/** Whether a message's reply carries data: the doc's reply payload is `null` for `{ reply: null }`. */
type ReplyKinds<S extends { messages: Record<string, { reply: unknown }> }> = {
  readonly [K in Extract<keyof S['messages'], string>]: [S['messages'][K]['reply']] extends [null]
    ? 'null'
    : 'data';
};

const chat = {
  messages: { send: true, typing: true, members: true } satisfies Names<MessageType<ChatSchema>>,
  replies: { send: 'data', typing: 'null', members: 'data' } satisfies ReplyKinds<ChatSchema>,
  events: {
    'message.created': true,
    typing: true,
    'presence.joined': true,
    'presence.left': true,
  } satisfies Names<EventName<ChatSchema>>,
};
const board = {
  messages: { stroke: true, cursor: true, clear: true } satisfies Names<MessageType<BoardSchema>>,
  replies: { stroke: 'null', cursor: 'null', clear: 'null' } satisfies ReplyKinds<BoardSchema>,
  events: {
    'board.snapshot': true,
    'stroke.drawn': true,
    'cursor.moved': true,
    'board.cleared': true,
    'presence.joined': true,
    'presence.left': true,
  } satisfies Names<EventName<BoardSchema>>,
};

// The DTOs flow from the handlers' signatures (compile-time only: tsc fails if they drift).
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const typeChecks: [
  Equal<MessageData<ChatSchema, 'send'>, JsonInput<SendDto>>,
  Equal<ReplyData<ChatSchema, 'send'>, Jsonify<MessageDto>>,
  Equal<MessageData<ChatSchema, 'typing'>, JsonInput<TypingDto>>,
  Equal<ReplyData<ChatSchema, 'typing'>, null>,
  Equal<MessageData<ChatSchema, 'members'>, void>,
] = [true, true, true, true, true];

interface FramePayload {
  properties: { type: { const: string }; to?: { const: string }; data?: unknown };
}
interface DocMessage {
  /** Inline, or (the shared error frame) a reference to a schema. */
  payload: FramePayload | { $ref: string };
}
interface DocOperation {
  action: 'send' | 'receive';
  channel: { $ref: string };
  messages: Array<{ $ref: string }>;
  reply?: { messages: Array<{ $ref: string }> };
}
interface AsyncApiDoc {
  channels: Record<string, { messages: Record<string, { $ref: string }> }>;
  operations: Record<string, DocOperation>;
  components: { messages: Record<string, DocMessage>; schemas: Record<string, FramePayload> };
}

/** What one channel of the served document says the client sends, gets back, and is pushed. */
function channelContract(doc: AsyncApiDoc, channel: string) {
  const message = (ref: string): FramePayload => {
    const key = ref.replace(`#/channels/${channel}/messages/`, '');
    const target = doc.channels[channel]?.messages[key]?.$ref ?? '';
    const found = doc.components.messages[target.replace('#/components/messages/', '')];
    if (!found) throw new Error(`${ref} does not resolve`);
    if (!('$ref' in found.payload)) return found.payload;
    const schema = doc.components.schemas[found.payload.$ref.replace('#/components/schemas/', '')];
    if (!schema) throw new Error(`${found.payload.$ref} does not resolve`);
    return schema;
  };
  const operations = Object.values(doc.operations).filter(
    (operation) => operation.channel.$ref === `#/channels/${channel}`,
  );
  const messages: string[] = [];
  const replies: Record<string, string> = {};
  const events: string[] = [];
  const protocol: Record<string, string> = {};
  for (const operation of operations)
    for (const ref of operation.messages) {
      const type = message(ref.$ref).properties.type.const;
      if (operation.action === 'send') {
        // The error frame answers any message; it is not a push event.
        if (type !== 'error') events.push(type);
        continue;
      }
      if (type.startsWith('$')) {
        // A protocol frame ($ping): @halyard/client speaks it itself, it is not in a schema.
        for (const replyRef of operation.reply?.messages ?? [])
          protocol[type] = message(replyRef.$ref).properties.type.const;
        continue;
      }
      messages.push(type);
      for (const replyRef of operation.reply?.messages ?? []) {
        const reply = message(replyRef.$ref).properties;
        replies[reply.to?.const ?? '(no "to")'] =
          (reply.data as { type?: unknown } | undefined)?.type === 'null' ? 'null' : 'data';
      }
    }
  return { messages: messages.sort(), replies, events: events.sort(), protocol };
}

t.test(
  'the web client schemas name exactly the messages, replies and pushes the server serves',
  async (t) => {
    t.strictSame(typeChecks, [true, true, true, true, true]);
    const app = await createChatApp({ fastify: { logger: false } });
    t.teardown(() => app.close());
    const res = await app.inject({ url: '/docs/asyncapi.json' });
    t.equal(res.statusCode, 200);
    const doc = res.json() as AsyncApiDoc;
    // Only the chat's own channels: a controller added with `halyard generate` keeps this green.
    t.ok(doc.channels['ChatSocket'] && doc.channels['BoardSocket'], 'ChatSocket and BoardSocket are served');

    for (const [channel, schema] of [
      ['ChatSocket', chat],
      ['BoardSocket', board],
    ] as const) {
      const served = channelContract(doc, channel);
      t.strictSame(served.messages, Object.keys(schema.messages).sort(), `${channel}: message types`);
      t.strictSame(
        served.replies,
        { ...schema.replies },
        `${channel}: replies (to which message, data or null)`,
      );
      t.strictSame(served.events, Object.keys(schema.events).sort(), `${channel}: push events`);
      // the frames of the client's heartbeat (packages/client/src/heartbeat.ts)
      t.strictSame(served.protocol, { $ping: '$pong' }, `${channel}: the heartbeat the client speaks`);
    }
  },
);

const chatDir = fileURLToPath(new URL('../', import.meta.url));
const files = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? files(join(dir, entry.name)) : [join(dir, entry.name)],
  );

t.test('the built web bundle holds no server code (web-dist, built by `pnpm build`)', async (t) => {
  const scripts = files(join(chatDir, 'web-dist')).filter((file) => file.endsWith('.js'));
  t.ok(scripts.length > 0, 'web-dist has scripts (pnpm --filter @halyard/example-chat build:web)');
  const newestSource = Math.max(...files(join(chatDir, 'web')).map((file) => statSync(file).mtimeMs));
  const built = Math.min(...scripts.map((file) => statSync(file).mtimeMs));
  t.ok(built >= newestSource, 'web-dist is newer than web/ (else rebuild: pnpm build:web)');
  const bundle = scripts.map((file) => readFileSync(file, 'utf8')).join('\n');

  // String literals that survive minification, each checked to be in the package it stands for.
  const require = createRequire(join(chatDir, 'package.json'));
  const packageFile = (name: string, file: string): string => {
    const main = require.resolve(name);
    const root = `node_modules/${name}/`;
    return readFileSync(main.slice(0, main.lastIndexOf(root) + root.length) + file, 'utf8');
  };
  const marks = [
    // every decorator goes through registerDecorator, which names this validation type
    ['class-validator', 'customValidation', 'cjs/validation/ValidationTypes.js'],
    ['fastify', 'FST_ERR_', 'lib/errors.js'],
    // @Type() records through this method
    ['class-transformer', 'addTypeMetadata', 'cjs/MetadataStorage.js'],
    ['reflect-metadata', 'defineMetadata', 'Reflect.js'],
  ] as const;
  for (const [name, mark, file] of marks) {
    t.ok(packageFile(name, file).includes(mark), `"${mark}" marks ${name}'s code`);
    t.notOk(bundle.includes(mark), `no ${name} in the bundle`);
  }
  for (const mark of ['HALYARD_ERR_WS_', 'WebSocketServer', 'node:'])
    t.notOk(bundle.includes(mark), `no "${mark}" (server or Node code) in the bundle`);
  // and the client is there: the pages really were built from @halyard/client
  t.ok(bundle.includes('$ping'), "the client's heartbeat is in the bundle");
});
