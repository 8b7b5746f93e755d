import type {
  EmitDefinition,
  MessageHandlerDefinition,
  SocketDefinition,
} from '../definition/app-definition.js';
import type { ExampleRecord } from '../metadata.js';
import type { SchemaRegistry } from '../schema/json-schema-builder.js';
import type { AsyncApiMessage, AsyncApiMessageExample, AsyncApiReference } from './asyncapi-document.js';
import { byText } from '../api-docs/document-order.js';
import { IdAllocator } from './asyncapi-ids.js';
import { pushPayload, replyPayload, requestPayload } from './envelope-schemas.js';
import { protocolMessages, sharedMessageNames } from './protocol-messages.js';

/** Where the correlation id of every request, reply and error frame sits. */
export const correlationIdName = 'envelopeId';

const correlationId = (): AsyncApiReference => ({ $ref: `#/components/correlationIds/${correlationIdName}` });

/** What one generation run accumulates across sockets. */
export interface MessageContext {
  readonly registry: SchemaRegistry;
  /** Names in `components/messages`, shared by every channel. */
  readonly names: IdAllocator;
  readonly components: Map<string, AsyncApiMessage>;
}

/** The messages of one channel, by channel message key, grouped the way operations use them. */
export interface ChannelMessages {
  /** Channel message key → `$ref` into `components/messages`, in display order. */
  readonly refs: Record<string, AsyncApiReference>;
  readonly handlers: ReadonlyArray<{ handler: MessageHandlerDefinition; request: string; reply: string }>;
  readonly pushes: ReadonlyArray<{ emit: EmitDefinition; key: string }>;
  readonly presence: ReadonlyArray<{ event: string; key: string }>;
  /** Channel message keys of the `$ping` request and its `$pong` answer. */
  readonly heartbeat: { readonly ping: string; readonly pong: string };
  readonly error: string;
}

function docsExamples(
  list: readonly ExampleRecord[],
  wrap: (data: unknown) => unknown,
): AsyncApiMessageExample[] {
  const names = new Set<string>();
  return list.map((example, index) => {
    const base = example.name ?? `example${index + 1}`;
    let name = base;
    for (let suffix = 2; names.has(name); suffix++) name = `${base}_${suffix}`;
    names.add(name);
    return {
      name,
      ...(example.summary !== undefined && { summary: example.summary }),
      // Cloned: the definition is frozen and shared, the document is the caller's to change.
      payload: wrap(structuredClone(example.value)),
    };
  });
}

function requestMessage(
  name: string,
  handler: MessageHandlerDefinition,
  socket: { readonly form: SocketDefinition['form']; readonly registry: SchemaRegistry },
): AsyncApiMessage {
  const { docs, type } = handler;
  const examples = docsExamples(docs.examples, (data) => ({ type, data }));
  return {
    name,
    title: `${type} request`,
    summary: docs.summary ?? `The client sends "${type}".`,
    ...(docs.description !== undefined && { description: docs.description }),
    contentType: 'application/json',
    correlationId: correlationId(),
    payload: requestPayload({
      type,
      typeOptional: socket.form === 'single',
      data: socket.registry.schemaFor(handler.message),
      dataRequired: handler.message.kind !== 'unknown',
      deprecated: docs.deprecated === true,
    }),
    ...(examples.length > 0 && { examples }),
  };
}

function replyMessage(
  name: string,
  handler: MessageHandlerDefinition,
  registry: SchemaRegistry,
): AsyncApiMessage {
  const { type, reply } = handler;
  const examples = docsExamples(handler.docs.replyExamples ?? [], (data) => ({
    type: 'reply',
    to: type,
    data,
  }));
  return {
    name,
    title: `${type} reply`,
    summary: reply
      ? `The server's answer to "${type}".`
      : `The server acknowledges "${type}" with \`data: null\`.`,
    description: reply
      ? 'Sent when the handler returns a value, with the `id` of the request if it had one.'
      : 'Sent once the handler has finished, only when the request carried an `id`.',
    contentType: 'application/json',
    correlationId: correlationId(),
    payload: replyPayload(type, reply ? registry.schemaFor(reply) : null),
    ...(examples.length > 0 && { examples }),
  };
}

