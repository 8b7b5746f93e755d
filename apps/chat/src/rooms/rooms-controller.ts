import {
  Body,
  Controller,
  Delete,
  Description,
  Get,
  Hub,
  Identity,
  Param,
  Post,
  Query,
  Returns,
  Summary,
  Tags,
  UnauthorizedError,
  UseGuards,
} from '@halyard/core';
import { PrivateRoomGuard, SessionGuard } from '../auth/chat-guards.js';
import type { ChatIdentity } from '../auth/chat-tokens.js';
import {
  CreateRoomDto,
  HistoryPage,
  HistoryQuery,
  InviteDto,
  MessageDto,
  PostMessageDto,
  RoomDto,
} from './room-dtos.js';
import { RoomStore } from './room-store.js';
import { roomChannel } from '../chat/chat-events.js';

/**
 * Every route reads an optional session (`Authorization: Bearer`, `SessionGuard`); the routes
 * of a private room answer its members only (`PrivateRoomGuard`), as its socket does (the room policy).
 */
@Controller('/api/rooms')
@Tags('rooms')
@UseGuards(SessionGuard, PrivateRoomGuard)
export class RoomsController {
  constructor(
    private readonly rooms: RoomStore,
    private readonly hub: Hub,
  ) {}

  @Get('/')
  @Summary('List rooms')
  @Description('The public rooms, and the private rooms the session is a member of.')
  @Returns([RoomDto])
  list(@Identity() viewer: ChatIdentity | undefined): RoomDto[] {
    return this.rooms.list(viewer);
  }

  @Get('/:roomId')
  @Summary('Get a room')
  get(@Param('roomId') roomId: string): RoomDto {
    return this.rooms.get(roomId);
  }

  @Post('/')
  @Summary('Create a room')
  @Description(
    'Creates a chat room; its id is used in the room socket path `/ws/rooms/{roomId}`. A `private` ' +
      'room needs a session: its creator is its first member and invites the others.',
  )
  create(@Body() body: CreateRoomDto, @Identity() creator: ChatIdentity | undefined): RoomDto {
    if (!body.private) return this.rooms.create(body);
    if (!creator) throw new UnauthorizedError('Log in to create a private room');
    return this.rooms.create(body, creator);
  }

  @Post('/:roomId/invites')
  @Summary('Invite to a private room')
  @Description('A member of a private room lets another user (by the name they log in with) in.')
  @Returns(null, { status: 204 })
  invite(
    @Param('roomId') roomId: string,
    @Body() body: InviteDto,
    @Identity() member: ChatIdentity | undefined,
  ): void {
    if (!member) throw new UnauthorizedError('Log in to invite');
    this.rooms.invite(roomId, member, body.name);
  }

  @Delete('/:roomId')
  @Summary('Delete a room')
  @Returns(null)
  @Description('Deletes the room and disconnects everyone in it with close code 4410.')
  async remove(@Param('roomId') roomId: string): Promise<void> {
    this.rooms.remove(roomId);
    for (const member of await this.hub.roomMembers(roomChannel(roomId)))
      await this.hub.disconnect(member.id, 4410, 'Room deleted');
  }

  @Get('/:roomId/messages')
  @Summary('Message history')
  @Description(
    'The latest messages of a room, oldest first; page backwards with `before`. `position` is the ' +
      "room socket's position, read before the messages: connect and `resumeFrom` it to get every " +
      'later message over the socket (a message stored during the read may be in both: skip it by id).',
  )
  @Returns(HistoryPage)
  async history(@Param('roomId') roomId: string, @Query() query: HistoryQuery): Promise<HistoryPage> {
    // 404 first: reading a position gives the room a log, which an unknown room should not get.
    this.rooms.get(roomId);
    const { position, data } = await this.hub.readWithPosition(roomChannel(roomId), () =>
      this.rooms.history(roomId, query.limit, query.before),
    );
    return { messages: data, position };
  }

  @Post('/:roomId/messages')
  @Summary('Post a message')
  @Description('Stores the message and pushes `message.created` to everyone connected to the room.')
  @Returns(MessageDto, { status: 201 })
  async post(@Param('roomId') roomId: string, @Body() body: PostMessageDto): Promise<MessageDto> {
    const message = this.rooms.addMessage(roomId, { author: body.author, text: body.text });
    await this.hub.toRoom(roomChannel(roomId), 'message.created', message);
    return message;
  }
}
