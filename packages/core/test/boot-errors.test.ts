import 'reflect-metadata';
import t from 'tap';
import {
  Body,
  Controller,
  createApp,
  Delete,
  Example,
  Get,
  Message,
  Param,
  Post,
  Query,
  Returns,
  Summary,
  WebSocket,
} from '../src/index.js';
import { testBootErrors, type BootErrorCase } from './fixtures/boot-error-cases.js';
import { Named } from './fixtures/field-dtos.js';

// Boot errors of controllers and HTTP routes; the WebSocket ones are in boot-errors-ws.test.ts,
// the decorator-misuse and status ones in boot-errors-decorators.test.ts.

class Plain {
  name!: string;
}
interface Shape {
  name: string;
}

class Bare {
  @Get('/') get() {
    return 'x';
  }
}

@Controller('/rooms')
class A {
  @Get('/:id') get(@Param('id') id: string) {
    return id;
  }
}
@Controller('/')
class B {
  @Get('/rooms/:roomId') other(@Param('roomId') id: string) {
    return id;
  }
}

@Controller('/x')
class TwoRoles {
  @Get('/') @Post('/') both(): string {
    return '';
  }
}
@Controller('/y')
class Mixed {
  @Get('/') @WebSocket('/ws') both(): string {
    return '';
  }
}
@Controller('/z')
class DocsOnly {
  @Summary('lonely') lonely(): string {
    return '';
  }
}
@Controller('/p')
class BadParam {
  @Get('/:id') get(@Param('roomId') id: string): string {
    return id;
  }
}

@Controller('/a')
class Undecorated {
  @Post('/') create(@Body() body: Named, extra: string): string {
    return body.name + extra;
  }
}
@Controller('/b')
class WrongPlace {
  @Post('/') create(@Message() body: Named): string {
    return body.name;
  }
}

@Controller('/a')
class Iface {
  @Post('/') create(@Body() body: Shape): string {
    return body.name;
  }
}
@Controller('/b')
class Arr {
  @Post('/') create(@Body() body: Named[]): number {
    return body.length;
  }
}
@Controller('/c')
class NamedDto {
  @Get('/') get(@Query('filter') filter: Named): string {
    return filter.name;
  }
}
@Controller('/a')
class NoRules {
  @Post('/') create(@Body() body: Plain): string {
    return body.name;
  }
}

@Controller('/a')
class Async {
  @Get('/') async get(): Promise<Named> {
    return { name: 'x' };
  }
}

@Controller('/a')
class Shapes {
  @Get('/:id') get(@Param('id') id: string): string {
    return id;
  }
  @Delete('/:roomId') remove(@Param('roomId') id: string): string {
    return id;
  }
}

@Controller('/a')
class Lonely {
  @Get('/') @Example({ name: 'x' }) get(): string {
    return 'x';
  }
}

const typeMissing = (subject: string, type: string): string =>
  `${subject}: @Body() parameter #0 has no usable type information (${type}); type it with a class-validator DTO class, or pass it explicitly: @Body({ type: YourDto }) or @Body({ type: [YourDto] }) for an array`;

