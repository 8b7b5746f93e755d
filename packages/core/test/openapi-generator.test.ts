import 'reflect-metadata';
import t from 'tap';
import { Validator } from '@seriousme/openapi-schema-validator';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { Expose, Type } from 'class-transformer';
import {
  IsArray,
  IsEnum,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  MaxLength,
  Min,
} from 'class-validator';
import {
  Body,
  Controller,
  Delete,
  Deprecated,
  Description,
  Example,
  Get,
  Headers,
  HalyardError,
  OperationId,
  Param,
  Post,
  Query,
  Returns,
  Summary,
  Tags,
  UseGuards,
  buildDefinition,
  generateDocs,
} from '../src/index.js';
import type { Class, Guard, GuardSecurity } from '../src/index.js';
import { generateOpenApi, type OpenApiDocument } from '../src/openapi/openapi-generator.js';
import { servedSchema } from './helpers/served-schema.js';

enum RoomKind {
  Public = 'public',
  Private = 'private',
}

class RoomDto {
  @IsUUID() id!: string;
  @IsString() @Length(1, 50) name!: string;
  @IsEnum(RoomKind) kind!: RoomKind;
  @IsOptional() @IsString() topic?: string;
}
class CreateRoomDto {
  @IsString() @Length(1, 50) name!: string;
  @IsEnum(RoomKind) kind!: RoomKind;
  @IsOptional() @IsArray() @IsString({ each: true }) tags?: string[];
}
class ListRoomsQuery {
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) page?: number;
  @IsOptional() @IsIn(['name', 'created']) sort?: string;
}
class TraceHeaders {
  @Expose({ name: 'x-trace-id' }) @IsString() traceId!: string;
}
class MemberParams {
  @IsString() @MaxLength(39) org!: string;
  @Type(() => Number) @IsInt() id!: number;
  @IsOptional() @IsString() notInPath?: string;
}
class HealthDto {
  @IsIn(['ok']) status!: string;
}

class BearerGuard implements Guard {
  static security = { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } as const;
  canActivate(): boolean {
    return true;
  }
}
class ApiKeyGuard implements Guard {
  static security = { type: 'apiKey', in: 'header', name: 'x-api-key', description: 'Team key' } as const;
  canActivate(): boolean {
    return true;
  }
}
class AuditGuard implements Guard {
  canActivate(): boolean {
    return true;
  }
}

@Controller('/rooms')
@Tags('rooms')
class RoomsController {
  @Get('/')
  @Summary('List rooms')
  @Returns([RoomDto])
  list(@Query() query: ListRoomsQuery, @Headers('X-Request-Id') requestId: string): RoomDto[] {
    return [query, requestId] as never;
  }

  @Get('/:id')
  @Returns(RoomDto)
  @Returns(String, { status: 200 })
  get(@Param('id') id: string): RoomDto {
    return id as never;
  }

  @Post('/')
  @UseGuards(BearerGuard, ApiKeyGuard, AuditGuard)
  @Tags('admin')
  @Description('Creates a room.')
  @OperationId('createRoom')
  @Example({ name: 'secret', kind: 'private' })
  @Example({ name: 'lobby', kind: 'public', tags: ['general'] }, { name: 'lobby', summary: 'A public lobby' })
  @Returns(RoomDto)
  create(@Body() body: CreateRoomDto, @Headers() headers: TraceHeaders): RoomDto {
    return [body, headers] as never;
  }

  @Delete('/:id')
  @Deprecated()
  @UseGuards(BearerGuard)
  @Returns(null)
  remove(@Param('id') id: number): void {
    void id;
  }
}

@Controller('/orgs')
@Tags('orgs')
class OrgsController {
  @Get('/:org/members/:id(^\\d+)')
  @Returns(null, { status: 200, description: 'The member exists' })
  member(@Param() params: MemberParams): void {
    void params;
  }

  @Get('/:org/repos/:repo')
  @Returns(null, { status: 200 })
  repo(@Param('org') org: string): void {
    void org;
  }
}

@Controller('/health')
class HealthController {
  @Get('/')
  @Returns(HealthDto)
  check(): HealthDto {
    return { status: 'ok' };
  }
}

const controllers: Class[] = [RoomsController, OrgsController, HealthController];
const info = { title: 'Chat API', version: '1.2.3', description: 'Rooms and members.' };
const generate = (list: readonly Class[] = controllers): OpenApiDocument =>
  generateOpenApi(buildDefinition(list), {
    info,
    servers: [{ url: 'https://chat.example', description: 'prod' }],
  });
const doc = generate();

const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
});
const json = (schema: Record<string, unknown>) => ({ 'application/json': { schema } });

