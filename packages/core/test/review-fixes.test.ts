import 'reflect-metadata';
import t, { type Test } from 'tap';
import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Validate,
  ValidateNested,
  ValidatorConstraint,
  type ValidatorConstraintInterface,
} from 'class-validator';
import {
  Body,
  Conn,
  Connection,
  Controller,
  createApp,
  Get,
  HalyardError,
  Identity,
  Injectable,
  Message,
  OnConnect,
  OnMessage,
  Post,
  Query,
  UnauthorizedError,
  UseGuards,
  WebSocket,
  WsCloseError,
  type Guard,
  type GuardContext,
} from '../src/index.js';
import { connectSocket, expectUpgradeRejected } from '../src/testing/index.js';
import { Text } from './fixtures/text-dto.js';
import { createLoggedApp, createQuietApp } from './helpers/logged-app.js';
import { echoSocket } from './fixtures/echo-socket.js';
import { expectBootError } from './helpers/boot-error.js';

class Who {
  @IsString() @Length(2, 10) name!: string;
}
class Count {
  @IsInt() count!: number;
}

@Injectable()
class FirstGuard implements Guard {
  static security = { type: 'apiKey', in: 'query', name: 'token' } as const;
  canActivate(context: GuardContext): boolean {
    if ((context.request.query as { token?: string }).token !== 'good')
      throw new UnauthorizedError('bad token');
    context.setIdentity({ name: 'ann', level: 1 });
    return true;
  }
}

@Injectable()
class SecondGuard implements Guard {
  canActivate(context: GuardContext): boolean {
    const previous = context.identity as { name: string; level: number };
    context.setIdentity({ ...previous, level: previous.level + 1 });
    return true;
  }
}

@WebSocket('/closing')
@UseGuards(FirstGuard, SecondGuard)
class ClosingSocket {
  @OnConnect() hello(
    @Conn() conn: Connection,
    @Query() who: Who,
    @Identity() identity: { level: number },
  ): void {
    conn.set('level', identity.level);
    conn.set('name', who.name);
  }
  @OnMessage('bad-code', { reply: null }) badCode(): void {
    throw new WsCloseError(1005, 'not sendable');
  }
  @OnMessage('long-reason', { reply: null }) longReason(@Message() text: Text): void {
    throw new WsCloseError(4001, text.text);
  }
  @OnMessage('level') level(@Conn() conn: Connection): number {
    return Number(conn.get('level'));
  }
}

@WebSocket('/limited', { rateLimit: { perSecond: 1, burst: 1, closeAfter: 50 } })
class LimitedSocket {
  @OnMessage('count', { reply: Count }) count(@Message() count: Count): Count {
    return count;
  }
}

async function app(t: Test) {
  const { app: instance, lines } = await createLoggedApp(t, {
    controllers: [ClosingSocket, LimitedSocket],
    providers: [FirstGuard, SecondGuard],
  });
  return { instance, lines };
}

t.test('close codes that may not be sent become 1011; long reasons are cut to 123 bytes', async (t) => {
  const { instance, lines } = await app(t);
  const first = await connectSocket(instance, '/closing', { query: { token: 'good', name: 'ann' } });
  first.send('bad-code');
  t.strictSame(await first.closed, { code: 1011, reason: 'Internal server error' });
  t.ok(lines.some((line) => line['code'] === 'HALYARD_ERR_WS_BAD_CLOSE_CODE' && line['closeCode'] === 1005));

  const second = await connectSocket(instance, '/closing', { query: { token: 'good', name: 'ann' } });
  second.send('long-reason', { text: 'é'.repeat(100) });
  const closed = await second.closed;
  t.equal(closed.code, 4001);
  t.equal(closed.reason, 'é'.repeat(61), '61 two-byte characters fit in 123 bytes');
  t.equal(instance.halyard.hub.stats().errors['HALYARD_ERR_WS_BAD_CLOSE_CODE'], 1);
  t.equal(instance.halyard.hub.stats().errors['CLOSE_4001'], 1);
});

t.test('a later guard reads the identity an earlier one set', async (t) => {
  const { instance } = await app(t);
  const socket = await connectSocket(instance, '/closing', { query: { token: 'good', name: 'ann' } });
  t.equal((await socket.request('level')).data, 2);
  await socket.close();
});