const cases: BootErrorCase[] = [
  {
    name: 'HALYARD_ERR_CONTROLLER_NOT_DECORATED',
    controllers: [Bare],
    code: 'HALYARD_ERR_CONTROLLER_NOT_DECORATED',
    message: 'Bare is listed in controllers but has neither @Controller nor a class-level @WebSocket',
  },
  {
    name: 'HALYARD_ERR_ROUTE_DUPLICATE across controllers, param names ignored',
    controllers: [A, B],
    code: 'HALYARD_ERR_ROUTE_DUPLICATE',
    message: 'B.other: GET /rooms/:roomId is already registered by A.get as GET /rooms/:id',
  },
  {
    name: 'HALYARD_ERR_ROUTE_CONFLICT: two HTTP roles on one method',
    controllers: [TwoRoles],
    code: 'HALYARD_ERR_ROUTE_CONFLICT',
    message:
      'TwoRoles.both: a method is either an HTTP route, a @WebSocket or a socket handler; found @Post, @Get',
  },
  {
    name: 'HALYARD_ERR_ROUTE_CONFLICT: a route and a socket on one method',
    controllers: [Mixed],
    code: 'HALYARD_ERR_ROUTE_CONFLICT',
    message:
      'Mixed.both: a method is either an HTTP route, a @WebSocket or a socket handler; found @WebSocket, @Get',
  },
  {
    name: 'HALYARD_ERR_ROUTE_CONFLICT: docs without a route',
    controllers: [DocsOnly],
    code: 'HALYARD_ERR_ROUTE_CONFLICT',
    message:
      'DocsOnly.lonely: @Summary without @Get/@Post/@Put/@Patch/@Delete, @WebSocket or @OnMessage has no effect',
  },
  {
    name: 'HALYARD_ERR_ROUTE_CONFLICT: unknown path param',
    controllers: [BadParam],
    code: 'HALYARD_ERR_ROUTE_CONFLICT',
    message: "BadParam.get: @Param('roomId') has no matching :roomId in GET /p/:id",
  },
  {
    name: 'HALYARD_ERR_PARAM_UNDECORATED',
    controllers: [Undecorated],
    code: 'HALYARD_ERR_PARAM_UNDECORATED',
    message:
      'Undecorated.create: parameter #1 has no decorator; use one of @Body(), @Param(), @Query(), @Headers(), @Req(), @Res(), @Identity()',
  },
  {
    name: 'HALYARD_ERR_PARAM_NOT_ALLOWED: @Message() in an HTTP route',
    controllers: [WrongPlace],
    code: 'HALYARD_ERR_PARAM_NOT_ALLOWED',
    message:
      'WrongPlace.create: @Message() cannot be used in an HTTP route; allowed here: @Body(), @Param(), @Query(), @Headers(), @Req(), @Res(), @Identity()',
  },
  {
    name: 'HALYARD_ERR_TYPE_MISSING for an interface body',
    controllers: [Iface],
    code: 'HALYARD_ERR_TYPE_MISSING',
    message: typeMissing('Iface.create', 'Object'),
  },
  {
    name: 'HALYARD_ERR_TYPE_MISSING for an array body',
    controllers: [Arr],
    code: 'HALYARD_ERR_TYPE_MISSING',
    message: typeMissing('Arr.create', 'Array'),
  },
  {
    name: 'HALYARD_ERR_TYPE_MISSING for a DTO-typed named value',
    controllers: [NamedDto],
    code: 'HALYARD_ERR_TYPE_MISSING',
    message:
      "NamedDto.get: @Query('filter') parameter #0 has no usable type information (Named); a named value must be typed string, number or boolean; take a DTO with the unnamed form instead",
  },
  {
    name: 'HALYARD_ERR_DTO_NOT_VALIDATED for a class without class-validator decorators',
    controllers: [NoRules],
    code: 'HALYARD_ERR_DTO_NOT_VALIDATED',
    message:
      'NoRules.create: Plain has no class-validator decorators; decorate its properties (e.g. @IsString()) so it can be validated',
  },
  {
    name: 'HALYARD_ERR_RETURN_TYPE_MISSING for a Promise route return without @Returns',
    controllers: [Async],
    code: 'HALYARD_ERR_RETURN_TYPE_MISSING',
    message:
      'Async.get returns Promise, which erases the body type; add @Returns(YourDto), @Returns([YourDto]) or @Returns(null)',
  },
  {
    name: 'the same path shape with different parameter names is a conflict, whatever the methods',
    controllers: [Shapes],
    code: 'HALYARD_ERR_ROUTE_CONFLICT',
    message:
      'Shapes.remove: /a/:roomId names its parameters differently from /a/:id (Shapes.get); use the same names',
  },
  {
    name: '@Example on a route without @Body is a conflict',
    controllers: [Lonely],
    code: 'HALYARD_ERR_ROUTE_CONFLICT',
    message: 'Lonely.get: @Example documents the request body, but this route has no @Body() parameter',
  },
];
testBootErrors(cases);

t.test('an explicit @Returns fixes HALYARD_ERR_RETURN_TYPE_MISSING', async (t) => {
  @Controller('/b')
  class Fixed {
    @Get('/') @Returns(Named) async get(): Promise<Named> {
      return { name: 'x' };
    }
  }
  const app = await createApp({ controllers: [Fixed], fastify: { logger: false } });
  t.same((await app.inject({ url: '/b' })).json(), { name: 'x' });
});

t.test('HALYARD_ERR_OPTIONS_INVALID when controllers is not an array', async (t) => {
  await t.rejects(createApp({} as never), {
    code: 'HALYARD_ERR_OPTIONS_INVALID',
    message:
      'HALYARD_ERR_OPTIONS_INVALID: createApp options: controllers must be an array of controller classes',
  });
});
