import 'reflect-metadata';
import t, { type Test } from 'tap';
import { IsInt, IsString, Length, Max } from 'class-validator';
import {
  BadRequestError,
  Body,
  Controller,
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
import { createLoggedApp } from './helpers/logged-app.js';

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
  const { app, lines } = await createLoggedApp(t, {
    controllers: [ErrorsController],
    fastify: { bodyLimit: 64 },
  });
  return { app, lines };
}

interface Problem {
  status: number;
  title: string;
  code: string;
  detail: string;
  instance: string;
}

/** The problem body the error handler answers, with its `type` and fields in their wire order. */
function problem({ status, title, code, detail, instance }: Problem) {
  return { type: 'about:blank', title, status, detail, instance, code };
}

t.test('HttpError classes over HTTP: status, code, message and field errors', async (t) => {
  const { app } = await build(t);
  const cases = [
    {
      instance: '/errors/teapot',
      status: 418,
      title: 'Client Error',
      code: 'HTTP_418',
      detail: 'I brew tea only',
    },
    {
      instance: '/errors/bad',
      status: 400,
      title: 'Bad Request',
      code: 'HALYARD_ERR_BAD_REQUEST',
      detail: 'date range is inverted',
      errors: [{ in: 'query', path: 'from', constraint: 'before', message: 'from must be before to' }],
    },
    {
      instance: '/errors/unauthorized',
      status: 401,
      title: 'Unauthorized',
      code: 'HALYARD_ERR_UNAUTHORIZED',
      detail: 'Authentication required',
    },
    {
      instance: '/errors/forbidden',
      status: 403,
      title: 'Forbidden',
      code: 'HALYARD_ERR_FORBIDDEN',
      detail: 'Admins only',
    },
  ];
  for (const { errors, ...expected } of cases) {
    const res = await app.inject({ url: expected.instance });
    t.equal(res.statusCode, expected.status);
    t.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8');
    t.strictSame(res.json(), errors ? { ...problem(expected), errors } : problem(expected));
  }
});

t.test('a body over bodyLimit is a 413 problem', async (t) => {
  const { app } = await build(t);
  const res = await app.inject({ method: 'POST', url: '/errors/notes', payload: { text: 'x'.repeat(100) } });
  t.equal(res.statusCode, 413);
  t.strictSame(
    res.json(),
    problem({
      status: 413,
      title: 'Content Too Large',
      code: 'HALYARD_ERR_PAYLOAD_TOO_LARGE',
      detail: 'Request body is too large',
      instance: '/errors/notes',
    }),
  );
});

t.test('query and header validation failures: the full problem body', async (t) => {
  const { app } = await build(t);
  const sizeTooLarge = {
    in: 'query',
    path: 'size',
    constraint: 'max',
    message: 'size must not be greater than 50',
  };
  const cases = [
    {
      url: '/errors/page?size=99',
      apiKey: 'abcdefgh',
      detail: 'query failed validation',
      errors: [sizeTooLarge],
    },
    {
      url: '/errors/page?size=x',
      apiKey: 'short',
      detail: 'query, headers failed validation',
      errors: [
        sizeTooLarge,
        { in: 'query', path: 'size', constraint: 'isInt', message: 'size must be an integer number' },
        {
          in: 'headers',
          path: 'x-api-key',
          constraint: 'isLength',
          message: 'x-api-key must be longer than or equal to 8 characters',
        },
      ],
    },
  ];
  for (const { url, apiKey, detail, errors } of cases) {
    const res = await app.inject({ url, headers: { 'x-api-key': apiKey } });
    t.equal(res.statusCode, 400);
    t.strictSame(res.json(), {
      ...problem({
        status: 400,
        title: 'Bad Request',
        code: 'HALYARD_ERR_VALIDATION',
        detail,
        instance: '/errors/page',
      }),
      errors,
    });
  }
});

t.test('a statusCode on a non-HttpError thrown by a handler does not reach the client', async (t) => {
  const { app, lines } = await build(t);
  const res = await app.inject({ url: '/errors/leaky' });
  t.equal(res.statusCode, 500);
  t.strictSame(
    res.json(),
    problem({
      status: 500,
      title: 'Internal Server Error',
      code: 'HALYARD_ERR_INTERNAL',
      detail: 'Internal server error',
      instance: '/errors/leaky',
    }),
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