function pushMessage(name: string, emit: EmitDefinition, registry: SchemaRegistry): AsyncApiMessage {
  const examples = docsExamples(emit.examples ?? [], (data) => ({ type: emit.event, data }));
  return {
    name,
    title: emit.event,
    summary: emit.summary ?? `The server pushes "${emit.event}".`,
    ...(emit.description !== undefined && { description: emit.description }),
    contentType: 'application/json',
    payload: pushPayload(emit.event, registry.schemaFor(emit.type)),
    ...(examples.length > 0 && { examples }),
  };
}

/** A fresh context whose components already hold the protocol's own messages (error, presence). */
export function createMessageContext(registry: SchemaRegistry): MessageContext {
  const names = new IdAllocator();
  const components = new Map<string, AsyncApiMessage>();
  for (const message of protocolMessages(correlationId)) {
    names.claim(message.name);
    components.set(message.name, message);
  }
  return { registry, names, components };
}

/**
 * Defines every message of one socket in `components/messages` (named `<channelId>_<key>`) and
 * returns the channel's references to them: per handler a request (`<type>`) and a reply
 * (`<type>_reply`), every `@Emits` push (`push_<event>`, so a push and a handler of one name
 * stay apart), the presence pushes, the `$ping` / `$pong` heartbeat and the error frame. Handlers and pushes come sorted by type.
 */
export function socketMessages(
  socket: SocketDefinition,
  channelId: string,
  context: MessageContext,
): ChannelMessages {
  const keys = new IdAllocator();
  // Protocol keys first, so a handler named `error` cannot push the error frame to `error_2`.
  const error = keys.claim('error');
  const presence = [
    { event: 'presence.joined', key: keys.claim('presence_joined'), component: sharedMessageNames.joined },
    { event: 'presence.left', key: keys.claim('presence_left'), component: sharedMessageNames.left },
  ];
  const heartbeat = { ping: keys.claim('heartbeat_ping'), pong: keys.claim('heartbeat_pong') };
  const refs: Record<string, AsyncApiReference> = {};
  const define = (key: string, build: (name: string) => AsyncApiMessage): void => {
    const name = context.names.claim(`${channelId}_${key}`);
    context.components.set(name, build(name));
    refs[key] = { $ref: `#/components/messages/${name}` };
  };

  const handlers = [...socket.handlers.values()]
    .sort((a, b) => byText(a.type, b.type))
    .map((handler) => {
      const request = keys.claim(handler.type, 'message');
      const reply = keys.claim(`${handler.type}_reply`);
      define(request, (name) =>
        requestMessage(name, handler, { form: socket.form, registry: context.registry }),
      );
      define(reply, (name) => replyMessage(name, handler, context.registry));
      return { handler, request, reply };
    });
  const pushes = [...socket.emits]
    .sort((a, b) => byText(a.event, b.event))
    .map((emit) => {
      // Own namespace: a push named like a handler (`typing`) must not become `typing_2`.
      const key = keys.claim(`push_${emit.event}`, 'push');
      define(key, (name) => pushMessage(name, emit, context.registry));
      return { emit, key };
    });
  for (const { key, component } of presence) refs[key] = { $ref: `#/components/messages/${component}` };
  refs[heartbeat.ping] = { $ref: `#/components/messages/${sharedMessageNames.ping}` };
  refs[heartbeat.pong] = { $ref: `#/components/messages/${sharedMessageNames.pong}` };
  refs[error] = { $ref: `#/components/messages/${sharedMessageNames.error}` };
  return {
    refs,
    handlers,
    pushes,
    presence: presence.map(({ event, key }) => ({ event, key })),
    heartbeat,
    error,
  };
}
