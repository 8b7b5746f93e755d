import 'reflect-metadata';
import t from 'tap';
import { IsString } from 'class-validator';
import {
  Body,
  Controller,
  createApp,
  Example,
  Get,
  HalyardError,
  HttpCode,
  Inject,
  Injectable,
  Param,
  Post,
  Returns,
  Tags,
  UseGuards,
} from '../src/index.js';
import { testBootErrors, type BootErrorCase } from './fixtures/boot-error-cases.js';
import { Named } from './fixtures/field-dtos.js';

// Decorators in the wrong place, out-of-range statuses and reserved property names: recorded when
// the class is declared (decorating must not throw: a class is declared before any app exists),
// reported at boot.

const listKey = Symbol('list');
@Controller('/sym')
class SymbolMember {
  @Get('/') [listKey](): string {
    return 'x';
  }
}
@Controller('/static')
class StaticMember {
  @Get('/') static list(): string {
    return 'x';
  }
}
@Controller('/ctor')
class BodyInConstructor {
  constructor(@Body() readonly named: Named) {}
  @Get('/') get(): string {
    return this.named.name;
  }
}
@Controller('/inject')
class InjectOnMethod {
  @Get('/:id') get(@Param('id') @Inject('x') id: string): string {
    return id;
  }
}

function badHttpCode(status: number): BootErrorCase {
  @Controller('/code')
  class BadCode {
    @Get('/') @HttpCode(status) get(): string {
      return 'x';
    }
  }
  return {
    name: `HALYARD_ERR_STATUS_INVALID: @HttpCode(${status})`,
    controllers: [BadCode],
    code: 'HALYARD_ERR_STATUS_INVALID',
    message: `BadCode.get: @HttpCode(${status}) is not an HTTP status; use an integer from 100 to 599`,
  };
}
@Controller('/returns')
class BadReturns {
  @Get('/') @Returns(Named, { status: 600 }) get(): Named {
    return { name: 'x' };
  }
}

// class-validator groups metadata in a `{}` where these names already hold functions: every
// validation of such a class used to throw a TypeError, so boot refuses it instead.
function reservedProperty(member: string): BootErrorCase {
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
  return {
    name: `HALYARD_ERR_DTO_RESERVED_PROPERTY for a validated property named ${member}`,
    controllers: [Rest],
    code: 'HALYARD_ERR_DTO_RESERVED_PROPERTY',
    message: `Reserved.${member}: a validated property cannot be named like an Object.prototype member (class-validator cannot group it); rename it (such input keys are refused as reservedKey anyway)`,
  };
}

testBootErrors([
  {
    name: 'HALYARD_ERR_DECORATOR_MISUSE on a symbol-named member',
    controllers: [SymbolMember],
    code: 'HALYARD_ERR_DECORATOR_MISUSE',
    message:
      'SymbolMember[Symbol(list)]: @Get cannot decorate a symbol-named member; give the method a string name',
  },
  {
    name: 'HALYARD_ERR_DECORATOR_MISUSE on a static member',
    controllers: [StaticMember],
    code: 'HALYARD_ERR_DECORATOR_MISUSE',
    message: 'StaticMember.list: @Get cannot decorate a static member; make it an instance method',
  },
  {
    name: 'HALYARD_ERR_DECORATOR_MISUSE for @Body() on a constructor parameter',
    controllers: [BodyInConstructor],
    code: 'HALYARD_ERR_DECORATOR_MISUSE',
    message:
      'BodyInConstructor: @Body() is on constructor parameter #0; it decorates handler parameters (constructor parameters are injected by type or with @Inject(token))',
  },
  {
    name: 'HALYARD_ERR_DECORATOR_MISUSE for @Inject() on a method parameter',
    controllers: [InjectOnMethod],
    code: 'HALYARD_ERR_DECORATOR_MISUSE',
    message:
      'InjectOnMethod.get: @Inject() is on method parameter #0; it decorates constructor parameters only',
  },
  ...[2000, 99, 200.5].map(badHttpCode),
  {
    name: 'HALYARD_ERR_STATUS_INVALID: @Returns status',
    controllers: [BadReturns],
    code: 'HALYARD_ERR_STATUS_INVALID',
    message:
      'BadReturns.get: @Returns(..., { status: 600 }) is not an HTTP status; use an integer from 100 to 599',
  },
  ...['toString', 'constructor', 'valueOf', 'hasOwnProperty', '__proto__'].map(reservedProperty),
]);

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
