import type {
  EmitDefinition,
  MessageHandlerDefinition,
  ServerRequestDefinition,
  SocketDefinition,
} from '../definition/app-definition.js';
import type { ExampleRecord } from '../metadata.js';
import type { SchemaRegistry } from '../schema/json-schema-builder.js';
import type { AsyncApiMessage, AsyncApiMessageExample, AsyncApiReference } from './asyncapi-document.js';
import { byText } from '../api-docs/document-order.js';
import { IdAllocator } from './asyncapi-ids.js';
import { pushPayload, replyPayload, requestPayload } from './envelope-schemas.js';
import { protocolMessages, sharedMessageNames } from './protocol-messages.js';
import { reauthMessageNames, reauthMessages } from './reauth-messages.js';
import {
  requestRefusalMessage,
  requestRefusalName,
  serverReplyMessage,
  serverRequestMessage,
} from './request-messages.js';
import { pushPositionProperties, streamMessageNames, streamMessages } from './stream-messages.js';

/** Where the correlation id of every request, reply and error frame sits. */
export const correlationIdName = 'envelopeId';

const correlationId = (): AsyncApiReference => ({ $ref: `#/components/correlationIds/${correlationIdName}` });

/** What one generation run accumulates across sockets. */
export interface MessageContext {
  readonly registry: SchemaRegistry;
  /** Names in `components/messages`, shared by every channel. */
  readonly names: IdAllocator;
  readonly components: Map<string, AsyncApiMessage>;
  /** Whether the app has stream rooms: then every channel has `$resume` and positions on pushes. */
  readonly streams: boolean;
  /** Shared messages defined once the first channel uses them (`$auth` only on guarded ones). */
  readonly optional: ReadonlyMap<string, AsyncApiMessage>;
}

