import 'reflect-metadata';
import t, { type Test } from 'tap';
import { IsInt, IsString, Length, Max } from 'class-validator';
import {
  BadRequestError,
  Body,
  Controller,
  createApp,
  Deprecated,
  Description,
  ForbiddenError,
  Get,
  Headers,
  HttpError,
  Post,
  Query,
  Summary,
  Tags,
  UnauthorizedError,
} from '../src/index.js';

class NoteDto {
  @IsString() text!: string;
}
class PageQuery {
  @IsInt() @Max(50) size!: number;
}
class ApiKeyHeaders {
  @IsString() @Length(8, 8) 'x-api-key'!: string;
}

@Controller('/errors')
@Tags('errors')
class ErrorsController {
  @Get('/teapot')
  @Summary('Brew coffee')
  @Description('Always refuses.')
  @Tags('kitchen')
  @Deprecated()
  teapot(): string {
    throw new HttpError(418, 'I brew tea only');
  }

  @Get('/bad')
  bad(): string {
    throw new BadRequestError('date range is inverted', {
      errors: [{ in: 'query', path: 'from', constraint: 'before', message: 'from must be before to' }],
    });
  }

  @Get('/unauthorized')
  unauthorized(): string {
    throw new UnauthorizedError();
  }

  @Get('/forbidden')
  forbidden(): string {
    throw new ForbiddenError('Admins only');
  }

  @Post('/notes')
  note(@Body() note: NoteDto): NoteDto {
    return note;
  }

  @Get('/page')
  page(@Query() query: PageQuery, @Headers() headers: ApiKeyHeaders): string {
    return `${query.size}:${headers['x-api-key']}`;
  }

  // A library error that carries a statusCode (an HTTP client's 404 for an upstream call).
  @Get('/leaky')
  leaky(): string {
    throw Object.assign(new Error('upstream GET http://10.0.0.7/secret returned 404'), { statusCode: 404 });
  }
}

async function build(t: Test) {
  const lines: Array<Record<string, unknown>> = [];
  const stream = { write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>) };
  const app = await createApp({
    controllers: [ErrorsController],
    fastify: { logger: { level: 'info', stream }, bodyLimit: 64 },
  });
  t.teardown(() => app.close());
  return { app, lines };
}

// eslint-disable-next-line @typescript-eslint/max-params -- predates the rule (issue 15); turn into an options object when this signature next changes
function problem(status: number, title: string, code: string, detail: string, instance: string) {
  return { type: 'about:blank', title, status, detail, instance, code };
}

t.test('HttpError classes over HTTP: status, code, message and field errors', async (t) => {
  const { app } = await build(t);
  const teapot = await app.inject({ url: '/errors/teapot' });
  t.equal(teapot.statusCode, 418);
  t.equal(teapot.headers['content-type'], 'application/problem+json; charset=utf-8');
  t.strictSame(teapot.json(), problem(418, 'Client Error', 'HTTP_418', 'I brew tea only', '/errors/teapot'));

  const bad = await app.inject({ url: '/errors/bad' });
  t.equal(bad.statusCode, 400);
  t.strictSame(bad.json(), {
    ...problem(400, 'Bad Request', 'HALYARD_ERR_BAD_REQUEST', 'date range is inverted', '/errors/bad'),
    errors: [{ in: 'query', path: 'from', constraint: 'before', message: 'from must be before to' }],
  });

  const unauthorized = await app.inject({ url: '/errors/unauthorized' });
  t.equal(unauthorized.statusCode, 401);
  t.strictSame(
    unauthorized.json(),
    problem(
      401,
      'Unauthorized',
      'HALYARD_ERR_UNAUTHORIZED',
      'Authentication required',
      '/errors/unauthorized',
    ),
  );

  const forbidden = await app.inject({ url: '/errors/forbidden' });
  t.equal(forbidden.statusCode, 403);
  t.strictSame(
    forbidden.json(),
    problem(403, 'Forbidden', 'HALYARD_ERR_FORBIDDEN', 'Admins only', '/errors/forbidden'),
  );
});

t.test('a body over bodyLimit is a 413 problem', async (t) => {
  const { app } = await build(t);
  const res = await app.inject({ method: 'POST', url: '/errors/notes', payload: { text: 'x'.repeat(100) } });
  t.equal(res.statusCode, 413);
  t.strictSame(
    res.json(),
    problem(
      413,
      'Content Too Large',
      'HALYARD_ERR_PAYLOAD_TOO_LARGE',
      'Request body is too large',
      '/errors/notes',
    ),
  );
});

t.test('query and header validation failures: the full problem body', async (t) => {
  const { app } = await build(t);
  const query = await app.inject({ url: '/errors/page?size=99', headers: { 'x-api-key': 'abcdefgh' } });
  t.equal(query.statusCode, 400);
  t.strictSame(query.json(), {
    ...problem(400, 'Bad Request', 'HALYARD_ERR_VALIDATION', 'query failed validation', '/errors/page'),
    errors: [{ in: 'query', path: 'size', constraint: 'max', message: 'size must not be greater than 50' }],
  });
  const both = await app.inject({ url: '/errors/page?size=x', headers: { 'x-api-key': 'short' } });
  t.equal(both.statusCode, 400);
  t.strictSame(both.json(), {
    ...problem(
      400,
      'Bad Request',
      'HALYARD_ERR_VALIDATION',
      'query, headers failed validation',
      '/errors/page',
    ),
    errors: [
      { in: 'query', path: 'size', constraint: 'max', message: 'size must not be greater than 50' },
      { in: 'query', path: 'size', constraint: 'isInt', message: 'size must be an integer number' },
      {
        in: 'headers',
        path: 'x-api-key',
        constraint: 'isLength',
        message: 'x-api-key must be longer than or equal to 8 characters',
      },
    ],
  });
});

t.test('a statusCode on a non-HttpError thrown by a handler does not reach the client', async (t) => {
  const { app, lines } = await build(t);
  const res = await app.inject({ url: '/errors/leaky' });
  t.equal(res.statusCode, 500);
  t.strictSame(
    res.json(),
    problem(500, 'Internal Server Error', 'HALYARD_ERR_INTERNAL', 'Internal server error', '/errors/leaky'),
  );
  t.notMatch(res.body, /10\.0\.0\.7/);
  const logged = lines.find((line) => line['msg'] === 'handler failed');
  t.equal(logged?.['code'], 'HALYARD_ERR_INTERNAL');
  t.equal(
    (logged?.['err'] as { message: string }).message,
    'upstream GET http://10.0.0.7/secret returned 404',
  );
});

t.test('@Summary, @Description, @Tags and @Deprecated in GET /docs/openapi.json', async (t) => {
  const { app } = await build(t);
  const res = await app.inject({ url: '/docs/openapi.json' });
  t.equal(res.statusCode, 200);
  const operation = res.json().paths['/errors/teapot'].get;
  t.equal(operation.summary, 'Brew coffee');
  t.equal(operation.description, 'Always refuses.');
  t.strictSame(operation.tags, ['errors', 'kitchen']);
  t.equal(operation.deprecated, true);
  const plain = res.json().paths['/errors/bad'].get;
  t.strictSame(plain.tags, ['errors']);
  t.equal(plain.deprecated, undefined);
  t.equal(plain.summary, undefined);
});
