import {
  Conn,
  Connection,
  Description,
  Emits,
  Hub,
  Message,
  OnConnect,
  OnMessage,
  Param,
  Query,
  Summary,
  Tags,
  WebSocket,
} from '@halyard/core';
import { BoardQuery, BoardSnapshot, CursorDto, CursorEvent, DrawnStroke, StrokeDto } from './board-dtos.js';
import { BoardStore } from './board-store.js';

function boardRoom(boardId: string): string {
  return `board:${boardId}`;
}

/**
 * The collaborative whiteboard: strokes are stored and broadcast to the board's room, cursors are
 * broadcast only (they are many and short-lived). Cursor messages are rate limited more loosely.
 */
@WebSocket('/ws/boards/:boardId', { rateLimit: { perSecond: 60, burst: 120 }, refuseWith: 'close' })
@Tags('whiteboard')
@Summary('Whiteboard socket')
@Description(
  'Connect with `?name=<display name>`; the first push is `board.snapshot` with every stroke so far.',
)
@Emits('board.snapshot', BoardSnapshot, { summary: 'Every stroke so far, sent once on connect' })
@Emits('stroke.drawn', DrawnStroke, { summary: 'Someone finished a stroke' })
@Emits('cursor.moved', CursorEvent, { summary: "Someone's pointer moved" })
@Emits('board.cleared', BoardQuery, { summary: 'Someone cleared the board (data names who)' })
export class BoardSocket {
  constructor(
    private readonly boards: BoardStore,
    private readonly hub: Hub,
  ) {}

  @OnConnect()
  async join(
    @Conn() conn: Connection,
    @Param('boardId') boardId: string,
    @Query() query: BoardQuery,
  ): Promise<void> {
    conn.presence = { name: query.name };
    conn.set('name', query.name);
    conn.set('roomId', boardId);
    conn.send('board.snapshot', { strokes: this.boards.strokes(boardId) });
    await conn.join(boardRoom(boardId));
  }

  @OnMessage('stroke', { reply: null })
  @Summary('Draw a stroke')
  async stroke(@Message() stroke: StrokeDto, @Conn() conn: Connection): Promise<void> {
    const boardId = conn.get('roomId') as string;
    const drawn: DrawnStroke = { ...stroke, author: conn.get('name') as string };
    this.boards.add(boardId, drawn);
    await this.hub.toRoom(boardRoom(boardId), 'stroke.drawn', drawn, { except: conn.id });
  }

  @OnMessage('cursor', { reply: null })
  @Summary('Move the pointer')
  async cursor(@Message() cursor: CursorDto, @Conn() conn: Connection): Promise<void> {
    const event: CursorEvent = {
      connectionId: conn.id,
      name: conn.get('name') as string,
      x: cursor.x,
      y: cursor.y,
    };
    await this.hub.toRoom(boardRoom(conn.get('roomId') as string), 'cursor.moved', event, {
      except: conn.id,
    });
  }

  @OnMessage('clear', { reply: null })
  @Summary('Clear the board')
  async clear(@Conn() conn: Connection): Promise<void> {
    const boardId = conn.get('roomId') as string;
    this.boards.clear(boardId);
    await this.hub.toRoom(boardRoom(boardId), 'board.cleared', { name: conn.get('name') as string });
  }
}
