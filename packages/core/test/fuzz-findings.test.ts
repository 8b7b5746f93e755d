/**
 * The bugs the live-server fuzz suites (test/fuzz/) found, one regression test each, through the
 * public door: a real HTTP request or `app.inject()`, a real `ws` client.
 */
import 'reflect-metadata';
import { request as httpRequest } from 'node:http';
import t, { type Test } from 'tap';
import { Type } from 'class-transformer';
import { IsArray, IsInt, IsOptional, IsString, ValidateNested } from 'class-validator';
import { Body, Controller, Get, Message, OnMessage, Param, Post, WebSocket } from '../src/index.js';
import { connectSocket } from '../src/testing/index.js';
import { Shape, shapeDiscriminator } from './fixtures/shape-dtos.js';
import { createLoggedApp, errorLines } from './helpers/logged-app.js';

class Layer {
  @IsArray() @ValidateNested({ each: true }) @Type(() => Shape, shapeDiscriminator) shapes!: Shape[];
}
class Drawing {
  @IsString() name!: string;
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => Shape, shapeDiscriminator)
  shapes?: Shape[];
  @IsOptional() @ValidateNested() @Type(() => Layer) layer?: Layer;
}
class ItemParams {
  @IsInt() id!: number;
}

@Controller('/findings')
class FindingsController {
  @Post('/drawings') save(@Body() drawing: Drawing): string {
    return drawing.name;
  }
  @Get('/items/:id') item(@Param() params: ItemParams): number {
    return params.id;
  }
}

@WebSocket('/findings/ws')
class FindingsSocket {
  @OnMessage('draw') draw(@Message() drawing: Drawing): string {
    return drawing.name;
  }
}

async function setup(t: Test) {
  const { app, lines } = await createLoggedApp(t, {
    controllers: [FindingsController, FindingsSocket],
    docs: false,
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('not listening');
  return { app, lines, port: address.port };
}

/** A raw request line: `inject` and `fetch` would normalize the paths these tests need. */
function get(port: number, path: string): Promise<{ status: number; type: string; body: string }> {
  return new Promise((resolve, reject) => {
    httpRequest({ host: '127.0.0.1', port, path, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type']), body }),
      );
    })
      .on('error', reject)
      .end();
  });
}

t.test('a null item in a discriminated array is a 400 and a validation frame, not a 500', async (t) => {
  const { app, lines } = await setup(t);
  for (const [payload, path, property] of [
    [{ name: 'a', shapes: [{ kind: 'circle', r: 1 }, null] }, 'shapes.1', 'shapes'],
    [{ name: 'a', layer: { shapes: [null] } }, 'layer.shapes.0', 'shapes'],
  ] as const) {
    const res = await app.inject({ method: 'POST', url: '/findings/drawings', payload });
    t.equal(res.statusCode, 400, JSON.stringify(payload));
    t.strictSame(res.json(), {
      type: 'about:blank',
      title: 'Bad Request',
      status: 400,
      detail: 'body failed validation',
      instance: '/findings/drawings',
      code: 'HALYARD_ERR_VALIDATION',
      errors: [
        {
          in: 'body',
          path,
          constraint: 'nestedValidation',
          message: `each value in nested property ${property} must be either object or array`,
        },
      ],
    });
  }
  const ok = await app.inject({
    method: 'POST',
    url: '/findings/drawings',
    payload: { name: 'ok', shapes: [{ kind: 'square', side: 2 }], layer: { shapes: [] } },
  });
  t.equal(ok.statusCode, 201);

  const socket = await connectSocket(app, '/findings/ws');
  t.teardown(() => socket.close());
  const frame = await socket.request('draw', { name: 'a', shapes: [null] });
  t.strictSame(frame, {
    type: 'error',
    id: 't1',
    error: {
      code: 'HALYARD_ERR_VALIDATION',
      message: 'message failed validation',
      details: [
        {
          in: 'message',
          path: 'shapes.0',
          constraint: 'nestedValidation',
          message: 'each value in nested property shapes must be either object or array',
        },
      ],
    },
  });
  t.strictSame(errorLines(lines), [], 'no error-level log line');
});

t.test('a path the router refuses is a problem+json that does not echo the query', async (t) => {
  const { port, lines } = await setup(t);
  const refused = [
    {
      path: '/findings/items/%zz',
      title: 'Bad Request',
      status: 400,
      detail: 'The URL path is not validly percent-encoded',
      code: 'HALYARD_ERR_BAD_REQUEST',
    },
    {
      path: `/findings/items/${'9'.repeat(150)}`,
      title: 'URI Too Long',
      status: 414,
      detail: 'A path parameter is longer than the server accepts',
      code: 'HALYARD_ERR_URI_TOO_LONG',
    },
  ];
  for (const { path, title, status, detail, code } of refused) {
    const answer = await get(port, `${path}?token=secret`);
    t.equal(answer.status, status);
    t.match(answer.type, /^application\/problem\+json/);
    t.strictSame(JSON.parse(answer.body), {
      type: 'about:blank',
      title,
      status,
      detail,
      instance: path,
      code,
    });
  }
  const rejected = lines.filter((line) => String(line.msg).startsWith('request rejected'));
  t.strictSame(
    rejected.map((line) => [line.level, line.code, line.status, line.fastifyCode]),
    [
      [30, 'HALYARD_ERR_BAD_REQUEST', 400, 'FST_ERR_BAD_URL'],
      [30, 'HALYARD_ERR_URI_TOO_LONG', 414, 'FST_ERR_MAX_PARAM_LENGTH'],
    ],
  );
  t.notMatch(JSON.stringify(lines), /secret/, 'the query is in no log line');
  t.strictSame(errorLines(lines), [], 'no error-level log line');
});

t.test('the 426 for a plain GET on a socket route names the path only', async (t) => {
  const { port, lines } = await setup(t);
  const res = await get(port, '/findings/ws?token=secret');
  t.equal(res.status, 426);
  t.strictSame(JSON.parse(res.body), {
    type: 'about:blank',
    title: 'Upgrade Required',
    status: 426,
    detail: '/findings/ws is a WebSocket route; connect with a WebSocket client',
    instance: '/findings/ws',
    code: 'HALYARD_ERR_WS_UPGRADE_REQUIRED',
  });
  t.notMatch(JSON.stringify(lines), /secret/, 'the query is in no log line');
});
