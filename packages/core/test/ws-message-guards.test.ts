import 'reflect-metadata';
import t, { type Test } from 'tap';
import { IsBoolean, IsInt, IsString, Min } from 'class-validator';
import {
  Identity,
  Message,
  OnConnect,
  OnMessage,
  UnauthorizedError,
  UseGuards,
  WebSocket,
  type Guard,
  type GuardContext,
} from '../src/index.js';
import { connectSocket } from '../src/testing/index.js';
import { TokenGuard, type User } from './fixtures/token-guard.js';
import { testBootErrors } from './fixtures/boot-error-cases.js';
import { Text } from './fixtures/text-dto.js';
import { createLoggedApp } from './helpers/logged-app.js';

/** What each message guard saw, in order. */
const seen: Array<{ kind: string; type?: string; message?: unknown; identity: unknown }> = [];

class ModeratorGuard implements Guard {
  canActivate(ctx: GuardContext): boolean {
    if (ctx.kind === 'message')
      seen.push({ kind: ctx.kind, type: ctx.type, message: ctx.message, identity: ctx.identity });
    return (ctx.identity as User).role === 'moderator';
  }
}

class SignedInAgainGuard implements Guard {
  async canActivate(ctx: GuardContext): Promise<boolean> {
    await new Promise((resolve) => setImmediate(resolve));
    if ((ctx.identity as User).name === 'ann') throw new UnauthorizedError('Sign in again to do that');
    return true;
  }
}

class BuggyGuard implements Guard {
  canActivate(): boolean {
    throw new Error('guard bug at /secret/path');
  }
}

class IdentityChangingGuard implements Guard {
  canActivate(ctx: GuardContext): boolean {
    ctx.setIdentity({ name: 'root', role: 'moderator' });
    return true;
  }
}

class Kick {
  @IsString() user!: string;
  @IsInt() @Min(1) minutes!: number;
}

class From {
  @IsString() from!: string;
}
class Kicked {
  @IsString() kicked!: string;
  @IsString() by!: string;
}
class Done {
  @IsBoolean() ok!: boolean;
}

@UseGuards(TokenGuard)
@WebSocket('/room')
class RoomSocket {
  @OnMessage('say', { reply: From }) say(@Message() m: Kick, @Identity() user: User): From {
    return { from: user.name };
  }
  @OnMessage('kick', { reply: Kicked }) @UseGuards(ModeratorGuard) kick(
    @Message() m: Kick,
    @Identity() user: User,
  ): Kicked {
    return { kicked: m.user, by: user.name };
  }
  @OnMessage('purge', { reply: Done }) @UseGuards(ModeratorGuard, SignedInAgainGuard) purge(): Done {
    return { ok: true };
  }
  @OnMessage('fresh', { reply: Done }) @UseGuards(SignedInAgainGuard) fresh(): Done {
    return { ok: true };
  }
  @OnMessage('buggy', { reply: Done }) @UseGuards(BuggyGuard) buggy(): Done {
    return { ok: true };
  }
  @OnMessage('sudo', { reply: Done }) @UseGuards(new IdentityChangingGuard()) sudo(): Done {
    return { ok: true };
  }
}

async function setup(t: Test) {
  const { app, lines } = await createLoggedApp(t, {
    controllers: [RoomSocket],
    providers: [TokenGuard, ModeratorGuard, SignedInAgainGuard, BuggyGuard],
  });
  return { app, lines };
}

t.test('a message guard refuses with an error frame carrying the id; the socket stays open', async (t) => {
  const { app } = await setup(t);
  seen.length = 0;
  const ann = await connectSocket(app, '/room', { query: { token: 'ann:member' } });
  t.strictSame(await ann.request('kick', { user: 'bob', minutes: 5 }), {
    type: 'error',
    id: 't1',
    error: { code: 'HALYARD_ERR_FORBIDDEN', message: 'Access denied by ModeratorGuard' },
  });
  // Still open: an unguarded handler and a second refusal both answer.
  t.strictSame(await ann.request('say', { user: 'x', minutes: 1 }), {
    type: 'reply',
    id: 't2',
    to: 'say',
    data: { from: 'ann' },
  });
  t.equal((await ann.request('purge')).error?.code, 'HALYARD_ERR_FORBIDDEN');
  t.ok(ann.isOpen);
  const mo = await connectSocket(app, '/room', { query: { token: 'mo:moderator' } });
  t.strictSame(await mo.request('kick', { user: 'bob', minutes: 5 }), {
    type: 'reply',
    id: 't1',
    to: 'kick',
    data: { kicked: 'bob', by: 'mo' },
  });
  // The guard saw the validated DTO and the connection's identity.
  t.equal(seen.length, 3);
  t.ok(seen[2]?.message instanceof Kick);
  t.same(seen[2], {
    kind: 'message',
    type: 'kick',
    message: { user: 'bob', minutes: 5 },
    identity: { name: 'mo', role: 'moderator' },
  });
  await ann.close();
  await mo.close();
});

