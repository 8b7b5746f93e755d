import 'reflect-metadata';
import t from 'tap';
import { Type } from 'class-transformer';
import { IsString, ValidateNested } from 'class-validator';
import {
  Body,
  Conn,
  Controller,
  createApp,
  Delete,
  Example,
  Get,
  HalyardError,
  HttpCode,
  Inject,
  Injectable,
  Message,
  OnConnect,
  OnDisconnect,
  OnMessage,
  Param,
  Post,
  Query,
  Returns,
  Summary,
  Tags,
  UseGuards,
  WebSocket,
} from '../src/index.js';
import { expectBootError } from './helpers/boot-error.js';

class Named {
  @IsString() name!: string;
}
class Plain {
  name!: string;
}
interface Shape {
  name: string;
}

t.test('HALYARD_ERR_CONTROLLER_NOT_DECORATED', async (t) => {
  class Bare {
    @Get('/') get() {
      return 'x';
    }
  }
  await expectBootError(t, [Bare], {
    code: 'HALYARD_ERR_CONTROLLER_NOT_DECORATED',
    message: 'Bare is listed in controllers but has neither @Controller nor a class-level @WebSocket',
  });
});

t.test('HALYARD_ERR_ROUTE_DUPLICATE across controllers, param names ignored', async (t) => {
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
  await expectBootError(t, [A, B], {
    code: 'HALYARD_ERR_ROUTE_DUPLICATE',
    message: 'B.other: GET /rooms/:roomId is already registered by A.get as GET /rooms/:id',
  });
});

t.test('HALYARD_ERR_ROUTE_DUPLICATE between a socket and a GET route', async (t) => {
  @Controller('/live')
  class A {
    @Get('/') page(): string {
      return 'x';
    }
    @WebSocket('/') live(@Message() m: Named) {
      return m;
    }
  }
  await expectBootError(t, [A], {
    code: 'HALYARD_ERR_ROUTE_DUPLICATE',
    message: 'A.live: GET /live is already registered by A.page as GET /live',
  });
});

t.test(
  'HALYARD_ERR_ROUTE_CONFLICT: two roles on one method, docs without a route, unknown path param',
  async (t) => {
    @Controller('/x')
    class TwoRoles {
      @Get('/') @Post('/') both(): string {
        return '';
      }
    }
    await expectBootError(t, [TwoRoles], {
      code: 'HALYARD_ERR_ROUTE_CONFLICT',
      message:
        'TwoRoles.both: a method is either an HTTP route, a @WebSocket or a socket handler; found @Post, @Get',
    });
    @Controller('/y')
    class Mixed {
      @Get('/') @WebSocket('/ws') both(): string {
        return '';
      }
    }
    await expectBootError(t, [Mixed], {
      code: 'HALYARD_ERR_ROUTE_CONFLICT',
      message:
        'Mixed.both: a method is either an HTTP route, a @WebSocket or a socket handler; found @WebSocket, @Get',
    });
    @Controller('/z')
    class DocsOnly {
      @Summary('lonely') lonely(): string {
        return '';
      }
    }
    await expectBootError(t, [DocsOnly], {
      code: 'HALYARD_ERR_ROUTE_CONFLICT',
      message:
        'DocsOnly.lonely: @Summary without @Get/@Post/@Put/@Patch/@Delete, @WebSocket or @OnMessage has no effect',
    });
    @Controller('/p')
    class BadParam {
      @Get('/:id') get(@Param('roomId') id: string): string {
        return id;
      }
    }
    await expectBootError(t, [BadParam], {
      code: 'HALYARD_ERR_ROUTE_CONFLICT',
      message: "BadParam.get: @Param('roomId') has no matching :roomId in GET /p/:id",
    });
  },
);