t.test('upgrade checks: 426 for plain GET first, guards before validation, refusals counted', async (t) => {
  const { instance } = await app(t);
  const plain = await instance.inject({ url: '/closing?name=x' });
  t.equal(plain.statusCode, 426);
  t.equal(plain.json().title, 'Upgrade Required');
  const anonymous = await expectUpgradeRejected(instance, '/closing', { query: { name: 'x' } });
  t.equal(anonymous.status, 401, 'no parameter details for an unauthenticated caller');
  t.equal(anonymous.body['errors'], undefined);
  const invalid = await expectUpgradeRejected(instance, '/closing', { query: { token: 'good', name: 'x' } });
  t.equal(invalid.status, 400);
  const errors = instance.halyard.hub.stats().routes['/closing']?.errors;
  t.same(errors, {
    HALYARD_ERR_WS_UPGRADE_REQUIRED: 1,
    HALYARD_ERR_UNAUTHORIZED: 1,
    HALYARD_ERR_VALIDATION: 1,
  });
});

t.test('a rate-limited frame is answered with its id', async (t) => {
  const { instance } = await app(t);
  const socket = await connectSocket(instance, '/limited');
  socket.send('count', { count: 1 }, 'first');
  socket.send('count', { count: 2 }, 'second');
  t.equal((await socket.next((frame) => frame.id === 'first')).type, 'reply');
  const limited = await socket.next((frame) => frame.id === 'second');
  t.equal(limited.error?.code, 'HALYARD_ERR_WS_RATE_LIMITED');
  await socket.close();
});

t.test(
  'boot errors: invalid limits, reply on a class-level socket, a throwing provider constructor',
  async (t) => {
    const ZeroRate = echoSocket('ZeroRate', '/zero', { rateLimit: { perSecond: 0 } });
    await expectBootError(t, [ZeroRate], {
      code: 'HALYARD_ERR_OPTIONS_INVALID',
      message:
        'createApp options: ZeroRate (/zero) limits: rateLimit.perSecond must be a positive number, got 0',
    });
    const ClassReply = echoSocket('ClassReply', '/reply', { reply: Text });
    await expectBootError(t, [ClassReply], {
      code: 'HALYARD_ERR_ROUTE_CONFLICT',
      message:
        'ClassReply: reply and type belong to a method-level @WebSocket; on a class-level socket set them per handler with @OnMessage(type, { reply })',
    });
    @Injectable()
    class Exploding {
      constructor() {
        throw new Error('no config file');
      }
    }
    const error = await createApp({
      controllers: [],
      providers: [Exploding],
      fastify: { logger: false },
    }).catch((caught: unknown) => caught);
    t.ok(error instanceof HalyardError);
    t.equal(
      (error as HalyardError).message,
      'HALYARD_ERR_DI_FACTORY_FAILED: provider Exploding failed to construct: no config file',
    );
  },
);

t.test('query booleans: false is false, other words are refused; nested async validators run', async (t) => {
  class Flags {
    @IsOptional() @IsBoolean() archived?: boolean;
  }
  @ValidatorConstraint({ name: 'isFreeName', async: true })
  class IsFreeName implements ValidatorConstraintInterface {
    async validate(value: unknown): Promise<boolean> {
      await new Promise((resolve) => setTimeout(resolve, 1));
      return value !== 'taken';
    }
    defaultMessage(): string {
      return 'name is taken';
    }
  }
  class Inner {
    @IsString() @Validate(IsFreeName) name!: string;
  }
  class Outer {
    @ValidateNested() @Type(() => Inner) inner!: Inner;
  }
  @Controller('/flags')
  class FlagsController {
    @Get('/') list(@Query() flags: Flags): string {
      return JSON.stringify(flags.archived);
    }
    @Post('/') create(@Body() body: Outer): string {
      return body.inner.name;
    }
  }
  const app = await createQuietApp(t, { controllers: [FlagsController] });
  t.equal((await app.inject({ url: '/flags?archived=false' })).body, 'false');
  t.equal((await app.inject({ url: '/flags?archived=true' })).body, 'true');
  t.equal((await app.inject({ url: '/flags' })).body, '');
  const wrong = await app.inject({ url: '/flags?archived=yes' });
  t.equal(wrong.statusCode, 400);
  t.strictSame(wrong.json().errors, [
    { in: 'query', path: 'archived', constraint: 'isBoolean', message: 'archived must be true or false' },
  ]);
  t.equal(
    (await app.inject({ method: 'POST', url: '/flags', payload: { inner: { name: 'free' } } })).statusCode,
    201,
  );
  const taken = await app.inject({ method: 'POST', url: '/flags', payload: { inner: { name: 'taken' } } });
  t.equal(taken.statusCode, 400);
  t.strictSame(taken.json().errors, [
    { in: 'body', path: 'inner.name', constraint: 'isFreeName', message: 'name is taken' },
  ]);
});
