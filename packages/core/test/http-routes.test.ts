import 'reflect-metadata';
import t from 'tap';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  Body,
  ConflictError,
  Controller,
  createApp,
  Delete,
  Get,
  Headers,
  HttpCode,
  Injectable,
  NotFoundError,
  Param,
  Patch,
  Post,
  Put,
  Query,
  Req,
  Res,
  Returns,
} from '../src/index.js';
import { CreateRoomDto, ListQuery, RoomDto, TraceHeaders, Visibility } from './fixtures/room-dtos.js';
import { injectJson, injectText } from './helpers/inject-json.js';
import { createLoggedApp } from './helpers/logged-app.js';
import { postJson } from './helpers/post-json.js';
import { assertFieldErrors, assertProblem, fieldErrors } from './helpers/problem.js';

@Injectable()
class RoomStore {
  rooms = new Map<number, RoomDto>([[1, { id: 1, name: 'general', visibility: Visibility.Public }]]);
  next = 2;
}

@Controller('/rooms')
class RoomsController {
  constructor(private readonly store: RoomStore) {}

  @Get('/')
  @Returns([RoomDto])
  list(@Query() query: ListQuery): RoomDto[] {
    const all = [...this.store.rooms.values()].filter(
      (room) => !query.search || room.name.includes(query.search),
    );
    return all.slice(0, query.limit ?? 50);
  }

  @Get('/:id')
  @Returns(RoomDto)
  async get(@Param('id') id: number): Promise<RoomDto> {
    const room = this.store.rooms.get(id);
    if (!room) throw new NotFoundError(`Room ${id} not found`);
    return room;
  }

  @Post('/')
  create(@Body() body: CreateRoomDto): RoomDto {
    if ([...this.store.rooms.values()].some((room) => room.name === body.name)) {
      throw new ConflictError(`Room "${body.name}" exists`, { code: 'ROOM_EXISTS' });
    }
    const room = { id: this.store.next++, name: body.name, visibility: body.visibility ?? Visibility.Public };
    this.store.rooms.set(room.id, room);
    return room;
  }

  @Put('/:id')
  @Returns(RoomDto)
  replace(@Param('id') id: number, @Body() body: CreateRoomDto): RoomDto {
    const room = { id, name: body.name, visibility: body.visibility ?? Visibility.Public };
    this.store.rooms.set(id, room);
    return room;
  }

  @Patch('/:id/visibility')
  @HttpCode(202)
  @Returns(null)
  hide(@Param('id') id: number): void {
    const room = this.store.rooms.get(id);
    if (room) room.visibility = Visibility.Private;
  }

  @Delete('/:id')
  remove(@Param('id') id: number): void {
    this.store.rooms.delete(id);
  }

  @Get('/:id/trace')
  trace(
    @Headers() headers: TraceHeaders,
    @Headers('x-other') other: string,
    @Req() request: FastifyRequest,
  ): string {
    return `${headers['x-trace-id']}|${other ?? '-'}|${request.method}`;
  }

  @Get('/:id/raw')
  raw(@Param('id') id: string, @Res() reply: FastifyReply): void {
    void reply.code(203).header('x-raw', id).send('raw');
  }

  @Get('/boom/now')
  boom(): string {
    throw new Error('secret internal detail');
  }
}

async function build() {
  return createApp({ controllers: [RoomsController], providers: [RoomStore], fastify: { logger: false } });
}

t.test('GET returns the handler value, 200, with query DTO converted from text', async (t) => {
  const app = await build();
  t.strictSame(await injectJson(app, { method: 'GET', url: '/rooms?limit=1&search=gen' }), {
    status: 200,
    body: [{ id: 1, name: 'general', visibility: 'public' }],
  });
});