t.test('document head: version, info, servers, sorted tags and paths', async (t) => {
  t.equal(doc.openapi, '3.1.0');
  t.strictSame(doc.info, info);
  t.strictSame(doc.servers, [{ url: 'https://chat.example', description: 'prod' }]);
  t.strictSame(doc.tags, [
    { name: 'admin', description: 'Routes of RoomsController.' },
    { name: 'orgs', description: 'Routes of OrgsController.' },
    { name: 'rooms', description: 'Routes of RoomsController.' },
  ]);
  t.equal(doc.security, undefined, 'routes need credentials: each operation states its own');
  t.strictSame(Object.keys(doc.paths), [
    '/health',
    '/orgs/{org}/members/{id}',
    '/orgs/{org}/repos/{repo}',
    '/rooms',
    '/rooms/{id}',
  ]);
  t.strictSame(Object.keys(doc.paths['/rooms'] ?? {}), ['get', 'post']);
  t.strictSame(Object.keys(doc.paths['/rooms/{id}'] ?? {}), ['get', 'delete']);
});

t.test('query DTO, named header (lower-cased) and an array response', async (t) => {
  t.strictSame(doc.paths['/rooms']?.get, {
    operationId: 'RoomsController_list',
    summary: 'List rooms',
    tags: ['rooms'],
    security: [],
    parameters: [
      { name: 'page', in: 'query', required: false, schema: { type: 'integer', minimum: 1 } },
      { name: 'sort', in: 'query', required: false, schema: { type: 'string', enum: ['name', 'created'] } },
      { name: 'x-request-id', in: 'header', required: false, schema: { type: 'string' } },
    ],
    responses: {
      '200': {
        description: 'OK',
        content: json({ type: 'array', items: { $ref: '#/components/schemas/RoomDto' } }),
      },
      '400': problem('Bad Request'),
      '500': problem('Internal Server Error'),
    },
  });
});

t.test('guarded POST: security, header DTO, body with examples, merged tags', async (t) => {
  t.strictSame(doc.paths['/rooms']?.post, {
    operationId: 'createRoom',
    description: 'Creates a room.',
    tags: ['rooms', 'admin'],
    security: [{ BearerGuard: [], ApiKeyGuard: [] }],
    parameters: [{ name: 'x-trace-id', in: 'header', required: true, schema: { type: 'string' } }],
    requestBody: {
      required: true,
      content: {
        'application/json': {
          schema: { $ref: '#/components/schemas/CreateRoomDto' },
          examples: {
            lobby: { value: { name: 'lobby', kind: 'public', tags: ['general'] }, summary: 'A public lobby' },
            example1: { value: { name: 'secret', kind: 'private' } },
          },
        },
      },
    },
    responses: {
      '201': { description: 'Created', content: json({ $ref: '#/components/schemas/RoomDto' }) },
      '400': problem('Bad Request'),
      '401': problem('Unauthorized'),
      '403': problem('Forbidden'),
      '500': problem('Internal Server Error'),
    },
  });
});

t.test('typed path parameter, two bodies for one status, deprecated 204', async (t) => {
  t.strictSame(doc.paths['/rooms/{id}']?.get, {
    operationId: 'RoomsController_get',
    tags: ['rooms'],
    security: [],
    parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
    responses: {
      '200': {
        description: 'OK',
        content: json({ oneOf: [{ $ref: '#/components/schemas/RoomDto' }, { type: 'string' }] }),
      },
      '400': problem('Bad Request'),
      '500': problem('Internal Server Error'),
    },
  });
  t.strictSame(doc.paths['/rooms/{id}']?.delete, {
    operationId: 'RoomsController_remove',
    tags: ['rooms'],
    deprecated: true,
    security: [{ BearerGuard: [] }],
    parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'number' } }],
    responses: {
      '204': { description: 'No Content' },
      '400': problem('Bad Request'),
      '401': problem('Unauthorized'),
      '403': problem('Forbidden'),
      '500': problem('Internal Server Error'),
    },
  });
});

t.test('path parameters: DTO in path order, regex stripped, untyped ones are strings', async (t) => {
  t.strictSame(doc.paths['/orgs/{org}/members/{id}']?.get?.parameters, [
    { name: 'org', in: 'path', required: true, schema: { type: 'string', maxLength: 39 } },
    { name: 'id', in: 'path', required: true, schema: { type: 'integer' } },
  ]);
  t.strictSame(doc.paths['/orgs/{org}/members/{id}']?.get?.responses['200'], {
    description: 'The member exists',
  });
  t.strictSame(doc.paths['/orgs/{org}/repos/{repo}']?.get?.parameters, [
    { name: 'org', in: 'path', required: true, schema: { type: 'string' } },
    { name: 'repo', in: 'path', required: true, schema: { type: 'string' } },
  ]);
});

t.test('a route with nothing to validate and no guards documents only its body and 500', async (t) => {
  t.strictSame(doc.paths['/health']?.get, {
    operationId: 'HealthController_check',
    security: [],
    responses: {
      '200': { description: 'OK', content: json({ $ref: '#/components/schemas/HealthDto' }) },
      '500': problem('Internal Server Error'),
    },
  });
});

