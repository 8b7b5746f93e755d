import {
  Conn,
  Connection,
  Description,
  Emits,
  Hub,
  Identity,
  Message,
  NotFoundError,
  OnConnect,
  OnDisconnect,
  OnMessage,
  OnReauth,
  Param,
  Query,
  Summary,
  Tags,
  UseGuards,
  WebSocket,
  WsCloseError,
} from '@halyard/core';
import { chatIdentity, ModeratorGuard, SocketTokenGuard } from '../auth/chat-guards.js';
import type { ChatIdentity } from '../auth/chat-tokens.js';
import { MessageDto } from '../rooms/room-dtos.js';
import { RoomStore } from '../rooms/room-store.js';
import {
  JoinQuery,
  KickDto,
  MemberDto,
  roomChannel,
  SendDto,
  TypingDto,
  TypingEvent,
} from './chat-events.js';

declare module '@halyard/core' {
  interface ConnectionMetadata {
    name: string;
    roomId: string;
  }
}

/**
 * The real-time side of a chat room: join with `?name=` (and `?token=` from `POST /api/login`),
 * send messages, typing indicators, presence (`presence.joined` / `presence.left` come from the
 * hub). A refused upgrade (no `?name=`, a bad token) closes with 4400 / 4401 instead of an HTTP
 * error, because browsers cannot read HTTP refusals. A private room's join is refused by the room
 * policy (4403) unless the token's user was invited; `kick` is for moderators only.
 */
@WebSocket('/ws/rooms/:roomId', { refuseWith: 'close' })
@UseGuards(SocketTokenGuard)
@Tags('chat')
@Summary('Chat room socket')
@Description(
  'Connect with `?name=<display name>` to a room created over REST. With `?token=` (from ' +
    '`POST /api/login`) the socket is that user until the token expires: answer `$expiring` with ' +
    '`$auth` and a fresh token, or it closes with 4401. Private rooms need a token of an invited user.',
)
@Emits('message.created', MessageDto, {
  summary: 'A message was posted to the room (over the socket or REST)',
})
@Emits('typing', TypingEvent, { summary: 'Someone started or stopped typing' })
export class ChatSocket {
  constructor(
    private readonly rooms: RoomStore,
    private readonly hub: Hub,
  ) {}

  @OnConnect()
  async join(
    @Conn() conn: Connection,
    @Param('roomId') roomId: string,
    @Query() query: JoinQuery,
  ): Promise<void> {
    if (!this.rooms.has(roomId)) throw new WsCloseError(4404, `Room "${roomId}" not found`);
    // A token's name wins over `?name=`: nobody posts under a logged-in user's name on their socket.
    const name = chatIdentity(conn.identity)?.name ?? query.name;
    conn.presence = { name };
    conn.set('name', name);
    await conn.join(roomChannel(roomId)); // the room policy (RoomMemberGuard) refuses non-members: 4403
    // Only once joined: a refused socket leaves no "left" notice in a room it never entered.
    conn.set('roomId', roomId);
    const notice = this.rooms.addMessage(roomId, {
      author: 'system',
      text: `${name} joined`,
      kind: 'system',
    });
    await this.hub.toRoom(roomChannel(roomId), 'message.created', notice);
  }

  @OnMessage('send', { reply: MessageDto })
  @Summary('Send a message')
  @Description(
    'Stores the message, replies with it, and pushes `message.created` to the other members. ' +
      'Idempotent per `clientId`: a re-sent message gets the stored one back and is not pushed again.',
  )
  async send(@Message() body: SendDto, @Conn() conn: Connection): Promise<MessageDto> {
    const roomId = conn.get('roomId') as string;
    const { message, created } = this.rooms.addUserMessage(roomId, {
      author: conn.get('name') as string,
      text: body.text,
      clientId: body.clientId,
    });
    if (created) await this.hub.toRoom(roomChannel(roomId), 'message.created', message, { except: conn.id });
    return message;
  }

  @OnMessage('typing', { reply: null })
  @Summary('Typing indicator')
  async typing(@Message() body: TypingDto, @Conn() conn: Connection): Promise<void> {
    const event: TypingEvent = {
      connectionId: conn.id,
      name: conn.get('name') as string,
      typing: body.typing,
    };
    await this.hub.toRoom(roomChannel(conn.get('roomId') as string), 'typing', event, { except: conn.id });
  }

  @OnMessage('members', { reply: [MemberDto] })
  @Summary('Who is in the room')
  async members(@Conn() conn: Connection): Promise<MemberDto[]> {
    const members = await this.hub.roomMembers(roomChannel(conn.get('roomId') as string));
    return members.map((member) => ({ id: member.id, name: String(member.data?.['name'] ?? '') }));
  }

  @OnMessage('kick', { reply: null })
  @UseGuards(ModeratorGuard)
  @Summary('Remove someone from the room (moderators)')
  @Description(
    "Closes the member's socket with 4403 `Removed by a moderator` and tells the room. Anyone " +
      'else gets `HALYARD_ERR_FORBIDDEN` and keeps their socket.',
  )
  async kick(@Message() body: KickDto, @Conn() conn: Connection): Promise<void> {
    const room = roomChannel(conn.get('roomId') as string);
    const target = (await this.hub.roomMembers(room)).find((member) => member.id === body.connectionId);
    if (!target) throw new NotFoundError(`No member ${body.connectionId} in this room`);
    await this.hub.disconnect(target.id, 4403, 'Removed by a moderator');
  }

  /** A refreshed token must be the same user's: a socket does not change hands. */
  @OnReauth()
  reauthenticated(@Conn() conn: Connection, @Identity() identity: ChatIdentity | undefined): void {
    const name = chatIdentity(identity)?.name;
    if (name !== undefined && name !== conn.get('name'))
      conn.close(4403, 'A refreshed token must be for the same user');
  }

  @OnDisconnect()
  async leave(@Conn() conn: Connection): Promise<void> {
    const roomId = conn.get('roomId');
    if (roomId === undefined || !this.rooms.has(roomId)) return;
    const notice = this.rooms.addMessage(roomId, {
      author: 'system',
      text: `${String(conn.get('name'))} left`,
      kind: 'system',
    });
    await this.hub.toRoom(roomChannel(roomId), 'message.created', notice);
  }
}