t.test('HALYARD_ERR_PARAM_UNDECORATED and HALYARD_ERR_PARAM_NOT_ALLOWED', async (t) => {
  @Controller('/a')
  class Undecorated {
    @Post('/') create(@Body() body: Named, extra: string): string {
      return body.name + extra;
    }
  }
  await expectBootError(t, [Undecorated], {
    code: 'HALYARD_ERR_PARAM_UNDECORATED',
    message:
      'Undecorated.create: parameter #1 has no decorator; use one of @Body(), @Param(), @Query(), @Headers(), @Req(), @Res(), @Identity()',
  });
  @Controller('/b')
  class WrongPlace {
    @Post('/') create(@Message() body: Named): string {
      return body.name;
    }
  }
  await expectBootError(t, [WrongPlace], {
    code: 'HALYARD_ERR_PARAM_NOT_ALLOWED',
    message:
      'WrongPlace.create: @Message() cannot be used in an HTTP route; allowed here: @Body(), @Param(), @Query(), @Headers(), @Req(), @Res(), @Identity()',
  });
  @WebSocket('/c')
  class WsWrong {
    @OnMessage('x') x(@Body() body: Named) {
      return body;
    }
  }
  await expectBootError(t, [WsWrong], {
    code: 'HALYARD_ERR_PARAM_NOT_ALLOWED',
    message:
      'WsWrong.x: @Body() cannot be used in a WebSocket message handler; allowed here: @Message(), @Conn(), @Param(), @Query(), @Headers(), @Req(), @Identity()',
  });
});

t.test('HALYARD_ERR_TYPE_MISSING for interface bodies, arrays and DTO-typed named values', async (t) => {
  @Controller('/a')
  class Iface {
    @Post('/') create(@Body() body: Shape): string {
      return body.name;
    }
  }
  await expectBootError(t, [Iface], {
    code: 'HALYARD_ERR_TYPE_MISSING',
    message:
      'Iface.create: @Body() parameter #0 has no usable type information (Object); type it with a class-validator DTO class, or pass it explicitly: @Body({ type: YourDto }) or @Body({ type: [YourDto] }) for an array',
  });
  @Controller('/b')
  class Arr {
    @Post('/') create(@Body() body: Named[]): number {
      return body.length;
    }
  }
  await expectBootError(t, [Arr], {
    code: 'HALYARD_ERR_TYPE_MISSING',
    message:
      'Arr.create: @Body() parameter #0 has no usable type information (Array); type it with a class-validator DTO class, or pass it explicitly: @Body({ type: YourDto }) or @Body({ type: [YourDto] }) for an array',
  });
  @Controller('/c')
  class NamedDto {
    @Get('/') get(@Query('filter') filter: Named): string {
      return filter.name;
    }
  }
  await expectBootError(t, [NamedDto], {
    code: 'HALYARD_ERR_TYPE_MISSING',
    message:
      "NamedDto.get: @Query('filter') parameter #0 has no usable type information (Named); a named value must be typed string, number or boolean; take a DTO with the unnamed form instead",
  });
});

t.test('HALYARD_ERR_DTO_NOT_VALIDATED for a class without class-validator decorators', async (t) => {
  @Controller('/a')
  class NoRules {
    @Post('/') create(@Body() body: Plain): string {
      return body.name;
    }
  }
  await expectBootError(t, [NoRules], {
    code: 'HALYARD_ERR_DTO_NOT_VALIDATED',
    message:
      'NoRules.create: Plain has no class-validator decorators; decorate its properties (e.g. @IsString()) so it can be validated',
  });
});

