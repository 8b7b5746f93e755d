import { Injectable, NotFoundError } from '@halyard/core';
import type { CreateNoteDto, NoteDto } from './notes.dto.js';

/** The notes, in memory: one instance per app, injected into the controller. */
@Injectable()
export class NotesStore {
  readonly #notes = new Map<number, NoteDto>();
  #nextId = 1;

  list(): NoteDto[] {
    return [...this.#notes.values()];
  }

  get(id: number): NoteDto {
    const note = this.#notes.get(id);
    if (!note) throw new NotFoundError(`Note ${id} not found`);
    return note;
  }

  create(input: CreateNoteDto): NoteDto {
    const note: NoteDto = {
      id: this.#nextId++,
      title: input.title,
      body: input.body ?? '',
      createdAt: new Date(),
    };
    this.#notes.set(note.id, note);
    return note;
  }
}
