import {
  updateClassRecord,
  updateMemberRecord,
  type ExampleRecord,
  type RequestRecord,
} from '../metadata.js';
import type { Class } from '../types.js';

/** Options of `@Requests`. */
export interface RequestsOptions {
  /**
   * The DTO of the client's answer (`data` of its `$reply`), validated with the compiled validator
   * before `conn.ask()` resolves; `null` when the answer is an acknowledgement only (its `data`
   * is ignored and the promise resolves with `undefined`).
   */
  readonly reply: Class | readonly [Class] | null;
  readonly summary?: string;
  readonly description?: string;
  /** One example of the request's `data`, named `example`. */
  readonly example?: unknown;
  readonly examples?: readonly {
    readonly value: unknown;
    readonly name?: string;
    readonly summary?: string;
  }[];
}

function exampleRecords(options: RequestsOptions): ExampleRecord[] | undefined {
  const list: ExampleRecord[] = [
    ...('example' in options ? [{ name: 'example', value: options.example }] : []),
    ...(options.examples ?? []).map((example) => ({ ...example })),
  ];
  return list.length > 0 ? list : undefined;
}

/**
 * Declares a request the server sends on this socket with `conn.ask(type, data)` and the
 * answer it awaits: the client answers from `client.onRequest(type, handler)`. Like `@Emits`, on
 * the socket class or on the handler that asks. The AsyncAPI document lists it as a `send`
 * operation with a `reply`, the generated client module types `onRequest` with it, and the
 * client's answer is validated against `reply` before `conn.ask()` resolves.
 *
 * @example
 * ```ts
 * @Requests('confirm', ConfirmDto, { reply: ConfirmReply })
 * @WebSocket('/trade')
 * class TradeSocket {
 *   @OnMessage('order', { reply: OrderResult })
 *   async order(@Conn() conn: Connection, @Message() order: OrderDto): Promise<OrderResult> {
 *     const answer = await conn.ask<ConfirmReply>('confirm', { text: `Buy ${order.qty}?` }, { timeoutMs: 30_000 });
 *     return { placed: answer.ok };
 *   }
 * }
 * ```
 */
export function Requests(
  type: string,
  data: Class | readonly [Class] | null,
  options: RequestsOptions,
): ClassDecorator & MethodDecorator {
  const examples = exampleRecords(options);
  const record: RequestRecord = {
    type,
    data,
    reply: options.reply,
    ...(options.summary !== undefined && { summary: options.summary }),
    ...(options.description !== undefined && { description: options.description }),
    ...(examples && { examples }),
  };
  return ((target: object, member?: string | symbol) => {
    if (member === undefined) {
      updateClassRecord(target as Class, (current) => ({
        ...current,
        requests: [record, ...(current.requests ?? [])],
      }));
    } else {
      updateMemberRecord({ prototype: target, member }, '@Requests', (current) => ({
        requests: [record, ...(current.requests ?? [])],
      }));
    }
  }) as ClassDecorator & MethodDecorator;
}
