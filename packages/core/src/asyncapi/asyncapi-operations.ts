import type { GuardDefinition, SocketDefinition } from '../definition/app-definition.js';
import type { AsyncApiOperation, AsyncApiReference, AsyncApiTag } from './asyncapi-document.js';
import type { IdAllocator } from './asyncapi-ids.js';
import type { ChannelMessages } from './asyncapi-messages.js';
import { securityRefs } from './asyncapi-security.js';
import { claimExchangeIds, exchangeOperations } from './exchange-operations.js';

/** What the operations of one channel are built from. */
export interface OperationInput {
  readonly socket: SocketDefinition;
  readonly channelId: string;
  readonly messages: ChannelMessages;
  /** Names of the security schemes of the socket's guards. */
  readonly security: readonly string[];
  /** Registers the schemes of a message handler's own guards and returns their names. */
  readonly handlerSecurity: (guards: readonly GuardDefinition[]) => readonly string[];
  /** Operation ids, unique across the document. */
  readonly ids: IdAllocator;
}

const tagList = (tags: readonly string[]): AsyncApiTag[] => tags.map((name) => ({ name }));

/**
 * The operations of one channel, in AsyncAPI 3 terms seen from the server: a `receive` per
 * message handler (`<channelId>_<type>`, with its reply), a `send` per push
 * (`<channelId>_push_<event>`, presence included), a `send` with a reply per `@Requests`
 * (`<channelId>_request_<type>`: `$reply` or `$error`), the `$ping` → `$pong` heartbeat as a `receive`
 * with reply (`<channelId>_heartbeat`), the `$auth` and `$resume` exchanges where the channel has
 * them (exchange-operations.ts) and one `send` for error frames (`<channelId>_error`). Each one
 * repeats the channel's security: it applies to the upgrade.
 */
export function socketOperations(input: OperationInput): Array<[string, AsyncApiOperation]> {
  const { socket, channelId, messages, security, ids } = input;
  const channel = (): AsyncApiReference => ({ $ref: `#/channels/${channelId}` });
  const message = (key: string): AsyncApiReference => ({ $ref: `#/channels/${channelId}/messages/${key}` });
  const common = (tags: readonly string[]): Partial<AsyncApiOperation> => ({
    ...(security.length > 0 && { security: securityRefs(security) }),
    ...(tags.length > 0 && { tags: tagList(tags) }),
  });
  // A deprecated socket (class-level `@Deprecated()`) deprecates every operation on it.
  const deprecated = socket.docs.deprecated ? { 'x-deprecated': true as const } : {};
  const send = (key: string, summary: string, description?: string): AsyncApiOperation => ({
    action: 'send',
    channel: channel(),
    summary,
    ...(description !== undefined && { description }),
    ...common(socket.docs.tags),
    messages: [message(key)],
    ...deprecated,
  });

  const operations: Array<[string, AsyncApiOperation]> = [];
  // Claimed first, so a handler whose type is `error` cannot take the error operation's id.
  const errorId = ids.claim(`${channelId}_error`);
  const heartbeatId = ids.claim(`${channelId}_heartbeat`);
  const exchangeIds = claimExchangeIds({ channelId, messages, ids });
  for (const { handler, request, reply } of messages.handlers) {
    const { docs } = handler;
    // A message handler's guards add their schemes to the channel's: both apply to that message.
    const own = handler.guards.length > 0 ? input.handlerSecurity(handler.guards) : [];
    const guarded =
      handler.guards.length > 0
        ? {
            security: securityRefs([...new Set([...security, ...own])]),
            'x-halyard-guards': handler.guards.map((guard) => guard.name),
          }
        : {};
    operations.push([
      ids.claim(`${channelId}_${handler.type}`),
      {
        action: 'receive',
        channel: channel(),
        ...(docs.summary !== undefined && { summary: docs.summary }),
        ...(docs.description !== undefined && { description: docs.description }),
        ...common(docs.tags),
        ...guarded,
        messages: [message(request)],
        reply: { channel: channel(), messages: [message(reply)] },
        ...((docs.deprecated || socket.docs.deprecated) && { 'x-deprecated': true as const }),
      },
    ]);
  }
  for (const { emit, key } of messages.pushes) {
    const summary = emit.summary ?? `The server pushes "${emit.event}".`;
    operations.push([ids.claim(`${channelId}_push_${emit.event}`), send(key, summary, emit.description)]);
  }
  for (const { request, key, reply } of messages.requests) {
    const timeout = socket.resolvedLimits.requestTimeoutMs;
    operations.push([
      ids.claim(`${channelId}_request_${request.type}`),
      {
        ...send(
          key,
          request.summary ?? `The server asks "${request.type}" and awaits the client's answer.`,
          `\`conn.ask("${request.type}")\`: the client answers once with the request's \`id\`, \`$reply\` or \`$error\`, within the ask's \`timeoutMs\` (default ${timeout} ms, \`requestTimeoutMs\`).`,
        ),
        reply: {
          channel: channel(),
          messages: [message(reply), ...(messages.refusal ? [message(messages.refusal)] : [])],
        },
      },
    ]);
  }
  for (const { event, key } of messages.presence) {
    const summary = `Room presence: the server pushes "${event}" to the other members of a room.`;
    operations.push([ids.claim(`${channelId}_push_${event}`), send(key, summary)]);
  }
  operations.push([
    heartbeatId,
    {
      action: 'receive',
      channel: channel(),
      summary: 'Heartbeat: the server answers `$ping` with `$pong` at once, on every socket.',
      ...common(socket.docs.tags),
      messages: [message(messages.heartbeat.ping)],
      reply: { channel: channel(), messages: [message(messages.heartbeat.pong)] },
      ...deprecated,
    },
  ]);
  operations.push(
    ...exchangeOperations(
      { channelId, messages, ids, common: { ...common(socket.docs.tags), ...deprecated } },
      exchangeIds,
    ),
  );
  operations.push([
    errorId,
    send(messages.error, 'The server answers a rejected or failed message with an error frame.'),
  ]);
  return operations;
}
