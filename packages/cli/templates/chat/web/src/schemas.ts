// Types only: the server's classes describe the sockets, nothing of the server reaches the bundle
// (eslint forbids value imports from ../../src; test/chat-client-schema.test.ts checks web-dist).
import type { DefineSchema, Jsonify } from '@halyard/client';
import type { BoardQuery, BoardSnapshot, CursorEvent, DrawnStroke } from '../../src/board/board-dtos.js';
import type { BoardSocket } from '../../src/board/board-socket.js';
import type { TypingEvent } from '../../src/chat/chat-events.js';
import type { ChatSocket } from '../../src/chat/chat-socket.js';
import type { MessageDto, RoomDto } from '../../src/rooms/room-dtos.js';

/**
 * `[data, reply]` of a message read from its handler method, so a changed DTO or return type on the
 * server changes the client's types. The method must exist on the controller (a compile error
 * otherwise); the message names themselves are decorator arguments, which types cannot see:
 * test/chat-client-schema.test.ts checks them against the served AsyncAPI document.
 * `body` is the handler's first parameter (its `@Message()`); `void` for a handler without one.
 */
type Handler<C, M extends keyof C, Body extends 'body' | 'none' = 'body'> = C[M] extends (
  ...args: infer A
) => infer R
  ? [Body extends 'body' ? A[0] : void, [Awaited<R>] extends [void] ? null : Awaited<R>]
  : never;

export type ChatSchema = DefineSchema<
  {
    send: Handler<ChatSocket, 'send'>;
    typing: Handler<ChatSocket, 'typing'>;
    members: Handler<ChatSocket, 'members', 'none'>;
  },
  { 'message.created': MessageDto; typing: TypingEvent }
>;

export type BoardSchema = DefineSchema<
  {
    stroke: Handler<BoardSocket, 'stroke'>;
    cursor: Handler<BoardSocket, 'cursor'>;
    clear: Handler<BoardSocket, 'clear', 'none'>;
  },
  {
    'board.snapshot': BoardSnapshot;
    'stroke.drawn': DrawnStroke;
    'cursor.moved': CursorEvent;
    'board.cleared': BoardQuery;
  }
>;

/** As they arrive over the wire (dates are ISO strings). */
export type Room = Jsonify<RoomDto>;
export type ChatMessage = Jsonify<MessageDto>;
