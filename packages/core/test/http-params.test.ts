import 'reflect-metadata';
import t from 'tap';
import Fastify from 'fastify';
import { IsInt, IsOptional, IsString, Length, Min } from 'class-validator';
import { Body, Controller, createApp, Get, Param, Post, Query, Returns } from '../src/index.js';
import { expectBootError } from './helpers/boot-error.js';
import { injectJson } from './helpers/inject-json.js';
import { assertFieldErrors, assertProblem, fieldErrors } from './helpers/problem.js';

class RoomMessageParams {
  @IsString() @Length(3, 10) roomId!: string;
  @IsInt() @Min(1) messageId!: number;
}

class ItemDto {
  @IsString() @Length(2, 10) name!: string;
  @IsInt() qty!: number;
}

class NoteDto {
  @IsString() text!: string;
}

@Controller('/p')
class ParamsController {
  @Get('/rooms/:roomId/messages/:messageId')
  @Returns(RoomMessageParams)
  message(@Param() params: RoomMessageParams): RoomMessageParams {
    return { roomId: params.roomId, messageId: params.messageId };
  }

  @Get('/search')
  search(@Query('page') page: number, @Query('exact') exact: boolean, @Query('term') term: string): string {
    return JSON.stringify({
      page: page ?? null,
      exact: exact ?? null,
      term: term ?? null,
      types: [typeof page, typeof exact, typeof term],
    });
  }

  @Post('/items')
  @Returns([ItemDto])
  items(@Body({ type: [ItemDto] }) items: ItemDto[]): ItemDto[] {
    return items.map((item) => ({ name: item.name, qty: item.qty }));
  }

  @Post('/notes')
  note(@Body() note: NoteDto): NoteDto {
    return note;
  }
}

async function build(validation?: Parameters<typeof createApp>[0]['validation']) {
  return createApp({
    controllers: [ParamsController],
    fastify: { logger: false },
    ...(validation && { validation }),
  });
}

t.test('@Param() takes every path parameter as one validated DTO', async (t) => {
  const app = await build();
  t.strictSame(await injectJson(app, '/p/rooms/general/messages/7'), {
    status: 200,
    body: { roomId: 'general', messageId: 7 },
  });
  assertProblem(t, await app.inject({ url: '/p/rooms/ab/messages/0' }), {
    status: 400,
    detail: 'params failed validation',
    instance: '/p/rooms/ab/messages/0',
    code: 'HALYARD_ERR_VALIDATION',
    errors: fieldErrors('params', [
      ['roomId', 'isLength', 'roomId must be longer than or equal to 3 characters'],
      ['messageId', 'min', 'messageId must not be less than 1'],
    ]),
  });
});

t.test('@Param() DTO must declare every path parameter, checked at boot', async (t) => {
  class OnlyRoom {
    @IsString() roomId!: string;
  }
  @Controller('/q')
  class Partial {
    @Get('/rooms/:roomId/messages/:messageId')
    @Returns(OnlyRoom)
    get(@Param() params: OnlyRoom): OnlyRoom {
      return params;
    }
  }
  await expectBootError(t, [Partial], {
    code: 'HALYARD_ERR_ROUTE_CONFLICT',
    message:
      'Partial.get: @Param() OnlyRoom does not declare :messageId of GET /q/rooms/:roomId/messages/:messageId; add a decorated property for every path parameter',
  });
});

t.test('@Query(name) converts numbers and booleans; an absent value is undefined', async (t) => {
  const app = await build();
  const full = await app.inject({ url: '/p/search?page=3&exact=true&term=cats' });
  t.equal(full.statusCode, 200);
  t.strictSame(JSON.parse(full.body), {
    page: 3,
    exact: true,
    term: 'cats',
    types: ['number', 'boolean', 'string'],
  });
  const off = await app.inject({ url: '/p/search?exact=false' });
  t.strictSame(JSON.parse(off.body), {
    page: null,
    exact: false,
    term: null,
    types: ['undefined', 'boolean', 'undefined'],
  });
  assertProblem(t, await app.inject({ url: '/p/search?page=three&exact=maybe' }), {
    status: 400,
    detail: 'query failed validation',
    instance: '/p/search',
    code: 'HALYARD_ERR_VALIDATION',
    errors: fieldErrors('query', [
      ['page', 'isNumber', 'page must be a number'],
      ['exact', 'isBoolean', 'exact must be true or false'],
    ]),
  });
});

