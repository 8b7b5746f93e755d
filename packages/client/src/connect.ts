import { resolveOptions, type ClientOptions } from './client-options.js';
import { ClientSession } from './client-session.js';
import type { HalyardClient } from './halyard-client.js';
import type { AnySchema, SocketSchema } from './schema.js';

/**
 * Connects to a Halyard socket and returns the client at once; the connection opens in the
 * background, and messages sent before it is open wait in the outgoing queue. `http(s)` URLs
 * become `ws(s)`, relative URLs resolve against the page in a browser.
 *
 * @example
 * ```ts
 * import { connect, type DefineSchema } from '@halyard/client';
 * type Chat = DefineSchema<{ say: [SayDto, ChatMessage] }, { said: ChatMessage }>;
 * const chat = connect<Chat>('/ws/chat/general', { query: { name: 'ann' } });
 * chat.on('said', (message) => console.log(message.text));
 * await chat.request('say', { text: 'hello' });
 * ```
 */
export function connect<S extends SocketSchema = AnySchema>(
  url: string | URL,
  options?: ClientOptions,
): HalyardClient<S> {
  return new ClientSession<S>(url, resolveOptions(options));
}
