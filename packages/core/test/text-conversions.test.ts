import 'reflect-metadata';
import t, { type Test } from 'tap';
import type { LightMyRequestResponse } from 'fastify';
import { Expose, Type } from 'class-transformer';
import { IsDate, IsInt, IsNumber, IsOptional, Max, Min } from 'class-validator';
import {
  Controller,
  Get,
  Headers,
  Message,
  OnMessage,
  Param,
  Query,
  Returns,
  WebSocket,
} from '../src/index.js';
import { connectSocket, expectUpgradeRejected } from '../src/testing/index.js';
import { createQuietApp } from './helpers/logged-app.js';

class PageQuery {
  @IsOptional() @IsInt() @Min(0) page?: number;
  @IsOptional() @Type(() => Number) @IsNumber() ratio?: number;
  @IsOptional() @Type(() => Number) @IsInt({ each: true }) ids?: number[];
  @IsOptional() @IsDate() since?: Date;
}

class ItemParams {
  @IsInt() @Min(0) id!: number;
}

class RetryHeaders {
  @IsOptional() @IsInt() @Max(5) 'x-retries'?: number;
  // @Expose is not compiled: this DTO always takes the class-transformer path.
  @IsOptional() @Expose({ name: 'x-count' }) @IsInt() count?: number;
}

@Controller('/text')
class TextController {
  @Get('/named')
  @Returns(String)
  named(@Query('n') n?: number, @Headers('x-n') header?: number): string {
    return JSON.stringify({ n: n ?? null, header: header ?? null });
  }

  @Get('/named/:id')
  @Returns(String)
  param(@Param('id') id: number): string {
    return JSON.stringify(id);
  }

  @Get('/query')
  @Returns(String)
  query(@Query() query: PageQuery): string {
    return JSON.stringify(query);
  }

  @Get('/items/:id')
  @Returns(String)
  item(@Param() params: ItemParams): string {
    return JSON.stringify(params);
  }

  @Get('/headers')
  @Returns(String)
  headers(@Headers() headers: RetryHeaders): string {
    return JSON.stringify(headers);
  }
}

class Say {
  @IsInt() n!: number;
}

@WebSocket('/text-socket/:seat')
class TextSocket {
  @OnMessage('where', { reply: String }) where(
    @Param('seat') seat: number,
    @Query('side') side: number,
  ): string {
    return JSON.stringify({ seat, side });
  }
  @OnMessage('say') say(@Message() m: Say): Say {
    return m;
  }
}

@WebSocket('/text-dto')
class TextDtoSocket {
  @OnMessage('where', { reply: String }) where(@Query() query: PageQuery): string {
    return JSON.stringify(query);
  }
}

function answer(res: LightMyRequestResponse): { status: number; errors?: unknown; body?: string } {
  return res.statusCode >= 400
    ? { status: res.statusCode, errors: (res.json() as { errors?: unknown }).errors }
    : { status: res.statusCode, body: res.body };
}

const notNumber = (where: string, path: string) => ({
  in: where,
  path,
  constraint: 'isNumber',
  message: `${path} must be a number`,
});

async function app(t: Test, compiled = true) {
  const instance = await createQuietApp(t, {
    controllers: [TextController, TextSocket, TextDtoSocket],
    validation: { compiled },
  });
  return instance;
}

t.test('a named number is decimal text: no hex, exponent, padding or empty value', async (t) => {
  const server = await app(t);
  const get = async (url: string, headers: Record<string, string> = {}) =>
    answer(await server.inject({ url, headers }));
  for (const text of ['0x1F', '1e3', '%201%20', '', '1.', '.5', '+1', 'Infinity', '1_000', '0b1']) {
    t.strictSame(
      await get(`/text/named?n=${text}`),
      { status: 400, errors: [notNumber('query', 'n')] },
      text,
    );
  }
  t.strictSame(await get('/text/named', { 'x-n': ' 7' }), {
    status: 400,
    errors: [notNumber('headers', 'x-n')],
  });
  t.strictSame(await get('/text/named/0x10'), { status: 400, errors: [notNumber('params', 'id')] });
  t.strictSame(await get('/text/named?n=-2.5', { 'x-n': '007' }), {
    status: 200,
    body: '{"n":-2.5,"header":7}',
  });
  t.strictSame(await get('/text/named/12'), { status: 200, body: '12' });
});

