import type { AsyncApiOperation, AsyncApiReference } from './asyncapi-document.js';
import type { IdAllocator } from './asyncapi-ids.js';
import type { ChannelMessages } from './asyncapi-messages.js';
import { reauthOperationCloseCodes } from './reauth-messages.js';

/** What the operations of the protocol's exchanges on one channel are built from. */
export interface ExchangeInput {
  readonly channelId: string;
  readonly messages: ChannelMessages;
  readonly ids: IdAllocator;
  /** Security, tags and deprecation every operation of the channel repeats. */
  readonly common: Partial<AsyncApiOperation>;
}

/** Operation ids of the exchanges, claimed before any handler's so a handler cannot take them. */
export interface ExchangeIds {
  readonly auth?: string;
  readonly expiring?: string;
  readonly resume?: string;
  readonly resumed?: string;
  readonly reset?: string;
  readonly session?: string;
}

/** Claims the ids of the exchanges this channel has (`<channelId>_auth`, `<channelId>_stream_resume`, ...). */
export function claimExchangeIds(input: Omit<ExchangeInput, 'common'>): ExchangeIds {
  const { channelId, messages, ids } = input;
  return {
    ...(messages.auth && {
      auth: ids.claim(`${channelId}_auth`),
      expiring: ids.claim(`${channelId}_auth_expiring`),
    }),
    ...(messages.stream && {
      resume: ids.claim(`${channelId}_stream_resume`),
      resumed: ids.claim(`${channelId}_stream_resumed`),
      reset: ids.claim(`${channelId}_stream_reset`),
      session: ids.claim(`${channelId}_stream_session`),
    }),
  };
}

/**
 * The `$auth` exchange (a `receive` with its reply; a refused credential closes the socket, listed
 * in the operation's `x-halyard-close-codes`) and the `$expiring` push, on a guarded channel; the
 * `$resume` exchange and its `$resumed` / `$reset` pushes, when the app has stream rooms.
 */
export function exchangeOperations(
  input: ExchangeInput,
  claimed: ExchangeIds,
): Array<[string, AsyncApiOperation]> {
  const { channelId, messages, common } = input;
  const channel = (): AsyncApiReference => ({ $ref: `#/channels/${channelId}` });
  const message = (key: string): AsyncApiReference => ({ $ref: `#/channels/${channelId}/messages/${key}` });
  const receive = (request: string, reply: string) => ({
    action: 'receive' as const,
    channel: channel(),
    messages: [message(request)],
    reply: { channel: channel(), messages: [message(reply)] },
  });
  const send = (key: string, summary: string): AsyncApiOperation => ({
    action: 'send',
    channel: channel(),
    summary,
    ...structuredClone(common),
    messages: [message(key)],
  });
  const operations: Array<[string, AsyncApiOperation]> = [];
  const { auth, stream } = messages;
  if (auth && claimed.auth && claimed.expiring) {
    const { messages: list, reply, ...rest } = receive(auth.auth, auth.authReply);
    operations.push([
      claimed.auth,
      {
        ...rest,
        summary: "Re-authentication: `$auth` re-runs the channel's upgrade guards with a new credential.",
        description:
          'Accepted: the reply, and the new identity from the next message on. Refused: the socket closes with `4000 + status` of the `HttpError` a guard threw (4401 for `UnauthorizedError`), 4403 when a guard returned `false`, 1011 when it threw anything else.',
        ...structuredClone(common),
        messages: list,
        reply,
        'x-halyard-close-codes': reauthOperationCloseCodes(),
      },
    ]);
    operations.push([
      claimed.expiring,
      send(auth.expiring, 'The identity expires soon: answer with `$auth`, or the socket closes with 4401.'),
    ]);
  }
  if (stream && claimed.resume && claimed.resumed && claimed.reset) {
    const { messages: list, reply, ...rest } = receive(stream.resume, stream.resumeReply);
    operations.push([
      claimed.resume,
      {
        ...rest,
        summary:
          'Resume: the server replays the pushes of stream rooms after the positions the client names.',
        ...structuredClone(common),
        messages: list,
        reply,
      },
    ]);
    operations.push([
      claimed.resumed,
      send(stream.resumed, 'The replay of one room is complete; live pushes follow as usual.'),
    ]);
    operations.push([
      claimed.reset,
      send(stream.reset, 'The server cannot replay a room: the client refetches it (never a silent gap).'),
    ]);
    if (claimed.session)
      operations.push([
        claimed.session,
        send(
          stream.session,
          'The resume token of this connection: reconnect with it to stay the same member.',
        ),
      ]);
  }
  return operations;
}
