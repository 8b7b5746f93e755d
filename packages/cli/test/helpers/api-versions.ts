import 'reflect-metadata';
import {
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  Length,
  Matches,
  Min,
} from 'class-validator';
import {
  Body,
  Controller,
  Get,
  generateDocs,
  Message,
  OnMessage,
  Param,
  Post,
  Requests,
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
  /** Without the WebSocket controller: the channel and its operations go. */
  readonly withSocket?: boolean;
  readonly socketPath?: string;
  /** `GET /api/tickets` (list), on the path `POST /api/tickets` keeps. */
  readonly withList?: boolean;
  /** Whether OpenTicket has the optional `queue` field at all. */
  readonly withQueue?: boolean;
  /** OpenTicket.estimate: a number, or narrowed to an integer. */
  readonly estimateType?: 'number' | 'integer';
  readonly estimateMin?: number;
  readonly titleMax?: number;
  /** OpenTicket.title must match a pattern. */
  readonly titlePattern?: boolean;
  /** OpenTicket.reporter must be an e-mail address (format: email). */
  readonly reporterEmail?: boolean;
  /** The socket asks the client to confirm a ticket (`@Requests('confirm')`). */
  readonly withConfirm?: boolean;
  /** The client's answer to `confirm` must give a `reason` (optional before). */
  readonly requireReason?: boolean;
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
  const list = variant.withList !== false;
  const queue = variant.withQueue !== false;
  const integer = variant.estimateType === 'integer';

  class OpenTicket {
    @IsString()
    @Length(1, variant.titleMax ?? 200)
    @when(variant.titlePattern === true, Matches(/^[^<>]*$/))
    title!: string;
    @IsIn(priorities) priority!: string;
    /** Optional, until a version makes it required. */
    @when(queue && variant.requireQueue !== true, IsOptional()) @when(queue, IsString()) queue?: string;
    @IsOptional()
    @when(!integer, IsNumber())
    @when(integer, IsInt())
    @Min(variant.estimateMin ?? 0)
    estimate?: number;
    @IsOptional() @IsString() @when(variant.reporterEmail === true, IsEmail()) reporter?: string;
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

  class ConfirmTicket {
    @IsString() id!: string;
  }

  /** What the client answers: its reply goes client → server. */
  class Confirmation {
    @IsBoolean() ok!: boolean;
    @when(variant.requireReason !== true, IsOptional()) @IsString() reason?: string;
  }

  const confirm: ClassDecorator =
    variant.withConfirm === true ? Requests('confirm', ConfirmTicket, { reply: Confirmation }) : skip;

  @confirm
  @WebSocket(variant.socketPath ?? '/ws/tickets')
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
    @when(list, Get('/'))
    @when(list, Returns([Ticket]))
    list(): Ticket[] {
      return [];
    }

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
    controllers: [TicketsController, ...(variant.withSocket === false ? [] : [TicketsSocket])],
    docs: { title: 'Tickets', version: '1.0.0' },
  });
}