t.test('validation runs before the guards: an invalid message never reaches them', async (t) => {
  const { app } = await setup(t);
  seen.length = 0;
  const ann = await connectSocket(app, '/room', { query: { token: 'ann:member' } });
  const invalid = await ann.request('kick', { user: 'bob', minutes: 0 });
  t.equal(invalid.error?.code, 'HALYARD_ERR_VALIDATION');
  t.equal(seen.length, 0);
  await ann.close();
});

t.test('guards run in order; an HttpError thrown by an async guard is its frame', async (t) => {
  const { app } = await setup(t);
  const ann = await connectSocket(app, '/room', { query: { token: 'ann:member' } });
  t.strictSame(await ann.request('fresh'), {
    type: 'error',
    id: 't1',
    error: { code: 'HALYARD_ERR_UNAUTHORIZED', message: 'Sign in again to do that' },
  });
  const mo = await connectSocket(app, '/room', { query: { token: 'mo:moderator' } });
  t.strictSame((await mo.request('purge')).data, { ok: true });
  t.strictSame((await mo.request('fresh')).data, { ok: true });
  await ann.close();
  await mo.close();
});

t.test(
  'a guard that throws an unknown error answers HALYARD_ERR_INTERNAL without a stack, and logs it as an error',
  async (t) => {
    const { app, lines } = await setup(t);
    const ann = await connectSocket(app, '/room', { query: { token: 'ann:member' } });
    t.strictSame(await ann.request('buggy'), {
      type: 'error',
      id: 't1',
      error: { code: 'HALYARD_ERR_INTERNAL', message: 'Internal server error' },
    });
    t.notMatch(JSON.stringify(ann.frames), /secret|guard bug|at /);
    const logged = lines.find((line) => line['code'] === 'HALYARD_ERR_INTERNAL');
    t.equal(logged?.['level'], 50);
    t.equal(logged?.['handler'], 'RoomSocket.buggy');
    t.match((logged?.['err'] as { message: string }).message, 'guard bug at /secret/path');
    // A message guard cannot replace the identity: that is the upgrade's (and $auth's) business.
    t.strictSame((await ann.request('sudo')).error, {
      code: 'HALYARD_ERR_INTERNAL',
      message: 'Internal server error',
    });
    t.strictSame((await ann.request('say', { user: 'x', minutes: 1 })).data, { from: 'ann' });
    await ann.close();
  },
);

class AllowAll implements Guard {
  canActivate(): boolean {
    return true;
  }
}
@WebSocket('/a')
class GuardedConnect {
  @OnConnect() @UseGuards(AllowAll) hello(): void {}
  @OnMessage('m') m(@Message() m: Text): Text {
    return m;
  }
}
@WebSocket('/b')
class NotAGuard {
  @OnMessage('m') @UseGuards({ allow: true } as unknown as Guard) m(@Message() m: Text): Text {
    return m;
  }
}

testBootErrors([
  {
    name: 'boot errors: @UseGuards where it would do nothing',
    controllers: [GuardedConnect],
    code: 'HALYARD_ERR_ROUTE_CONFLICT',
    message:
      'GuardedConnect.hello: @UseGuards on @OnConnect() has no effect; upgrade guards go on the class, message guards on an @OnMessage handler',
  },
  {
    name: 'boot errors: a guard without canActivate',
    controllers: [NotAGuard],
    code: 'HALYARD_ERR_GUARD_INVALID',
    message:
      'NotAGuard.m: Object is not a guard; pass a class or an object with a canActivate(context) method',
  },
]);

t.test('AsyncAPI: a guarded message lists its guards and the security that applies to it', async (t) => {
  const { app } = await setup(t);
  const doc = app.halyard.asyncapi as unknown as {
    operations: Record<string, { security?: Array<{ $ref: string }>; 'x-halyard-guards'?: string[] }>;
  };
  const kick = Object.entries(doc.operations).find(([id]) => id.endsWith('_kick'))?.[1];
  const say = Object.entries(doc.operations).find(([id]) => id.endsWith('_say'))?.[1];
  t.strictSame(kick?.['x-halyard-guards'], ['ModeratorGuard']);
  t.strictSame(kick?.security, [{ $ref: '#/components/securitySchemes/TokenGuard' }]);
  t.equal(say?.['x-halyard-guards'], undefined, 'unguarded handlers carry nothing extra');
  t.strictSame(say?.security, [{ $ref: '#/components/securitySchemes/TokenGuard' }]);
  const { Parser } = await import('@asyncapi/parser');
  const diagnostics = await new Parser().validate(doc as never);
  t.strictSame(
    diagnostics.filter((diagnostic) => diagnostic.severity === 0).map((diagnostic) => diagnostic.message),
    [],
    '@asyncapi/parser: no errors',
  );
});
