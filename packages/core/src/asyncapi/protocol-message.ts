import type { JsonSchema } from '../schema/json-schema-builder.js';
import type { AsyncApiMessage, AsyncApiMessageExample, AsyncApiReference } from './asyncapi-document.js';

/**
 * A frame of the protocol itself (error, presence, heartbeat, `$auth`, `$resume`, ...), as its
 * module describes it; `correlated` when it is a request or a reply matched by `id`.
 */
export interface ProtocolMessage {
  readonly name: string;
  readonly title: string;
  readonly summary: string;
  readonly description: string;
  readonly correlated: boolean;
  readonly payload: JsonSchema;
  readonly examples: AsyncApiMessageExample[];
}

/**
 * The `components/messages` entries of protocol frames: JSON content, the correlation id where
 * `correlated`, keys in the order the document has always had them (so it stays byte-identical).
 */
export function protocolMessageEntries(
  messages: readonly ProtocolMessage[],
  correlationId: () => AsyncApiReference,
): AsyncApiMessage[] {
  return messages.map((message) => ({
    name: message.name,
    title: message.title,
    summary: message.summary,
    description: message.description,
    contentType: 'application/json',
    ...(message.correlated && { correlationId: correlationId() }),
    payload: message.payload,
    examples: message.examples,
  }));
}
