import 'reflect-metadata';
import t from 'tap';
import { IsString, Length } from 'class-validator';
import {
  Message,
  OnMessage,
  Query,
  UnauthorizedError,
  UseGuards,
  WebSocket,
  type GuardContext,
} from '../src/index.js';
import { connectSocket, expectUpgradeRejected } from '../src/testing/index.js';
import { expectBootError } from './helpers/boot-error.js';
import { createQuietApp } from './helpers/logged-app.js';

class Who {
  @IsString() @Length(2, 10) name!: string;
}

class TokenGuard {
  static security = { type: 'apiKey', in: 'query', name: 'token' } as const;
  canActivate(context: GuardContext): boolean {
    if ((context.request.query as { token?: string }).token !== 'good')
      throw new UnauthorizedError('token query parameter required');
    return true;
  }
}

@WebSocket('/browser', { refuseWith: 'close' })
@UseGuards(TokenGuard)
class BrowserSocket {
  @OnMessage('hello', { reply: Who }) hello(@Message() who: Who, @Query() query: Who): Who {
    return { name: `${who.name}/${query.name}` };
  }
}

t.test("refuseWith: 'close' answers a refused upgrade with a close code a browser can read", async (t) => {
  const app = await createQuietApp(t, {
    controllers: [BrowserSocket],
    providers: [TokenGuard],
  });
  const anonymous = await connectSocket(app, '/browser', { query: { name: 'ann' } });
  t.strictSame(await anonymous.closed, { code: 4401, reason: 'token query parameter required' });
  const invalid = await connectSocket(app, '/browser', { query: { token: 'good', name: 'x' } });
  t.strictSame(await invalid.closed, { code: 4400, reason: 'query failed validation' });
  t.equal(app.halyard.hub.stats().connectionsTotal, 0, 'no connection was ever registered');
  t.same(app.halyard.hub.stats().errors, { HALYARD_ERR_UNAUTHORIZED: 1, HALYARD_ERR_VALIDATION: 1 });

  const allowed = await connectSocket(app, '/browser', { query: { token: 'good', name: 'ann' } });
  t.strictSame((await allowed.request('hello', { name: 'bob' })).data, { name: 'bob/ann' });
  await allowed.close();
  // a plain GET is still an HTTP answer
  t.equal((await app.inject({ url: '/browser' })).statusCode, 426);
});

t.test("the default stays 'http'; a bad value is a boot error", async (t) => {
  @WebSocket('/server-side')
  @UseGuards(TokenGuard)
  class ServerSocket {
    @OnMessage('x', { reply: Who }) x(@Message() who: Who): Who {
      return who;
    }
  }
  const app = await createQuietApp(t, {
    controllers: [ServerSocket],
    providers: [TokenGuard],
  });
  t.equal((await expectUpgradeRejected(app, '/server-side')).status, 401);
  @WebSocket('/bad', { refuseWith: 'teapot' as never })
  class BadSocket {
    @OnMessage('x', { reply: Who }) x(@Message() who: Who): Who {
      return who;
    }
  }
  await expectBootError(t, [BadSocket], {
    code: 'HALYARD_ERR_OPTIONS_INVALID',
    message: "createApp options: BadSocket (/bad) limits: refuseWith must be 'http' or 'close', got teapot",
  });
});
