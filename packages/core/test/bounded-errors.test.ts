import 'reflect-metadata';
import t, { type Test } from 'tap';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsString, ValidateNested } from 'class-validator';
import {
  BadRequestError,
  Body,
  Controller,
  createApp,
  Message,
  NotFoundError,
  OnMessage,
  Post,
  WebSocket,
  type FieldError,
  type ValidationSettings,
} from '../src/index.js';
import { connectSocket } from '../src/testing/index.js';
import { postJson } from './helpers/post-json.js';

class Item {
  @IsString() name!: string;
}
class Basket {
  @ValidateNested({ each: true }) @Type(() => Item) items!: Item[];
}
class Note {
  // `$value` puts the client's value in the message: a 100 KB value, a 100 KB message.
  @IsIn(['memo'], { message: '$value is not a kind of note' }) kind!: string;
}
class Count {
  @IsInt() count!: number;
}

/** What an application might throw: one field error per entry of a client's list. */
function tooMany(count: number): never {
  const errors = Array.from({ length: count }, (_, index): FieldError => ({
    in: 'body',
    path: `rows.${index}`,
    constraint: 'known',
    message: 'unknown row',
  }));
  throw new BadRequestError('rows rejected', { errors });
}

@Controller('/errs')
class ErrsController {
  @Post('/items') items(@Body({ type: [Item] }) items: Item[]): number {
    return items.length;
  }
  @Post('/basket') basket(@Body() basket: Basket): number {
    return basket.items.length;
  }
  @Post('/note') note(@Body() note: Note): string {
    return note.kind;
  }
  @Post('/rows') rows(@Body() body: Count): string {
    return tooMany(body.count);
  }
  @Post('/find') find(@Body() item: Item): string {
    throw new NotFoundError(`no item called ${item.name}`);
  }
}

@WebSocket('/errs')
class ErrsSocket {
  @OnMessage('items', { reply: Number }) items(@Message({ type: [Item] }) items: Item[]): number {
    return items.length;
  }
  @OnMessage('rows', { reply: String }) rows(@Message() body: Count): string {
    return tooMany(body.count);
  }
}

interface Logged {
  readonly raw: string;
  readonly line: Record<string, unknown>;
}

async function build(
  t: Test,
  options: { validation?: Partial<ValidationSettings>; bodyLimit?: number } = {},
) {
  const logged: Logged[] = [];
  const stream = {
    write: (raw: string) => logged.push({ raw, line: JSON.parse(raw) as Record<string, unknown> }),
  };
  const app = await createApp({
    controllers: [ErrsController, ErrsSocket],
    ...(options.validation && { validation: options.validation }),
    fastify: {
      logger: { level: 'info', stream },
      ...(options.bodyLimit && { bodyLimit: options.bodyLimit }),
    },
  });
  t.teardown(() => app.close());
  return { app, logged };
}

/** `[{ "k0": 0, …, "k999": 0 }, …]`: every key is undeclared, so each element fails 1001 times. */
function unknownKeys(elements: number): string {
  const keys: string[] = [];
  for (let index = 0; index < 1000; index++) keys.push(`"k${index}":0`);
  const element = `{${keys.join(',')}}`;
  return `[${Array.from({ length: elements }, () => element).join(',')}]`;
}

const whitelist = (source: 'body' | 'message', index: number): FieldError => ({
  in: source,
  path: `0.k${index}`,
  constraint: 'whitelistValidation',
  message: `property k${index} should not exist`,
});
const firstHundred = (source: 'body' | 'message'): FieldError[] =>
  Array.from({ length: 100 }, (_, index) => whitelist(source, index));

/** Every log line stays under a few KB, whatever the request. */
function assertSmallLines(t: Test, logged: readonly Logged[]): void {
  const longest = Math.max(...logged.map(({ raw }) => raw.length));
  t.ok(longest < 4096, `the longest log line has ${longest} characters`);
  t.strictSame(
    logged.filter(({ line }) => (line['level'] as number) >= 50).map(({ line }) => line['msg']),
    [],
    'nothing at error level',
  );
}