t.test(
  'HALYARD_ERR_RETURN_TYPE_MISSING for Promise returns without @Returns; explicit @Returns fixes it',
  async (t) => {
    @Controller('/a')
    class Async {
      @Get('/') async get(): Promise<Named> {
        return { name: 'x' };
      }
    }
    await expectBootError(t, [Async], {
      code: 'HALYARD_ERR_RETURN_TYPE_MISSING',
      message:
        'Async.get returns Promise, which erases the body type; add @Returns(YourDto), @Returns([YourDto]) or @Returns(null)',
    });
    @Controller('/b')
    class Fixed {
      @Get('/') @Returns(Named) async get(): Promise<Named> {
        return { name: 'x' };
      }
    }
    const app = await createApp({ controllers: [Fixed], fastify: { logger: false } });
    t.same((await app.inject({ url: '/b' })).json(), { name: 'x' });
    @WebSocket('/c')
    class AsyncWs {
      @OnMessage('m') async m(@Message() m: Named): Promise<Named> {
        return m;
      }
    }
    await expectBootError(t, [AsyncWs], {
      code: 'HALYARD_ERR_RETURN_TYPE_MISSING',
      message:
        "AsyncWs.m returns Promise, which erases the reply type; add the reply DTO to the decorator: @OnMessage('m', { reply: YourDto }) (or reply: null if it answers nothing)",
    });
  },
);

t.test(
  'WebSocket boot errors: duplicate type, no handlers, handler outside socket, duplicate lifecycle, guards on handlers',
  async (t) => {
    @WebSocket('/a')
    class Dup {
      @OnMessage('m') one(@Message() m: Named) {
        return m;
      }
      @OnMessage('m') two(@Message() m: Named) {
        return m;
      }
    }
    await expectBootError(t, [Dup], {
      code: 'HALYARD_ERR_WS_MESSAGE_DUPLICATE',
      message: 'Dup.two: message type "m" is already handled by Dup.one',
    });
    @WebSocket('/b')
    class Empty {
      @OnConnect() hello(@Conn() conn: unknown) {
        return conn;
      }
    }
    await expectBootError(t, [Empty], {
      code: 'HALYARD_ERR_WS_NO_HANDLERS',
      message: 'Empty: a class-level @WebSocket needs at least one @OnMessage handler',
    });
    @Controller('/c')
    class Outside {
      @OnMessage('m') m(@Message() m: Named) {
        return m;
      }
    }
    await expectBootError(t, [Outside], {
      code: 'HALYARD_ERR_WS_HANDLER_OUTSIDE_SOCKET',
      message: 'Outside.m: @OnMessage only works in a class decorated with @WebSocket',
    });
    @WebSocket('/d')
    class TwoConnects {
      @OnConnect() a() {}
      @OnConnect() b() {}
      @OnMessage('m') m(@Message() m: Named) {
        return m;
      }
    }
    await expectBootError(t, [TwoConnects], {
      code: 'HALYARD_ERR_WS_LIFECYCLE_DUPLICATE',
      message: 'TwoConnects.b: @OnConnect() is already declared by TwoConnects.a',
    });
    class G {
      canActivate() {
        return true;
      }
    }
    // Guards on @OnMessage run per message now (ws-message-guards.test.ts); on a lifecycle hook they do nothing.
    @WebSocket('/e')
    class GuardedHandler {
      @OnDisconnect() @UseGuards(G) bye() {}
      @OnMessage('m') m(@Message() m: Named) {
        return m;
      }
    }
    await expectBootError(t, [GuardedHandler], {
      code: 'HALYARD_ERR_ROUTE_CONFLICT',
      message:
        'GuardedHandler.bye: @UseGuards on @OnDisconnect() has no effect; upgrade guards go on the class, message guards on an @OnMessage handler',
    });
  },
);

t.test('HALYARD_ERR_OPTIONS_INVALID when controllers is not an array', async (t) => {
  await t.rejects(createApp({} as never), {
    code: 'HALYARD_ERR_OPTIONS_INVALID',
    message:
      'HALYARD_ERR_OPTIONS_INVALID: createApp options: controllers must be an array of controller classes',
  });
});

t.test('upgrade DTO conflicts between handlers of one socket', async (t) => {
  class Q1 {
    @IsString() a!: string;
  }
  class Q2 {
    @IsString() b!: string;
  }
  @WebSocket('/q')
  class Conflicting {
    @OnMessage('one') one(@Query() q: Q1) {
      return q;
    }
    @OnMessage('two') two(@Query() q: Q2) {
      return q;
    }
  }
  await expectBootError(t, [Conflicting], {
    code: 'HALYARD_ERR_ROUTE_CONFLICT',
    message:
      'Conflicting.two: @Query() uses Q2 but another handler of Conflicting uses Q1; one socket validates its upgrade request once',
  });
});