t.test('named path param is converted to number; handler errors become problems', async (t) => {
  const app = await build();
  t.strictSame(await injectJson(app, { method: 'GET', url: '/rooms/1' }), {
    status: 200,
    body: { id: 1, name: 'general', visibility: 'public' },
  });
  assertProblem(t, await app.inject({ method: 'GET', url: '/rooms/99' }), {
    status: 404,
    detail: 'Room 99 not found',
    instance: '/rooms/99',
    code: 'HALYARD_ERR_NOT_FOUND',
  });
  assertProblem(t, await app.inject({ method: 'GET', url: '/rooms/abc' }), {
    status: 400,
    detail: 'params failed validation',
    instance: '/rooms/abc',
    code: 'HALYARD_ERR_VALIDATION',
    errors: fieldErrors('params', [['id', 'isNumber', 'id must be a number']]),
  });
});

t.test('POST answers 201 with the created value; duplicate answers the HttpError code', async (t) => {
  const app = await build();
  const payload = { name: 'random', topics: [{ name: 'cats' }] };
  t.strictSame(await injectJson(app, { method: 'POST', url: '/rooms', payload }), {
    status: 201,
    body: { id: 2, name: 'random', visibility: 'public' },
  });
  const dup = await app.inject({ method: 'POST', url: '/rooms', payload: { name: 'random' } });
  t.equal(dup.statusCode, 409);
  t.equal(dup.json().code, 'ROOM_EXISTS');
  t.equal(dup.json().detail, 'Room "random" exists');
});

t.test('body validation reports every field error, nested paths included', async (t) => {
  const app = await build();
  const payload = { name: 'ab', visibility: 'secret', topics: [{ name: '' }, { name: 5 }], extra: true };
  assertProblem(t, await app.inject({ method: 'POST', url: '/rooms', payload }), {
    status: 400,
    detail: 'body failed validation',
    instance: '/rooms',
    code: 'HALYARD_ERR_VALIDATION',
    errors: fieldErrors('body', [
      ['extra', 'whitelistValidation', 'property extra should not exist'],
      ['name', 'isLength', 'name must be longer than or equal to 3 characters'],
      ['visibility', 'isEnum', 'visibility must be one of the following values: public, private'],
      ['topics.0.name', 'isLength', 'name must be longer than or equal to 1 characters'],
      [
        'topics.1.name',
        'isLength',
        'name must be longer than or equal to 1 and shorter than or equal to 20 characters',
      ],
      ['topics.1.name', 'isString', 'name must be a string'],
    ]),
  });
});

t.test('a non-object body and malformed JSON are 400 problems', async (t) => {
  const app = await build();
  const array = await app.inject({ method: 'POST', url: '/rooms', payload: [1, 2] });
  assertFieldErrors(t, array, fieldErrors('body', [['', 'isObject', 'body must be a JSON object']]));
  const malformed = await postJson(app, '/rooms', '{"name":');
  t.equal(malformed.statusCode, 400);
  t.equal(malformed.json().code, 'HALYARD_ERR_BAD_REQUEST');
  t.equal(malformed.headers['content-type'], 'application/problem+json; charset=utf-8');
});

t.test('query validation: out of range and unknown keys', async (t) => {
  const app = await build();
  const res = await app.inject({ method: 'GET', url: '/rooms?limit=500&sort=name' });
  assertFieldErrors(
    t,
    res,
    fieldErrors('query', [
      ['sort', 'whitelistValidation', 'property sort should not exist'],
      ['limit', 'max', 'limit must not be greater than 100'],
    ]),
  );
});

t.test('PUT, PATCH with @HttpCode and no body, DELETE on void answers 204', async (t) => {
  const app = await build();
  const payload = { name: 'seven', visibility: 'private' };
  t.strictSame(await injectJson(app, { method: 'PUT', url: '/rooms/7', payload }), {
    status: 200,
    body: { id: 7, name: 'seven', visibility: 'private' },
  });
  const patched = await injectText(app, { method: 'PATCH', url: '/rooms/7/visibility' });
  t.strictSame(patched, { status: 202, body: '' });
  t.strictSame(await injectText(app, { method: 'DELETE', url: '/rooms/7' }), { status: 204, body: '' });
  t.equal((await app.inject({ method: 'GET', url: '/rooms/7' })).statusCode, 404);
});