t.test('HTTP: 100,000 field errors answer the first 100 and errorsOmitted', async (t) => {
  const { app, logged } = await build(t);
  const res = await postJson(app, '/errs/items', unknownKeys(100));
  t.equal(res.statusCode, 400);
  const body = res.json<Record<string, unknown>>();
  t.strictSame(body, {
    type: 'about:blank',
    title: 'Bad Request',
    status: 400,
    detail: 'body failed validation',
    instance: '/errs/items',
    code: 'HALYARD_ERR_VALIDATION',
    errors: firstHundred('body'),
    errorsOmitted: 100_100 - 100,
  });
  t.ok(res.body.length < 20_000, `the response has ${res.body.length} bytes for a ~900 KB request`);

  const problem = app.halyard.openapi.components?.schemas?.['Problem'] as object;
  const ajv = new Ajv2020({ strict: false });
  t.ok(ajv.validate(problem, body), `the OpenAPI Problem schema accepts it ${ajv.errorsText()}`);
  t.notOk(ajv.validate(problem, { ...body, errors: [...firstHundred('body'), whitelist('body', 100)] }));

  const line = logged.find(({ line }) => line['msg'] === 'request rejected: body failed validation')?.line;
  t.equal(line?.['level'], 30);
  t.equal(line?.['errorCount'], 100_100);
  t.strictSame(line?.['errors'], firstHundred('body').slice(0, 3));
  assertSmallLines(t, logged);
});

t.test('WebSocket: a 900 KB frame of unknown keys gets a bounded error frame', async (t) => {
  const { app, logged } = await build(t);
  const socket = await connectSocket(app, '/errs');
  const text = `{"type":"items","id":"many","data":${unknownKeys(100)}}`;
  socket.sendRaw(text);
  const frame = await socket.next((candidate) => candidate.id === 'many');
  t.strictSame(frame, {
    type: 'error',
    id: 'many',
    error: {
      code: 'HALYARD_ERR_VALIDATION',
      message: 'message failed validation',
      details: firstHundred('message'),
      errorsOmitted: 100_000,
    },
  });
  const size = JSON.stringify(frame).length;
  t.ok(size < 20_000, `the error frame has ${size} bytes for a ${text.length}-byte message`);

  const asyncapi = app.halyard.asyncapi as unknown as { components: Record<string, unknown> };
  const ajv = new Ajv2020({ strict: false });
  ajv.addSchema({ $id: 'urn:halyard:errs', components: asyncapi.components });
  const errorFrame = ajv.getSchema('urn:halyard:errs#/components/schemas/ErrorFrame');
  t.ok(
    errorFrame?.(frame),
    `the AsyncAPI ErrorFrame schema accepts it ${ajv.errorsText(errorFrame?.errors)}`,
  );

  const lines = logged.filter(
    ({ line }) => line['msg'] === 'websocket message rejected: message failed validation',
  );
  t.equal(lines.length, 1, 'one log line');
  t.equal(lines[0]?.line['errorCount'], 100_100);
  t.strictSame(lines[0]?.line['errors'], firstHundred('message').slice(0, 3));
  assertSmallLines(t, logged);
});

