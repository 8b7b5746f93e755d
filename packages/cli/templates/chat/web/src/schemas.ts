// Types only: the server's DTO classes describe the sockets, nothing of the server reaches the bundle.
import type { DefineSchema, Jsonify } from '@halyard/client';
import type {
  CursorDto,
  CursorEvent,
  BoardQuery,
  BoardSnapshot,
  DrawnStroke,
  StrokeDto,
} from '../../src/board/board-dtos.js';
import type { MemberDto, SendDto, TypingDto, TypingEvent } from '../../src/chat/chat-events.js';
import type { MessageDto, RoomDto } from '../../src/rooms/room-dtos.js';

export type ChatSchema = DefineSchema<
  { send: [SendDto, MessageDto]; typing: [TypingDto, null]; members: [void, MemberDto[]] },
  { 'message.created': MessageDto; typing: TypingEvent }
>;

export type BoardSchema = DefineSchema<
  { stroke: [StrokeDto, null]; cursor: [CursorDto, null]; clear: [void, null] },
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
