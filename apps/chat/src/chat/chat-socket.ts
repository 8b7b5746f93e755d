import {
  Conn,
  Connection,
  Description,
  Emits,
  Hub,
  Message,
  OnConnect,
  OnDisconnect,
  OnMessage,
  Param,
  Query,
  Summary,
  Tags,
  WebSocket,
  WsCloseError,
} from '@halyard/core';
import { MessageDto } from '../rooms/room-dtos.js';
import { RoomStore } from '../rooms/room-store.js';
import { JoinQuery, MemberDto, roomChannel, SendDto, TypingDto, TypingEvent } from './chat-events.js';

declare module '@halyard/core' {
  interface ConnectionMetadata {
    name: string;
    roomId: string;
  }
}

/**
 * The real-time side of a chat room: join with `?name=`, send messages, typing indicators,
 * presence (`presence.joined` / `presence.left` come from the hub). A refused upgrade (no `?name=`)
 * closes with 4400 instead of an HTTP 400, because browsers cannot read HTTP refusals.
 */
@WebSocket('/ws/rooms/:roomId', { refuseWith: 'close' })
@Tags('chat')
@Summary('Chat room socket')
@Description('Connect with `?name=<display name>` to a room created over REST.')
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
    conn.presence = { name: query.name };
    conn.set('name', query.name);
    conn.set('roomId', roomId);
    await conn.join(roomChannel(roomId));
    const notice = this.rooms.addMessage(roomId, {
      author: 'system',
      text: `${query.name} joined`,
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
