import type { JsonSchema } from '../schema/json-schema-builder.js';
import { CloseCodes } from '../ws/close-codes.js';
import { maxCredentialLength } from '../ws/socket-auth.js';
import type { AsyncApiMessage, AsyncApiReference } from './asyncapi-document.js';
import { closedObject, constant, schemaRef } from './envelope-schemas.js';
import { protocolMessageEntries, type ProtocolMessage } from './protocol-message.js';
import { traceContextProperties } from './trace-context-schemas.js';

/** `components/messages` names of the re-authentication exchange, shared by every guarded channel. */
export const reauthMessageNames = Object.freeze({
  auth: 'Reauth',
  authReply: 'ReauthReply',
  expiring: 'ReauthExpiring',
});

/** The close code of a `$auth` refused by a guard returning `false` (`4000 + 403`). */
const forbiddenClose = 4403;

/**
 * What `$auth` adds to the close codes of a guarded channel (the `UNAUTHORIZED` meaning in
 * asyncapi-close-codes.ts already names `$auth`): code → meaning, appended to a known meaning.
 */
export const reauthCloseCodes: ReadonlyArray<readonly [number, string]> = [
  [CloseCodes.INTERNAL_ERROR, 'On `$auth`: an upgrade guard threw something other than an `HttpError`.'],
  [
    forbiddenClose,
    '`$auth` refused: an upgrade guard returned `false` for the new credential (`Access denied by <Guard>`).',
  ],
];

/** `x-halyard-close-codes` of the `$auth` operation: how the server answers a refused credential. */
export function reauthOperationCloseCodes(): Record<string, string> {
  return {
    [String(CloseCodes.INTERNAL_ERROR)]:
      'An upgrade guard threw something other than an `HttpError` (logged at error).',
    [String(CloseCodes.UNAUTHORIZED)]:
      'An upgrade guard threw `UnauthorizedError`; the reason is its message (`Unknown token`).',
    [String(forbiddenClose)]: 'An upgrade guard returned `false` (`Access denied by <Guard>`).',
  };
}

const isoTime = (description: string): JsonSchema => ({ description, type: 'string', format: 'date-time' });
const credentialExample = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbm4ifQ.c2lnbmF0dXJl';

function authRequest(): ProtocolMessage {
  return {
    name: reauthMessageNames.auth,
    title: '$auth',
    summary: 'The client replaces its credential on the open socket, without reconnecting.',
    description:
      "The route's upgrade guards run again with the credential put where each guard's `static security` reads one (query key, header, cookie, `Authorization: Bearer`). Every guard passed: the reply, and handlers see the new identity from the next message on. A guard refused: the socket closes (`x-halyard-close-codes` of this operation). `data` of another shape: the error frame `HALYARD_ERR_WS_BAD_ENVELOPE`, the socket stays open and the identity unchanged. Frames of one connection's `$auth` are handled in arrival order.",
    correlated: true,
    payload: closedObject(
      {
        type: constant('$auth'),
        id: schemaRef('MessageId'),
        data: closedObject(
          {
            credential: {
              description: 'The new credential, as the guards read it at the upgrade (a token, an API key).',
              type: 'string',
              minLength: 1,
              maxLength: maxCredentialLength,
            },
          },
          ['credential'],
        ),
        ...traceContextProperties(),
      },
      ['type', 'data'],
    ),
    examples: [
      { name: 'refresh', payload: { type: '$auth', id: 'a1', data: { credential: credentialExample } } },
    ],
  };
}

function authReply(): ProtocolMessage {
  return {
    name: reauthMessageNames.authReply,
    title: '$auth reply',
    summary: 'Every upgrade guard accepted the new credential: the identity is replaced.',
    description:
      "Sent for every accepted `$auth`, with its `id` when it had one. `expiresAt` is the new identity's end (the next `$expiring` comes before it), `null` when the guards set none.",
    correlated: true,
    payload: closedObject(
      {
        type: constant('reply'),
        id: schemaRef('MessageId'),
        to: constant('$auth'),
        data: closedObject(
          {
            expiresAt: { anyOf: [isoTime('When the new identity expires.'), { type: 'null' }] },
          },
          ['expiresAt'],
        ),
      },
      ['type', 'to', 'data'],
    ),
    examples: [
      {
        name: 'accepted',
        payload: { type: 'reply', id: 'a1', to: '$auth', data: { expiresAt: '2026-12-02T05:30:00.000Z' } },
      },
    ],
  };
}

function expiring(): ProtocolMessage {
  return {
    name: reauthMessageNames.expiring,
    title: '$expiring',
    summary:
      "The connection's identity expires soon: send `$auth` with a fresh credential before `expiresAt`.",
    description:
      'Pushed `websocket.expiryWarningMs` (default 30 000) before the expiry an upgrade guard gave the identity (`ctx.setIdentity(user, { expiresAt })`), at once when it is closer. Without a successful `$auth` by then, the socket closes with 4401 `Credential expired`.',
    correlated: false,
    payload: closedObject(
      {
        type: constant('$expiring'),
        data: closedObject(
          {
            expiresAt: isoTime('When the socket closes with 4401 unless a `$auth` succeeds first.'),
            inMs: { description: 'Milliseconds left when the push was sent.', type: 'integer', minimum: 0 },
          },
          ['expiresAt', 'inMs'],
        ),
      },
      ['type', 'data'],
    ),
    examples: [
      {
        name: 'expiring',
        payload: { type: '$expiring', data: { expiresAt: '2026-12-02T05:30:00.000Z', inMs: 29998 } },
      },
    ],
  };
}

/** The three messages of the re-authentication exchange, for `components/messages`. */
export function reauthMessages(correlationId: () => AsyncApiReference): AsyncApiMessage[] {
  return protocolMessageEntries([authRequest(), authReply(), expiring()], correlationId);
}