t.test(
  'the same path shape with different parameter names is a conflict, whatever the methods',
  async (t) => {
    @Controller('/a')
    class Shapes {
      @Get('/:id') get(@Param('id') id: string): string {
        return id;
      }
      @Delete('/:roomId') remove(@Param('roomId') id: string): string {
        return id;
      }
    }
    await expectBootError(t, [Shapes], {
      code: 'HALYARD_ERR_ROUTE_CONFLICT',
      message:
        'Shapes.remove: /a/:roomId names its parameters differently from /a/:id (Shapes.get); use the same names',
    });
  },
);

t.test('@Example on a route without @Body is a conflict', async (t) => {
  @Controller('/a')
  class Lonely {
    @Get('/') @Example({ name: 'x' }) get(): string {
      return 'x';
    }
  }
  await expectBootError(t, [Lonely], {
    code: 'HALYARD_ERR_ROUTE_CONFLICT',
    message: 'Lonely.get: @Example documents the request body, but this route has no @Body() parameter',
  });
});

t.test('stacked decorators keep source order', async (t) => {
  class A {
    canActivate() {
      return true;
    }
  }
  class B {
    canActivate() {
      return true;
    }
  }
  @Controller('/o')
  @Tags('one')
  @Tags('two')
  class Ordered {
    @Post('/')
    @UseGuards(A)
    @UseGuards(B)
    @Example({ name: 'first' })
    @Example({ name: 'second' })
    @Tags('three')
    @Tags('four')
    create(@Body() body: Named): string {
      return body.name;
    }
  }
  const app = await createApp({ controllers: [Ordered], fastify: { logger: false } });
  const route = app.halyard.definition.routes[0];
  t.strictSame(route?.docs.tags, ['one', 'two', 'three', 'four']);
  t.strictSame(
    route?.guards.map((guard) => guard.name),
    ['A', 'B'],
  );
  t.strictSame(
    route?.docs.examples.map((example) => example.value),
    [{ name: 'first' }, { name: 'second' }],
  );
  t.equal(route?.docs.operationId, 'Ordered_create');
});

t.test(
  'HALYARD_ERR_DECORATOR_MISUSE: misplaced decorators are recorded, then reported at boot',
  async (t) => {
    const listKey = Symbol('list');
    // Decorating must not throw: a class is declared before any app exists.
    @Controller('/sym')
    class SymbolMember {
      @Get('/') [listKey](): string {
        return 'x';
      }
    }
    await expectBootError(t, [SymbolMember], {
      code: 'HALYARD_ERR_DECORATOR_MISUSE',
      message:
        'SymbolMember[Symbol(list)]: @Get cannot decorate a symbol-named member; give the method a string name',
    });

    @Controller('/static')
    class StaticMember {
      @Get('/') static list(): string {
        return 'x';
      }
    }
    await expectBootError(t, [StaticMember], {
      code: 'HALYARD_ERR_DECORATOR_MISUSE',
      message: 'StaticMember.list: @Get cannot decorate a static member; make it an instance method',
    });

    @Controller('/ctor')
    class BodyInConstructor {
      constructor(@Body() readonly named: Named) {}
      @Get('/') get(): string {
        return this.named.name;
      }
    }
    await expectBootError(t, [BodyInConstructor], {
      code: 'HALYARD_ERR_DECORATOR_MISUSE',
      message:
        'BodyInConstructor: @Body() is on constructor parameter #0; it decorates handler parameters (constructor parameters are injected by type or with @Inject(token))',
    });

    @Controller('/inject')
    class InjectOnMethod {
      @Get('/:id') get(@Param('id') @Inject('x') id: string): string {
        return id;
      }
    }
    await expectBootError(t, [InjectOnMethod], {
      code: 'HALYARD_ERR_DECORATOR_MISUSE',
      message:
        'InjectOnMethod.get: @Inject() is on method parameter #0; it decorates constructor parameters only',
    });
  },
);

