import 'reflect-metadata';
import { Body, Controller, Post } from '@halyard/core';
import { Say } from './chat-socket.js';

/** `POST /notes` answers the validated `Say` it was sent: the one REST route of the chat fixtures. */
@Controller('/notes')
export class NotesController {
  @Post('/') create(@Body() say: Say): Say {
    return say;
  }
}