t.test("an HttpError's errors are bounded the same way, on HTTP and WebSocket", async (t) => {
  const { app, logged } = await build(t);
  const res = await app.inject({ method: 'POST', url: '/errs/rows', payload: { count: 5000 } });
  const first = (source: 'body') =>
    Array.from({ length: 100 }, (_, index) => ({
      in: source,
      path: `rows.${index}`,
      constraint: 'known',
      message: 'unknown row',
    }));
  t.strictSame(res.json(), {
    type: 'about:blank',
    title: 'Bad Request',
    status: 400,
    detail: 'rows rejected',
    instance: '/errs/rows',
    code: 'HALYARD_ERR_BAD_REQUEST',
    errors: first('body'),
    errorsOmitted: 4900,
  });
  const socket = await connectSocket(app, '/errs');
  t.strictSame(await socket.request('rows', { count: 5000 }), {
    type: 'error',
    id: 't1',
    error: {
      code: 'HALYARD_ERR_BAD_REQUEST',
      message: 'rows rejected',
      details: first('body'),
      errorsOmitted: 4900,
    },
  });
  t.strictSame(await socket.request('rows', { count: 100 }), {
    type: 'error',
    id: 't2',
    error: { code: 'HALYARD_ERR_BAD_REQUEST', message: 'rows rejected', details: first('body') },
  });
  assertSmallLines(t, logged);
});

t.test('long texts are cut to 1,024 characters in answers and 200 in logs', async (t) => {
  const { app, logged } = await build(t);
  const kind = 'x'.repeat(100_000);
  const note = await app.inject({ method: 'POST', url: '/errs/note', payload: { kind } });
  const [error] = note.json<{ errors: FieldError[] }>().errors;
  t.equal(error?.message, `${'x'.repeat(1023)}…`, 'a $value message');
  const logged1 = logged.find(({ line }) => line['msg'] === 'request rejected: body failed validation');
  t.equal((logged1?.line['errors'] as FieldError[])[0]?.message, `${'x'.repeat(199)}…`);

  // An application that puts the client's text in its own error message.
  const missing = await app.inject({
    method: 'POST',
    url: '/errs/find',
    payload: { name: 'y'.repeat(5000) },
  });
  t.equal(missing.statusCode, 404);
  t.equal(missing.json<{ detail: string }>().detail, `no item called ${'y'.repeat(1024 - 16)}…`);
  const logged2 = logged.find(({ line }) => line['code'] === 'HALYARD_ERR_NOT_FOUND');
  t.equal(logged2?.line['msg'], `request rejected: no item called ${'y'.repeat(200 - 16)}…`);

  const socket = await connectSocket(app, '/errs');
  socket.sendRaw(JSON.stringify({ type: 'z'.repeat(300_000), id: 'long' }));
  const frame = await socket.next((candidate) => candidate.id === 'long');
  t.strictSame(frame, {
    type: 'error',
    id: 'long',
    error: {
      code: 'HALYARD_ERR_WS_UNKNOWN_TYPE',
      message: `Unknown message type "${'z'.repeat(1024 - 23)}…`,
      details: { known: ['items', 'rows'] },
    },
  });
  socket.sendRaw(`{"type":"items","${'q'.repeat(300_000)}":1}`);
  const envelope = await socket.next((candidate) => candidate.error?.code === 'HALYARD_ERR_WS_BAD_ENVELOPE');
  t.equal(envelope.error?.message.length, 1024);
  assertSmallLines(t, logged);
});

t.test('200,000 field errors are collected without overflowing the stack, on both paths', async (t) => {
  for (const compiled of [true, false]) {
    const { app, logged } = await build(t, { validation: { compiled }, bodyLimit: 4 * 1024 * 1024 });
    const cases: Array<[string, string, string]> = [
      ['/errs/items', unknownKeys(200), '0'],
      ['/errs/basket', `{"items":${unknownKeys(200)}}`, 'items.0'],
    ];
    for (const [url, payload, prefix] of cases) {
      const res = await postJson(app, url, payload);
      const body = res.json<{ errors: FieldError[]; errorsOmitted: number }>();
      t.equal(res.statusCode, 400, `${url}, compiled: ${compiled}`);
      t.strictSame(body.errors[0], {
        in: 'body',
        path: `${prefix}.k0`,
        constraint: 'whitelistValidation',
        message: 'property k0 should not exist',
      });
      t.equal(body.errorsOmitted, 200_200 - 100);
    }
    assertSmallLines(t, logged);
  }
});
