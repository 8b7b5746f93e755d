import 'reflect-metadata';
import { IsIn } from 'class-validator';
import { Conn, Connection, Message, OnConnect, OnMessage, Query, UseGuards, WebSocket } from '@halyard/core';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import type { Test } from 'tap';
import { Say } from '../../integration/test/helpers/chat-socket.js';
import { NotMalloryGuard, TokenGuard, tracedApp } from './fixtures.js';
import { passedGuardView, refusedGuardAttributes, view } from './otel-setup.js';

class DeskQuery {
  @IsIn(['front', 'back']) desk!: string;
}

/** Behind TokenGuard then NotMalloryGuard; joins the room `?desk=` names; `say` echoes. */
@WebSocket('/desk', { heartbeat: false })
@UseGuards(TokenGuard, NotMalloryGuard)
export class DeskSocket {
  @OnConnect() async hello(@Conn() conn: Connection, @Query() query: DeskQuery): Promise<void> {
    await conn.join(query.desk);
  }

  @OnMessage('say', { reply: Say }) say(@Message() say: Say): Say {
    return say;
  }
}

// The guard's own span goes through the global API, as a library's instrumentation does.
export const deskApp = (t: Test) => tracedApp(t, { controllers: [DeskSocket], globalTracer: true });

/** The spans of DeskSocket's two guards and of TokenGuard's lookup, found under one names map. */
export interface DeskGuardSpans {
  readonly token: ReadableSpan;
  readonly lookup: ReadableSpan;
  readonly notMallory: ReadableSpan;
  readonly names: ReadonlyMap<string, string>;
}

/** Both guards let the connection through under `parent`; TokenGuard's lookup nests under its span. */
export function assertGuardsPassed(t: Test, spans: DeskGuardSpans, parent: string): void {
  t.strictSame(view(spans.token, spans.names), passedGuardView('TokenGuard', parent));
  t.equal(
    view(spans.lookup, spans.names).parent,
    'guard TokenGuard',
    "the guard's own I/O nests under its span",
  );
  t.strictSame(view(spans.notMallory, spans.names), passedGuardView('NotMalloryGuard', parent));
}

/** TokenGuard let mallory through and NotMalloryGuard refused her. */
export function assertMalloryRefused(
  t: Test,
  token: ReadableSpan | undefined,
  notMallory: ReadableSpan | undefined,
): void {
  t.equal(token?.attributes['halyard.outcome'], 'ok');
  t.strictSame(notMallory?.attributes, refusedGuardAttributes('NotMalloryGuard'));
}
