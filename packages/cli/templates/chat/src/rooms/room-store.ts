import { randomUUID } from 'node:crypto';
import { ConflictError, Injectable, NotFoundError } from '@halyard/core';
import type { MessageDto, RoomDto } from './room-dtos.js';

interface Room {
  readonly id: string;
  readonly title: string;
  readonly topic: string;
  readonly createdAt: Date;
  readonly messages: MessageDto[];
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

  list(): RoomDto[] {
    return [...this.#rooms.values()].map((room) => this.#toDto(room));
  }

  get(id: string): RoomDto {
    return this.#toDto(this.#require(id));
  }

  has(id: string): boolean {
    return this.#rooms.has(id);
  }

  create(input: { id: string; title: string; topic?: string }): RoomDto {
    if (this.#rooms.has(input.id))
      throw new ConflictError(`Room "${input.id}" already exists`, { code: 'ROOM_EXISTS' });
    const room: Room = {
      id: input.id,
      title: input.title,
      topic: input.topic ?? '',
      createdAt: new Date(),
      messages: [],
    };
    this.#rooms.set(room.id, room);
    return this.#toDto(room);
  }

  remove(id: string): void {
    this.#require(id);
    this.#rooms.delete(id);
  }

  addMessage(roomId: string, author: string, text: string, kind: MessageDto['kind'] = 'user'): MessageDto {
    const room = this.#require(roomId);
    const message: MessageDto = { id: randomUUID(), roomId, author, text, kind, sentAt: new Date() };
    room.messages.push(message);
    if (room.messages.length > RoomStore.historyLimit)
      room.messages.splice(0, room.messages.length - RoomStore.historyLimit);
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

  #toDto(room: Room): RoomDto {
    return {
      id: room.id,
      title: room.title,
      topic: room.topic,
      messageCount: room.messages.length,
      createdAt: room.createdAt,
    };
  }
}