t.test('@Body({ type: [Dto] }) validates every element, paths indexed', async (t) => {
  const app = await build();
  const items = [
    { name: 'apple', qty: 2 },
    { name: 'pear', qty: 1 },
  ];
  t.strictSame(await injectJson(app, { method: 'POST', url: '/p/items', payload: items }), {
    status: 201,
    body: items,
  });
  const wrong = [
    { name: 'a', qty: 1 },
    { name: 'pear', qty: 'x', extra: 1 },
  ];
  assertProblem(t, await app.inject({ method: 'POST', url: '/p/items', payload: wrong }), {
    status: 400,
    detail: 'body failed validation',
    instance: '/p/items',
    code: 'HALYARD_ERR_VALIDATION',
    errors: fieldErrors('body', [
      ['0.name', 'isLength', 'name must be longer than or equal to 2 characters'],
      ['1.extra', 'whitelistValidation', 'property extra should not exist'],
      ['1.qty', 'isInt', 'qty must be an integer number'],
    ]),
  });
  const notArray = await app.inject({ method: 'POST', url: '/p/items', payload: { name: 'apple', qty: 2 } });
  assertFieldErrors(t, notArray, fieldErrors('body', [['', 'isArray', 'body must be a JSON array']]));
});

t.test('createApp({ validation }): forbidNonWhitelisted off strips, whitelist off keeps', async (t) => {
  const payload = { text: 'hi', extra: 1 };
  const strict = await build();
  const rejected = await strict.inject({ method: 'POST', url: '/p/notes', payload });
  assertFieldErrors(
    t,
    rejected,
    fieldErrors('body', [['extra', 'whitelistValidation', 'property extra should not exist']]),
  );

  const note = { method: 'POST', url: '/p/notes', payload } as const;
  const stripping = await build({ forbidNonWhitelisted: false });
  t.strictSame(await injectJson(stripping, note), { status: 201, body: { text: 'hi' } });
  const keeping = await build({ whitelist: false });
  t.strictSame(await injectJson(keeping, note), { status: 201, body: { text: 'hi', extra: 1 } });
});

t.test('createApp({ fastify: { loggerInstance } }) uses the given pino logger', async (t) => {
  const lines: Array<Record<string, unknown>> = [];
  const stream = { write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>) };
  // A real pino instance, the one Fastify builds from logger options.
  const source = Fastify({ logger: { level: 'info', stream } });
  const app = await createApp({ controllers: [ParamsController], fastify: { loggerInstance: source.log } });
  t.teardown(() => Promise.all([app.close(), source.close()]));
  t.equal(app.log.level, 'info');
  const res = await app.inject({ method: 'POST', url: '/p/notes', payload: { text: 5 } });
  t.equal(res.statusCode, 400);
  const rejected = lines.find((line) => line['msg'] === 'request rejected: body failed validation');
  t.equal(rejected?.['code'], 'HALYARD_ERR_VALIDATION');
  t.equal(rejected?.['level'], 30);
});

t.test('@IsOptional() also lets null through, as docs/validation.md says', async (t) => {
  class MaybeColour {
    @IsOptional() @IsString() colour?: string | null;
  }
  @Controller('/nullable')
  class Nullable {
    @Post('/')
    @Returns(String)
    create(@Body() body: MaybeColour): string {
      return JSON.stringify(body.colour);
    }
  }
  const app = await createApp({ controllers: [Nullable], fastify: { logger: false } });
  const res = await app.inject({ method: 'POST', url: '/nullable', payload: { colour: null } });
  t.equal(res.statusCode, 201);
  t.equal(res.body, 'null');
});