t.test('components: DTO schemas, Problem, security schemes', async (t) => {
  t.strictSame(Object.keys(doc.components.schemas), ['CreateRoomDto', 'HealthDto', 'Problem', 'RoomDto']);
  t.strictSame(doc.components.schemas['RoomDto'], {
    title: 'RoomDto',
    type: 'object',
    properties: {
      id: { type: 'string', format: 'uuid' },
      name: { type: 'string', minLength: 1, maxLength: 50 },
      kind: { type: 'string', enum: ['public', 'private'] },
      topic: { type: 'string' },
    },
    required: ['id', 'name', 'kind'],
    additionalProperties: false,
  });
  t.strictSame(doc.components.schemas['Problem'], {
    title: 'Problem',
    description: 'RFC 9457 problem details. `code` is a stable HALYARD_ERR_* code.',
    type: 'object',
    properties: {
      type: { type: 'string' },
      title: { type: 'string' },
      status: { type: 'integer' },
      detail: { type: 'string' },
      instance: { type: 'string' },
      code: { type: 'string' },
      errors: {
        description: 'The failed constraints, at most 100; `errorsOmitted` counts the others.',
        type: 'array',
        maxItems: 100,
        items: {
          type: 'object',
          properties: {
            in: { type: 'string', enum: ['body', 'query', 'params', 'headers'] },
            path: { type: 'string' },
            constraint: { type: 'string' },
            message: { type: 'string' },
          },
          required: ['in', 'path', 'constraint', 'message'],
        },
      },
      errorsOmitted: {
        description: 'How many failed constraints follow those in `errors`; absent when `errors` lists all.',
        type: 'integer',
        minimum: 1,
      },
    },
    required: ['type', 'title', 'status', 'code'],
  });
  t.strictSame(doc.components.securitySchemes, {
    ApiKeyGuard: { type: 'apiKey', in: 'header', name: 'x-api-key', description: 'Team key' },
    BearerGuard: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
  });
});

t.test('the document is valid OpenAPI 3.1 with zero errors', async (t) => {
  const result = await new Validator().validate(structuredClone(doc) as unknown as Record<string, unknown>);
  t.equal(result.valid, true, JSON.stringify(result.errors));
  t.equal(result.errors, undefined);

  const broken = structuredClone(doc);
  broken.components.schemas = {};
  const control = await new Validator().validate(broken as unknown as Record<string, unknown>);
  t.strictSame(
    control,
    { valid: false, errors: "Can't resolve #/components/schemas/HealthDto" },
    'the validator checks refs',
  );
});

t.test('the schemas are valid JSON Schema 2020-12 and accept the examples', async (t) => {
  const ajv = new Ajv2020({ allErrors: true, validateFormats: false });
  ajv.addKeyword('components');
  ajv.addSchema({ $id: 'urn:halyard:test', components: doc.components });
  const body = ajv.getSchema('urn:halyard:test#/components/schemas/CreateRoomDto');
  if (!body) throw new Error('CreateRoomDto did not compile');
  const examples = doc.paths['/rooms']?.post?.requestBody?.content['application/json']?.examples ?? {};
  t.strictSame(Object.keys(examples), ['example1', 'lobby']);
  for (const [name, example] of Object.entries(examples)) t.equal(body(example.value), true, name);
  t.equal(body({ name: 'x', kind: 'public', extra: 1 }), false, 'unknown properties are rejected');
  t.equal(body({ name: '', kind: 'public' }), false, 'length is checked');
  t.equal(body({ name: 'x', kind: 'secret' }), false, 'enum is checked');
  t.equal(body({ kind: 'public' }), false, 'required is checked');
});

t.test('deterministic: the order of controllers does not change the document', async (t) => {
  t.equal(JSON.stringify(generate([...controllers].reverse())), JSON.stringify(doc));
});

t.test('no object appears twice (a YAML dump would otherwise use anchors)', async (t) => {
  const seen = new Set<object>();
  let shared = 0;
  const walk = (value: unknown): void => {
    if (!value || typeof value !== 'object') return;
    if (seen.has(value)) shared++;
    seen.add(value);
    for (const child of Object.values(value)) walk(child);
  };
  walk(doc);
  t.equal(shared, 0);
});

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
  const schemaWith = (validation?: { whitelist?: boolean; forbidNonWhitelisted?: boolean }) =>
    servedSchema(
      t,
      { controllers: [SettingsController], document: 'openapi', name: 'SettingNote' },
      validation,
    );
  const closed = {
    title: 'SettingNote',
    type: 'object',
    properties: { text: { type: 'string' } },
    required: ['text'],
    additionalProperties: false,
  };
  const { additionalProperties: _closedOnly, ...open } = closed;
  t.strictSame(await schemaWith(), closed, 'default: unknown properties are rejected');
  t.strictSame(await schemaWith({ forbidNonWhitelisted: false }), open, 'stripped, so accepted');
  t.strictSame(await schemaWith({ whitelist: false }), open, 'kept, so accepted');
  const exported = generateDocs({ controllers: [SettingsController], validation: { whitelist: false } });
  t.strictSame(
    exported.openapi.components.schemas['SettingNote'],
    open,
    'generateDocs takes the same setting',
  );
});