t.test(
  'headers DTO ignores undeclared headers; named header is optional; @Req gives the request',
  async (t) => {
    const app = await build();
    const ok = await app.inject({
      method: 'GET',
      url: '/rooms/1/trace',
      headers: { 'x-trace-id': 'abcd-1234' },
    });
    t.equal(ok.statusCode, 200);
    t.equal(ok.body, 'abcd-1234|-|GET');
    const withOther = await app.inject({
      method: 'GET',
      url: '/rooms/1/trace',
      headers: { 'x-trace-id': 'abcd-1234', 'x-other': 'yes' },
    });
    t.equal(withOther.body, 'abcd-1234|yes|GET');
    const missing = await app.inject({ method: 'GET', url: '/rooms/1/trace' });
    assertFieldErrors(
      t,
      missing,
      fieldErrors('headers', [
        ['x-trace-id', 'isLength', 'x-trace-id must be longer than or equal to 4 characters'],
        ['x-trace-id', 'isString', 'x-trace-id must be a string'],
      ]),
    );
  },
);

t.test('@Res lets the handler answer itself', async (t) => {
  const app = await build();
  const res = await app.inject({ method: 'GET', url: '/rooms/5/raw' });
  t.equal(res.statusCode, 203);
  t.equal(res.headers['x-raw'], '5');
  t.equal(res.body, 'raw');
});

t.test('a thrown non-HttpError is a generic 500 with a log line, no stack to the client', async (t) => {
  const { app, lines } = await createLoggedApp(t, { controllers: [RoomsController], providers: [RoomStore] });
  const res = await app.inject({ method: 'GET', url: '/rooms/boom/now' });
  assertProblem(t, res, {
    status: 500,
    detail: 'Internal server error',
    instance: '/rooms/boom/now',
    code: 'HALYARD_ERR_INTERNAL',
  });
  t.notMatch(res.body, /secret internal detail/);
  const logged = lines.find((line) => line['code'] === 'HALYARD_ERR_INTERNAL');
  t.ok(logged, 'error logged');
  t.equal(logged?.['level'], 50);
  t.match((logged?.['err'] as { message: string }).message, 'secret internal detail');
  // the process keeps serving
  t.equal((await app.inject({ method: 'GET', url: '/rooms/1' })).statusCode, 200);
});

t.test('unknown routes answer a 404 problem', async (t) => {
  const app = await build();
  const res = await app.inject({ method: 'GET', url: '/nope' });
  t.equal(res.statusCode, 404);
  t.equal(res.json().code, 'HALYARD_ERR_NOT_FOUND');
  t.equal(res.json().detail, 'Route GET:/nope not found');
});

t.test('the result is a plain Fastify instance that takes plugins and exposes the definition', async (t) => {
  const app = await build();
  app.get('/plain', async () => ({ plain: true }));
  t.same((await app.inject({ method: 'GET', url: '/plain' })).json(), { plain: true });
  t.same(
    app.halyard.definition.routes.map((route) => `${route.method} ${route.path} ${route.status}`),
    [
      'GET /rooms 200',
      'GET /rooms/:id 200',
      'POST /rooms 201',
      'PUT /rooms/:id 200',
      'PATCH /rooms/:id/visibility 202',
      'DELETE /rooms/:id 204',
      'GET /rooms/:id/trace 200',
      'GET /rooms/:id/raw 204',
      'GET /rooms/boom/now 200',
    ],
  );
  t.ok(Object.isFrozen(app.halyard.definition.routes[0]));
  t.equal((await app.halyard.get(RoomStore)).rooms.size, 1);
});
