import { Body, Controller, Get, Param, Post, Returns, Summary, Tags } from '@halyard/core';
import { CreateNoteDto, NoteDto } from './notes.dto.js';
import { NotesStore } from './notes.store.js';

@Controller('/api/notes')
@Tags('notes')
export class NotesController {
  constructor(private readonly notes: NotesStore) {}

  @Get('/')
  @Summary('List notes')
  @Returns([NoteDto])
  list(): NoteDto[] {
    return this.notes.list();
  }

  @Get('/:id')
  @Summary('Get a note')
  get(@Param('id') id: number): NoteDto {
    return this.notes.get(id);
  }

  @Post('/')
  @Summary('Create a note')
  create(@Body() body: CreateNoteDto): NoteDto {
    return this.notes.create(body);
  }
}
