import 'reflect-metadata';
import { IsIn, IsOptional, IsString, Length } from 'class-validator';
import {
  Body,
  Controller,
  Get,
  generateDocs,
  Message,
  OnMessage,
  Param,
  Post,
  Returns,
  WebSocket,
  type GeneratedDocs,
} from '@halyard/core';

/** What changes between two versions of the same small ticket API. */
export interface Variant {
  readonly priorities?: readonly string[];
  readonly requireQueue?: boolean;
  readonly withClose?: boolean;
  readonly withWatch?: boolean;
  readonly withAssignee?: boolean;
  readonly withDelete?: boolean;
}

const skip = (): void => {};
/** A decorator that is applied only in the versions that have the member. */
const when = <D extends PropertyDecorator | MethodDecorator | ParameterDecorator>(
  on: boolean,
  decorator: D,
): D => (on ? decorator : skip) as D;

/**
 * Builds the AsyncAPI and OpenAPI documents of one version. Every version declares classes with the
 * same names, as one app would from one release to the next.
 */
export function ticketApi(variant: Variant = {}): GeneratedDocs {
  const priorities = variant.priorities ?? ['low', 'normal', 'high'];
  const close = variant.withClose !== false;
  const watch = variant.withWatch === true;
  const remove = variant.withDelete !== false;

  class OpenTicket {
    @IsString() @Length(1, 200) title!: string;
    @IsIn(priorities) priority!: string;
    /** Optional, until a version makes it required. */
    @when(variant.requireQueue !== true, IsOptional()) @IsString() queue?: string;
  }

  class TicketRef {
    @IsString() id!: string;
  }

  class Ticket {
    @IsString() id!: string;
    @IsString() title!: string;
    @IsIn(priorities) priority!: string;
    @when(variant.withAssignee !== false, IsString()) assignee?: string;
  }

  @WebSocket('/ws/tickets')
  class TicketsSocket {
    @OnMessage('open', { reply: Ticket })
    open(@Message() body: OpenTicket): Ticket {
      return { id: '1', title: body.title, priority: body.priority };
    }

    @when(close, OnMessage('close', { reply: null }))
    close(@when(close, Message()) _body: TicketRef): void {}

    @when(watch, OnMessage('watch', { reply: null }))
    watch(@when(watch, Message()) _body: TicketRef): void {}
  }

  @Controller('/api/tickets')
  class TicketsController {
    @Get('/:id')
    get(@Param('id') id: string): Ticket {
      return { id, title: '', priority: 'low' };
    }

    @Post('/')
    create(@Body() body: OpenTicket): Ticket {
      return { id: '1', title: body.title, priority: body.priority };
    }

    @when(remove, Post('/:id/delete'))
    @when(remove, Returns(null))
    remove(@when(remove, Param('id')) _id: string): void {}
  }

  return generateDocs({
    controllers: [TicketsController, TicketsSocket],
    docs: { title: 'Tickets', version: '1.0.0' },
  });
}