for (const compiled of [true, false]) {
  t.test(
    `a DTO's number and date properties keep text that is not a number or date (compiled: ${compiled})`,
    async (t) => {
      const server = await app(t, compiled);
      const get = async (url: string, headers: Record<string, string> = {}) =>
        answer(await server.inject({ url, headers }));
      const pageErrors = [
        { in: 'query', path: 'page', constraint: 'min', message: 'page must not be less than 0' },
        { in: 'query', path: 'page', constraint: 'isInt', message: 'page must be an integer number' },
      ];
      for (const text of ['0x1F', '1e3', '', '%201e1%20', '-0x1']) {
        t.strictSame(
          await get(`/text/query?page=${text}`),
          { status: 400, errors: pageErrors },
          `page=${text}`,
        );
      }
      t.strictSame(await get('/text/query?ratio=1e3&ids=1&ids=0x2'), {
        status: 400,
        errors: [
          {
            in: 'query',
            path: 'ratio',
            constraint: 'isNumber',
            message: 'ratio must be a number conforming to the specified constraints',
          },
          {
            in: 'query',
            path: 'ids',
            constraint: 'isInt',
            message: 'each value in ids must be an integer number',
          },
        ],
      });
      t.strictSame(await get('/text/query?since=1'), {
        status: 400,
        errors: [
          { in: 'query', path: 'since', constraint: 'isDate', message: 'since must be a Date instance' },
        ],
      });
      t.strictSame(await get('/text/query?page=0&ratio=-1.25&ids=1&ids=2&since=2024-01-02T03:04:05Z'), {
        status: 200,
        body: '{"page":0,"ratio":-1.25,"ids":[1,2],"since":"2024-01-02T03:04:05.000Z"}',
      });
      t.strictSame(await get('/text/query?since=Tue,%2002%20Jan%202024%2003:04:05%20GMT'), {
        status: 200,
        body: '{"since":"2024-01-02T03:04:05.000Z"}',
      });

      t.strictSame(await get('/text/items/0x1F'), {
        status: 400,
        errors: [
          { in: 'params', path: 'id', constraint: 'min', message: 'id must not be less than 0' },
          { in: 'params', path: 'id', constraint: 'isInt', message: 'id must be an integer number' },
        ],
      });
      t.strictSame(await get('/text/items/31'), { status: 200, body: '{"id":31}' });

      t.strictSame(await get('/text/headers', { 'x-retries': '1e0', 'x-count': '0x10' }), {
        status: 400,
        errors: [
          {
            in: 'headers',
            path: 'x-retries',
            constraint: 'max',
            message: 'x-retries must not be greater than 5',
          },
          {
            in: 'headers',
            path: 'x-retries',
            constraint: 'isInt',
            message: 'x-retries must be an integer number',
          },
          { in: 'headers', path: 'count', constraint: 'isInt', message: 'count must be an integer number' },
        ],
      });
      t.strictSame(await get('/text/headers', { 'x-retries': '5', 'x-count': '16' }), {
        status: 200,
        body: '{"x-retries":5,"count":16}',
      });
    },
  );
}

t.test('WebSocket upgrade values follow the same rule', async (t) => {
  const server = await app(t);
  const named = await expectUpgradeRejected(server, '/text-socket/0x1', { query: { side: '1e3' } });
  t.equal(named.status, 400);
  t.strictSame(named.body['errors'], [notNumber('params', 'seat'), notNumber('query', 'side')]);
  const dto = await expectUpgradeRejected(server, '/text-dto', { query: { page: '0x1F' } });
  t.equal(dto.status, 400);
  t.strictSame(dto.body['errors'], [
    { in: 'query', path: 'page', constraint: 'min', message: 'page must not be less than 0' },
    { in: 'query', path: 'page', constraint: 'isInt', message: 'page must be an integer number' },
  ]);
  const accepted: Array<{ path: string; query: Record<string, string>; data: string }> = [
    { path: '/text-socket/3', query: { side: '-1' }, data: '{"seat":3,"side":-1}' },
    { path: '/text-dto', query: { page: '10' }, data: '{"page":10}' },
  ];
  for (const { path, query, data } of accepted) {
    const socket = await connectSocket(server, path, { query });
    t.teardown(() => socket.close());
    t.strictSame(await socket.request('where'), { type: 'reply', id: 't1', to: 'where', data });
  }
});
