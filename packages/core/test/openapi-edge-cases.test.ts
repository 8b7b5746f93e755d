/**
 * The OpenAPI generator where names meet: schema, tag, operation id and security scheme clashes,
 * no servers given, and the validation settings seen in the DTO schemas.
 */
import 'reflect-metadata';
import t from 'tap';
import { IsString } from 'class-validator';
import {
  Body,
  Controller,
  Get,
  HalyardError,
  OperationId,
  Post,
  Returns,
  Tags,
  UseGuards,
  buildDefinition,
} from '../src/index.js';
import type { Class, Guard, GuardSecurity } from '../src/index.js';
import { generateOpenApi } from '../src/openapi/openapi-generator.js';
import { BearerGuard, generate, HealthController, HealthDto, info, json } from './helpers/openapi-sample.js';
import { assertTextSchemaFollowsSettings } from './helpers/served-schema.js';

t.test('a DTO named Problem does not replace the error schema', async (t) => {
  class Problem {
    @IsString() reason!: string;
  }
  @Controller('/p')
  class ProblemController {
    @Get('/')
    @Returns(Problem)
    get(): Problem {
      return { reason: 'x' };
    }
  }
  const result = generate([ProblemController]);
  t.strictSame(Object.keys(result.components.schemas), ['Problem', 'Problem_2']);
  t.strictSame(result.paths['/p']?.get?.responses['200'], {
    description: 'OK',
    content: json({ $ref: '#/components/schemas/Problem_2' }),
  });
  t.equal(
    result.components.schemas['Problem']?.['description'],
    'RFC 9457 problem details. `code` is a stable HALYARD_ERR_* code.',
  );
  t.equal(result.components.securitySchemes, undefined);
  t.equal(result.tags, undefined);
  t.strictSame(result.security, [], 'no route needs credentials: said once, at the root');
  t.equal(result.paths['/p']?.get?.security, undefined);
});

t.test('without servers: the page-relative default is written out', async (t) => {
  const result = generateOpenApi(buildDefinition([HealthController]), { info });
  t.strictSame(result.servers, [{ url: '/', description: 'The host serving this document' }]);
  t.strictSame(result.security, []);
  t.strictSame(Object.keys(result), ['openapi', 'info', 'servers', 'security', 'paths', 'components']);
});

t.test('a tag shared by controllers names each of them', async (t) => {
  @Controller('/x')
  @Tags('shared')
  class XController {
    @Get('/')
    @Returns(HealthDto)
    get(): HealthDto {
      return { status: 'ok' };
    }
  }
  @Controller('/a')
  @Tags('shared')
  class AController {
    @Get('/')
    @Returns(HealthDto)
    get(): HealthDto {
      return { status: 'ok' };
    }
  }
  const result = generate([XController, AController]);
  t.strictSame(result.tags, [{ name: 'shared', description: 'Routes of AController, XController.' }]);
});

t.test('operation ids must be unique', async (t) => {
  @Controller('/a')
  class AController {
    @Get('/')
    @OperationId('listThings')
    @Returns(null)
    list(): void {}
  }
  @Controller('/b')
  class BController {
    @Get('/')
    @OperationId('listThings')
    @Returns(null)
    list(): void {}
  }
  const error = t.throws(() => generate([AController, BController])) as HalyardError;
  t.ok(error instanceof HalyardError);
  t.equal(error.code, 'HALYARD_ERR_ROUTE_CONFLICT');
  t.equal(
    error.message,
    `HALYARD_ERR_ROUTE_CONFLICT: BController.list: operationId "listThings" is already used by AController.list; give one of them another @OperationId('...')`,
  );
});

t.test('operation ids must not be blank', async (t) => {
  @Controller('/c')
  class CController {
    @Get('/')
    @OperationId('list things')
    @Returns(null)
    list(): void {}
  }
  t.throws(() => generate([CController]), {
    code: 'HALYARD_ERR_ROUTE_CONFLICT',
    message: `HALYARD_ERR_ROUTE_CONFLICT: CController.list: operationId "list things" must be non-empty and contain no whitespace; set one with @OperationId('...')`,
  });
});

t.test('guards: instances share their class scheme, same-named classes get a suffix', async (t) => {
  const makeGuard = (security: GuardSecurity): Class<Guard> => {
    class TokenGuard implements Guard {
      static security = security;
      canActivate(): boolean {
        return true;
      }
    }
    return TokenGuard;
  };
  const QueryToken = makeGuard({ type: 'apiKey', in: 'query', name: 'token' });
  const CookieToken = makeGuard({ type: 'apiKey', in: 'cookie', name: 'token' });
  @Controller('/g')
  class GuardedController {
    @Get('/query')
    @UseGuards(QueryToken, new BearerGuard())
    @Returns(null)
    query(): void {}

    @Get('/cookie')
    @UseGuards(CookieToken, BearerGuard)
    @Returns(null)
    cookie(): void {}
  }
  const result = generate([GuardedController]);
  t.strictSame(result.components.securitySchemes, {
    BearerGuard: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
    TokenGuard: { type: 'apiKey', in: 'cookie', name: 'token' },
    TokenGuard_2: { type: 'apiKey', in: 'query', name: 'token' },
  });
  t.strictSame(result.paths['/g/cookie']?.get?.security, [{ TokenGuard: [], BearerGuard: [] }]);
  t.strictSame(result.paths['/g/query']?.get?.security, [{ TokenGuard_2: [], BearerGuard: [] }]);
});

t.test('DTO schemas follow the validation settings: additionalProperties only when rejected', async (t) => {
  class SettingNote {
    @IsString() text!: string;
  }
  @Controller('/settings')
  class SettingsController {
    @Post('/') create(@Body() note: SettingNote): SettingNote {
      return note;
    }
  }
  await assertTextSchemaFollowsSettings(t, {
    controllers: [SettingsController],
    document: 'openapi',
    name: 'SettingNote',
  });
});