/** The messages of one channel, by channel message key, grouped the way operations use them. */
export interface ChannelMessages {
  /** Channel message key → `$ref` into `components/messages`, in display order. */
  readonly refs: Record<string, AsyncApiReference>;
  readonly handlers: ReadonlyArray<{ handler: MessageHandlerDefinition; request: string; reply: string }>;
  readonly pushes: ReadonlyArray<{ emit: EmitDefinition; key: string }>;
  /** Per `@Requests`: the request the server sends and the client's `$reply`; `refusal` is the shared `$error`. */
  readonly requests: ReadonlyArray<{ request: ServerRequestDefinition; key: string; reply: string }>;
  readonly refusal?: string;
  readonly presence: ReadonlyArray<{ event: string; key: string }>;
  /** Channel message keys of the `$ping` request and its `$pong` answer. */
  readonly heartbeat: { readonly ping: string; readonly pong: string };
  readonly error: string;
  /** Keys of the resume exchange, when the app has stream rooms. */
  readonly stream?: {
    readonly resume: string;
    readonly resumeReply: string;
    readonly resumed: string;
    readonly reset: string;
    readonly session: string;
  };
  /** Keys of the `$auth` exchange, on a channel with upgrade guards. */
  readonly auth?: { readonly auth: string; readonly authReply: string; readonly expiring: string };
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

function pushMessage(
  name: string,
  emit: EmitDefinition,
  context: { readonly registry: SchemaRegistry; readonly streams: boolean },
): AsyncApiMessage {
  const examples = docsExamples(emit.examples ?? [], (data) => ({ type: emit.event, data }));
  const payload = pushPayload(emit.event, context.registry.schemaFor(emit.type));
  if (context.streams) {
    const { properties, dependencies } = pushPositionProperties();
    Object.assign(payload['properties'] as Record<string, unknown>, properties);
    payload['dependencies'] = dependencies;
  }
  return {
    name,
    title: emit.event,
    summary: emit.summary ?? `The server pushes "${emit.event}".`,
    ...(emit.description !== undefined && { description: emit.description }),
    contentType: 'application/json',
    payload,
    ...(examples.length > 0 && { examples }),
  };
}

/**
 * A fresh context whose components already hold the protocol's own messages (error, presence,
 * heartbeat); the names of the resume and `$auth` exchanges are claimed, their messages added
 * when a channel uses them.
 */
export function createMessageContext(
  registry: SchemaRegistry,
  options: { readonly streams: boolean },
): MessageContext {
  const names = new IdAllocator();
  const components = new Map<string, AsyncApiMessage>();
  for (const message of protocolMessages(correlationId)) {
    names.claim(message.name);
    components.set(message.name, message);
  }
  const optional = new Map<string, AsyncApiMessage>();
  for (const message of [
    ...streamMessages(correlationId),
    ...reauthMessages(correlationId),
    requestRefusalMessage(correlationId()),
  ]) {
    names.claim(message.name);
    optional.set(message.name, message);
  }
  return { registry, names, components, streams: options.streams, optional };
}

/** The reference to a shared exchange message, defining it in `components/messages` on first use. */
function sharedRef(context: MessageContext, name: string): AsyncApiReference {
  const message = context.optional.get(name);
  if (message && !context.components.has(name)) context.components.set(name, structuredClone(message));
  return { $ref: `#/components/messages/${name}` };
}

/**
 * Defines every message of one socket in `components/messages` (named `<channelId>_<key>`) and
 * returns the channel's references to them: per handler a request (`<type>`) and a reply
 * (`<type>_reply`), every `@Emits` push (`push_<event>`, so a push and a handler of one name
 * stay apart), every `@Requests` (`request_<type>`, the client's answer `request_<type>_reply`
 * and the shared `$error` refusal), the presence pushes, the `$ping` / `$pong` heartbeat, the
 * `$auth` exchange (guarded sockets), the resume exchange (apps with stream rooms) and the error
 * frame. Handlers, pushes and requests come sorted by type.
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
  const stream = context.streams
    ? {
        resume: keys.claim('stream_resume'),
        resumeReply: keys.claim('stream_resume_reply'),
        resumed: keys.claim('stream_resumed'),
        reset: keys.claim('stream_reset'),
        session: keys.claim('stream_session'),
      }
    : undefined;
  // Only a socket with upgrade guards understands `$auth` (ws/socket-auth-setup.ts).
  const auth =
    socket.guards.length > 0
      ? {
          auth: keys.claim('auth'),
          authReply: keys.claim('auth_reply'),
          expiring: keys.claim('auth_expiring'),
        }
      : undefined;
  const refusal = socket.requests.length > 0 ? keys.claim('request_refusal') : undefined;
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
      define(key, (name) => pushMessage(name, emit, context));
      return { emit, key };
    });
  const requests = [...socket.requests]
    .sort((a, b) => byText(a.type, b.type))
    .map((request) => {
      // Prefixed, like pushes: a request named like a handler or a push keeps its name.
      const key = keys.claim(`request_${request.type}`, 'request');
      const reply = keys.claim(`request_${request.type}_reply`, 'request');
      const input = { registry: context.registry, correlationId: correlationId() };
      define(key, (name) => serverRequestMessage(name, request, input));
      define(reply, (name) => serverReplyMessage(name, request, input));
      return { request, key, reply };
    });
  if (refusal) refs[refusal] = sharedRef(context, requestRefusalName);
  for (const { key, component } of presence) refs[key] = { $ref: `#/components/messages/${component}` };
  refs[heartbeat.ping] = { $ref: `#/components/messages/${sharedMessageNames.ping}` };
  refs[heartbeat.pong] = { $ref: `#/components/messages/${sharedMessageNames.pong}` };
  if (auth) {
    refs[auth.auth] = sharedRef(context, reauthMessageNames.auth);
    refs[auth.authReply] = sharedRef(context, reauthMessageNames.authReply);
    refs[auth.expiring] = sharedRef(context, reauthMessageNames.expiring);
  }
  if (stream) {
    refs[stream.resume] = sharedRef(context, streamMessageNames.resume);
    refs[stream.resumeReply] = sharedRef(context, streamMessageNames.resumeReply);
    refs[stream.resumed] = sharedRef(context, streamMessageNames.resumed);
    refs[stream.reset] = sharedRef(context, streamMessageNames.reset);
    refs[stream.session] = sharedRef(context, streamMessageNames.session);
  }
  refs[error] = { $ref: `#/components/messages/${sharedMessageNames.error}` };
  return {
    refs,
    handlers,
    pushes,
    requests,
    ...(refusal && { refusal }),
    presence: presence.map(({ event, key }) => ({ event, key })),
    heartbeat,
    error,
    ...(stream && { stream }),
    ...(auth && { auth }),
  };
}