t.test('HALYARD_ERR_DECORATOR_MISUSE on a provider is reported when the injector builds it', async (t) => {
  @Injectable()
  class Service {
    run(@Inject('x') value: string): string {
      return value;
    }
  }
  @Controller('/svc')
  class UsesService {
    constructor(readonly service: Service) {}
    @Get('/') get(): string {
      return 'x';
    }
  }
  try {
    await createApp({ controllers: [UsesService], providers: [Service], fastify: { logger: false } });
    t.fail('expected HALYARD_ERR_DECORATOR_MISUSE');
  } catch (error) {
    t.equal((error as HalyardError).code, 'HALYARD_ERR_DECORATOR_MISUSE');
    t.equal(
      (error as HalyardError).message,
      'HALYARD_ERR_DECORATOR_MISUSE: Service.run: @Inject() is on method parameter #0; it decorates constructor parameters only',
    );
  }
});

t.test('HALYARD_ERR_STATUS_INVALID: @HttpCode and @Returns status must be 100-599 integers', async (t) => {
  for (const status of [2000, 99, 200.5]) {
    @Controller('/code')
    class BadCode {
      @Get('/') @HttpCode(status) get(): string {
        return 'x';
      }
    }
    await expectBootError(t, [BadCode], {
      code: 'HALYARD_ERR_STATUS_INVALID',
      message: `BadCode.get: @HttpCode(${status}) is not an HTTP status; use an integer from 100 to 599`,
    });
  }
  @Controller('/returns')
  class BadReturns {
    @Get('/') @Returns(Named, { status: 600 }) get(): Named {
      return { name: 'x' };
    }
  }
  await expectBootError(t, [BadReturns], {
    code: 'HALYARD_ERR_STATUS_INVALID',
    message:
      'BadReturns.get: @Returns(..., { status: 600 }) is not an HTTP status; use an integer from 100 to 599',
  });
});

t.test(
  'HALYARD_ERR_DTO_RESERVED_PROPERTY for a validated property named like an Object.prototype member',
  async (t) => {
    // class-validator groups metadata in a `{}` where these names already hold functions: every
    // validation of such a class used to throw a TypeError, so boot refuses it instead.
    for (const member of ['toString', 'constructor', 'valueOf', 'hasOwnProperty', '__proto__']) {
      class Reserved {
        @IsString() name!: string;
      }
      IsString()(Reserved.prototype, member);
      @Controller('/a')
      class Rest {
        @Post('/') create(@Body() body: Reserved): string {
          return body.name;
        }
      }
      await expectBootError(t, [Rest], {
        code: 'HALYARD_ERR_DTO_RESERVED_PROPERTY',
        message: `Reserved.${member}: a validated property cannot be named like an Object.prototype member (class-validator cannot group it); rename it (such input keys are refused as reservedKey anyway)`,
      });
    }
  },
);

t.test('HALYARD_ERR_DTO_RESERVED_PROPERTY names a nested class too, on a socket message', async (t) => {
  class Inner {
    @IsString() name!: string;
  }
  IsString()(Inner.prototype, 'valueOf');
  class Outer {
    @ValidateNested() @Type(() => Inner) inner!: Inner;
  }
  @WebSocket('/ws')
  class Chat {
    @OnMessage('m') m(@Message() message: Outer): string {
      return typeof message;
    }
  }
  await expectBootError(t, [Chat], {
    code: 'HALYARD_ERR_DTO_RESERVED_PROPERTY',
    message:
      'Inner.valueOf: a validated property cannot be named like an Object.prototype member (class-validator cannot group it); rename it (such input keys are refused as reservedKey anyway)',
  });
});
