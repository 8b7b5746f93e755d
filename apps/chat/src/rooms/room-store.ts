import { randomUUID } from 'node:crypto';
import { ConflictError, ForbiddenError, Injectable, NotFoundError, UnauthorizedError } from '@halyard/core';
import type { ChatIdentity } from '../auth/chat-tokens.js';
import type { MessageDto, RoomDto } from './room-dtos.js';

interface Room {
  readonly id: string;
  readonly title: string;
  readonly topic: string;
  readonly createdAt: Date;
  /** Names of the members of a private room (its creator and whom they invited); `undefined`: public. */
  readonly members: Set<string> | undefined;
  readonly messages: MessageDto[];
  /** `author` + `clientId` → the message stored for it, while it is in the history; in message order. */
  readonly byClientKey: Map<string, MessageDto>;
}

/** The chat's rooms and message history, in memory (bounded per room). */
@Injectable()
export class RoomStore {
  static readonly historyLimit = 500;
  readonly #rooms = new Map<string, Room>();

  constructor() {
    this.create({ id: 'general', title: 'General', topic: 'Anything goes' });
    this.create({ id: 'random', title: 'Random', topic: 'Off-topic' });
  }

  /** Public rooms, and the private rooms `viewer` is a member of. */
  list(viewer?: ChatIdentity): RoomDto[] {
    return [...this.#rooms.values()]
      .filter((room) => this.#isMember(room, viewer))
      .map((room) => this.#toDto(room));
  }

  get(id: string): RoomDto {
    return this.#toDto(this.#require(id));
  }

  has(id: string): boolean {
    return this.#rooms.has(id);
  }

  /** A room; with `owner`, a private one whose first member is the owner. */
  create(input: { id: string; title: string; topic?: string }, owner?: ChatIdentity): RoomDto {
    if (this.#rooms.has(input.id))
      throw new ConflictError(`Room "${input.id}" already exists`, { code: 'ROOM_EXISTS' });
    const room: Room = {
      id: input.id,
      title: input.title,
      topic: input.topic ?? '',
      createdAt: new Date(),
      members: owner ? new Set([owner.name]) : undefined,
      messages: [],
      byClientKey: new Map(),
    };
    this.#rooms.set(room.id, room);
    return this.#toDto(room);
  }

  /** Whether `identity` may join the room's socket: any room for a member, public ones for guests. */
  mayJoin(id: string, identity: ChatIdentity | undefined): boolean {
    const room = this.#rooms.get(id);
    return room === undefined || this.#isMember(room, identity);
  }

  /** Throws 401 (no session) or 403 (not invited) for a private room; unknown rooms are the route's 404. */
  checkAccess(id: string, identity: ChatIdentity | undefined): void {
    const room = this.#rooms.get(id);
    if (room === undefined || this.#isMember(room, identity)) return;
    if (!identity) throw new UnauthorizedError(`Room "${id}" is private: log in first`);
    throw new ForbiddenError(`Room "${id}" is private: ${identity.name} is not invited`, {
      code: 'ROOM_PRIVATE',
    });
  }

  /** A member of a private room lets `name` in. */
  invite(id: string, by: ChatIdentity, name: string): void {
    const room = this.#require(id);
    if (!room.members) throw new ConflictError(`Room "${id}" is public`, { code: 'ROOM_PUBLIC' });
    this.checkAccess(id, by);
    room.members.add(name);
  }

  remove(id: string): void {
    this.#require(id);
    this.#rooms.delete(id);
  }

  addMessage(
    roomId: string,
    { author, text, kind = 'user' }: { author: string; text: string; kind?: MessageDto['kind'] },
  ): MessageDto {
    return this.#store(this.#require(roomId), { author, text, kind });
  }

  /**
   * Stores a user's message once per `clientId`: a request re-sent after a reconnect gets the
   * message stored the first time (`created: false`) instead of a copy. Keyed by author too, so
   * one user cannot answer for another's key.
   */
  addUserMessage(
    roomId: string,
    input: { author: string; text: string; clientId?: string },
  ): { message: MessageDto; created: boolean } {
    const room = this.#require(roomId);
    const key = input.clientId === undefined ? undefined : `${input.author}\n${input.clientId}`;
    const known = key === undefined ? undefined : room.byClientKey.get(key);
    if (known) return { message: known, created: false };
    const message = this.#store(room, { author: input.author, text: input.text, kind: 'user' });
    if (key !== undefined) room.byClientKey.set(key, message);
    return { message, created: true };
  }

  #store(room: Room, input: { author: string; text: string; kind: MessageDto['kind'] }): MessageDto {
    const message: MessageDto = { id: randomUUID(), roomId: room.id, ...input, sentAt: new Date() };
    room.messages.push(message);
    if (room.messages.length > RoomStore.historyLimit) {
      const dropped = new Set(room.messages.splice(0, room.messages.length - RoomStore.historyLimit));
      // byClientKey is in message order (a key is set once, right after its message is stored), so
      // the dropped ones are at its front: stop at the first kept one instead of scanning it all.
      for (const [key, kept] of room.byClientKey) {
        if (!dropped.has(kept)) break;
        room.byClientKey.delete(key);
      }
    }
    return message;
  }

  history(roomId: string, limit = 50, before?: string): MessageDto[] {
    const messages = this.#require(roomId).messages;
    const end =
      before === undefined ? messages.length : messages.findIndex((message) => message.id === before);
    if (end < 0) throw new NotFoundError(`Message ${String(before)} not found in room ${roomId}`);
    return messages.slice(Math.max(0, end - limit), end);
  }

  #require(id: string): Room {
    const room = this.#rooms.get(id);
    if (!room) throw new NotFoundError(`Room "${id}" not found`);
    return room;
  }

  #isMember(room: Room, identity: ChatIdentity | undefined): boolean {
    return room.members === undefined || (identity !== undefined && room.members.has(identity.name));
  }

  #toDto(room: Room): RoomDto {
    return {
      id: room.id,
      title: room.title,
      topic: room.topic,
      private: room.members !== undefined,
      messageCount: room.messages.length,
      createdAt: room.createdAt,
    };
  }
}
