import 'reflect-metadata';
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
  for (const operation of operations)
    for (const ref of operation.messages) {
      const type = message(ref.$ref).properties.type.const;
      if (operation.action === 'send') {
        // The error frame answers any message; it is not a push event.
        if (type !== 'error') events.push(type);
        continue;
      }
      messages.push(type);
      for (const replyRef of operation.reply?.messages ?? []) {
        const reply = message(replyRef.$ref).properties;
        replies[reply.to?.const ?? '(no "to")'] =
          (reply.data as { type?: unknown } | undefined)?.type === 'null' ? 'null' : 'data';
      }
    }
  return { messages: messages.sort(), replies, events: events.sort() };
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
    t.strictSame(Object.keys(doc.channels).sort(), ['BoardSocket', 'ChatSocket']);

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
    }
  },
);
