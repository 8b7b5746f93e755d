import 'reflect-metadata';
import t, { type Test } from 'tap';
import { IsString } from 'class-validator';
import {
  Conn,
  Connection,
  Controller,
  HttpError,
  Identity,
  Message,
  OnConnect,
  OnMessage,
  OnReauth,
  UseGuards,
  WebSocket,
  WsCloseError,
} from '../src/index.js';
import { connectSocket } from '../src/testing/index.js';
import { expectAuthAccepted } from './fixtures/auth-frames.js';
import { TokenGuard, type User } from './fixtures/token-guard.js';
import { expectBootError } from './helpers/boot-error.js';
import { createQuietApp } from './helpers/logged-app.js';

class Me {
  @IsString() name!: string;
  @IsString() role!: string;
}

/** What `@OnReauth` saw, in order. */
const seen: Array<{ identity: User; connIdentity: unknown; role: unknown }> = [];

@UseGuards(TokenGuard)
@WebSocket('/live')
class LiveSocket {
  @OnConnect()
  hello(@Conn() conn: Connection, @Identity() user: User): void {
    conn.set('role', user.role);
  }

  @OnReauth()
  moved(@Conn() conn: Connection, @Identity() user: User): void {
    seen.push({ identity: user, connIdentity: conn.identity, role: conn.get('role') });
    if (user.role === 'banned') throw new HttpError(403, 'Banned users may not continue');
    if (user.role === 'gone') throw new WsCloseError(4409, 'Account moved');
    if (user.role === 'broken') throw new Error('role store down');
    conn.set('role', user.role);
  }

  @OnMessage('whoami', { reply: Me })
  whoami(@Identity() user: User, @Conn() conn: Connection): Me {
    return { name: user.name, role: String(conn.get('role')) };
  }
}

async function setup(t: Test) {
  seen.length = 0;
  const app = await createQuietApp(t, {
    controllers: [LiveSocket],
    providers: [TokenGuard],
  });
  return app;
}

t.test('@OnReauth runs after a successful $auth with the new identity, before the reply', async (t) => {
  const app = await setup(t);
  const socket = await connectSocket(app, '/live', { query: { token: 'ann:member' } });
  t.strictSame((await socket.request('whoami')).data, { name: 'ann', role: 'member' });
  await expectAuthAccepted(t, socket, { credential: 'ann:moderator', id: 'a1' });
  t.strictSame(seen, [
    {
      identity: { name: 'ann', role: 'moderator' },
      connIdentity: { name: 'ann', role: 'moderator' },
      role: 'member',
    },
  ]);
  t.strictSame(
    (await socket.request('whoami')).data,
    { name: 'ann', role: 'moderator' },
    'handlers after it see the new identity and what the hook set',
  );
  socket.send('$auth', { credential: 'forged' }, 'a2');
  t.strictSame(await socket.closed, { code: 4401, reason: 'Unknown token' });
  t.equal(seen.length, 1, 'not called for a refused credential');
});

t.test('a throwing @OnReauth closes the connection as @OnConnect would, without a $auth reply', async (t) => {
  const app = await setup(t);
  for (const [role, close] of [
    ['banned', { code: 4403, reason: 'Banned users may not continue' }],
    ['gone', { code: 4409, reason: 'Account moved' }],
    ['broken', { code: 1011, reason: 'Internal server error' }],
  ] as const) {
    const socket = await connectSocket(app, '/live', { query: { token: 'ann:member' } });
    socket.send('$auth', { credential: `ann:${role}` }, 'a1');
    t.strictSame(await socket.closed, close, role);
    t.strictSame(socket.frames, [], `${role}: no reply`);
  }
  t.same(app.halyard.hub.stats().errors, { HTTP_403: 1, CLOSE_4409: 1, HALYARD_ERR_INTERNAL: 1 });
});

t.test('boot errors for misplaced or misshaped @OnReauth', async (t) => {
  @UseGuards(TokenGuard)
  @WebSocket('/a')
  class TwoReauths {
    @OnMessage('x') x(): void {}
    @OnReauth() a(): void {}
    @OnReauth() b(): void {}
  }
  await expectBootError(t, [TwoReauths], {
    code: 'HALYARD_ERR_WS_LIFECYCLE_DUPLICATE',
    message: 'TwoReauths.b: @OnReauth() is already declared by TwoReauths.a',
  });

  @WebSocket('/b')
  class Unguarded {
    @OnMessage('x') x(): void {}
    @OnReauth() moved(): void {}
  }
  await expectBootError(t, [Unguarded], {
    code: 'HALYARD_ERR_ROUTE_CONFLICT',
    message:
      'Unguarded.moved: @OnReauth() would never run: only a socket with upgrade guards (@UseGuards on the class) accepts $auth re-authentication',
  });

  @Controller('/c')
  class NotASocket {
    @WebSocket('/c') chat(): string {
      return 'x';
    }
    @OnReauth() moved(): void {}
  }
  await expectBootError(t, [NotASocket], {
    code: 'HALYARD_ERR_WS_HANDLER_OUTSIDE_SOCKET',
    message: 'NotASocket.moved: @OnReauth only works in a class decorated with @WebSocket',
  });

  class Dto {
    @IsString() text!: string;
  }
  @UseGuards(TokenGuard)
  @WebSocket('/d')
  class WithMessage {
    @OnMessage('x') x(): void {}
    @OnReauth() moved(@Message() _m: Dto): void {}
  }
  await expectBootError(t, [WithMessage], {
    code: 'HALYARD_ERR_PARAM_NOT_ALLOWED',
    message:
      'WithMessage.moved: @Message() cannot be used in an @OnReauth handler; allowed here: @Conn(), @Param(), @Query(), @Headers(), @Req(), @Identity()',
  });

  @UseGuards(TokenGuard)
  @WebSocket('/e')
  class Both {
    @OnReauth() @OnMessage('x') x(): void {}
  }
  await expectBootError(t, [Both], {
    code: 'HALYARD_ERR_ROUTE_CONFLICT',
    message:
      'Both.x: a method is either an HTTP route, a @WebSocket or a socket handler; found @OnMessage, @OnReauth',
  });

  @UseGuards(TokenGuard)
  @WebSocket('/f')
  class GuardedHook {
    @OnMessage('x') x(): void {}
    @OnReauth() @UseGuards(TokenGuard) moved(): void {}
  }
  await expectBootError(t, [GuardedHook], {
    code: 'HALYARD_ERR_ROUTE_CONFLICT',
    message:
      'GuardedHook.moved: @UseGuards on @OnReauth() has no effect; upgrade guards go on the class, message guards on an @OnMessage handler',
  });
});
