import 'reflect-metadata';
import t, { type Test } from 'tap';
import { Allow, IsString, Length } from 'class-validator';
import {
  Conn,
  Connection,
  Headers,
  Message,
  OnConnect,
  OnMessage,
  Param,
  Query,
  WebSocket,
} from '../src/index.js';
import { connectSocket } from '../src/testing/index.js';
import { expectUpgradeInvalid } from './fixtures/upgrade-refusals.js';
import { testBootErrors } from './fixtures/boot-error-cases.js';
import { Text } from './fixtures/text-dto.js';
import { createQuietApp } from './helpers/logged-app.js';

class Where {
  @Allow() side!: unknown;
  @Allow() seat!: unknown;
  @Allow() types!: string[];
}
class Who {
  @IsString() client!: string;
}
class ClientHeaders {
  @IsString() @Length(3, 10) 'x-client'!: string;
}

@WebSocket('/table/:id')
class TableSocket {
  // eslint-disable-next-line @typescript-eslint/max-params -- each parameter is injected by its own decorator, as a handler or provider declares them
  @OnConnect() hello(
    @Conn() conn: Connection,
    @Param('id') id: number,
    @Query('side') side: number,
    @Headers('X-Seat') seat: boolean,
  ): void {
    conn.send('hello', { id, side: side ?? null, seat: seat ?? null });
  }
  @OnMessage('where', { reply: Where }) where(
    @Query('side') side: number,
    @Headers('x-seat') seat: boolean,
  ): Where {
    return { side: side ?? null, seat: seat ?? null, types: [typeof side, typeof seat] };
  }
  @OnMessage('say') say(@Message() m: Text): Text {
    return m;
  }
}

@WebSocket('/closing-table', { refuseWith: 'close' })
class ClosingTableSocket {
  @OnMessage('where', { reply: Where }) where(@Query('side') side: number): Where {
    return { side, seat: null, types: [] };
  }
}

@WebSocket('/client')
class ClientSocket {
  @OnMessage('who', { reply: Who }) who(@Headers() headers: ClientHeaders): Who {
    return { client: headers['x-client'] };
  }
}

async function app(t: Test) {
  const instance = await createQuietApp(t, {
    controllers: [TableSocket, ClosingTableSocket, ClientSocket],
  });
  return instance;
}

t.test('named @Query / @Headers values are converted once at upgrade and read per message', async (t) => {
  const server = await app(t);
  const socket = await connectSocket(server, '/table/7', {
    query: { side: '2' },
    headers: { 'x-seat': 'true' },
  });
  t.strictSame(await socket.next(), { type: 'hello', data: { id: 7, side: 2, seat: true } });
  t.strictSame(await socket.request('where'), {
    type: 'reply',
    id: 't1',
    to: 'where',
    data: { side: 2, seat: true, types: ['number', 'boolean'] },
  });
  const bare = await connectSocket(server, '/table/8');
  t.strictSame(await bare.next(), { type: 'hello', data: { id: 8, side: null, seat: null } });
});

t.test('a bad named query or header value is a 400 before the upgrade', async (t) => {
  const server = await app(t);
  await expectUpgradeInvalid(t, server, {
    query: { side: 'abc' },
    headers: { 'x-seat': 'maybe' },
    path: '/table/7',
    errors: [
      { in: 'query', path: 'side', constraint: 'isNumber', message: 'side must be a number' },
      { in: 'headers', path: 'x-seat', constraint: 'isBoolean', message: 'x-seat must be true or false' },
    ],
  });
  t.equal(server.halyard.hub.stats().connectionsTotal, 0);
});

t.test("with refuseWith: 'close' a bad named query value closes with 4400", async (t) => {
  const server = await app(t);
  const socket = await connectSocket(server, '/closing-table', { query: { side: 'abc' } });
  t.strictSame(await socket.closed, { code: 4400, reason: 'query failed validation' });
});

t.test('a converted path param that does not convert is a 400 before the upgrade', async (t) => {
  const server = await app(t);
  await expectUpgradeInvalid(t, server, {
    path: '/table/seven',
    errors: [{ in: 'params', path: 'id', constraint: 'isNumber', message: 'id must be a number' }],
  });
});

t.test('a @Headers() DTO is validated before the upgrade', async (t) => {
  const server = await app(t);
  await expectUpgradeInvalid(t, server, {
    headers: { 'x-client': 'ab' },
    path: '/client',
    errors: [
      {
        in: 'headers',
        path: 'x-client',
        constraint: 'isLength',
        message: 'x-client must be longer than or equal to 3 characters',
      },
    ],
  });
  const socket = await connectSocket(server, '/client', { headers: { 'x-client': 'tests' } });
  t.strictSame(await socket.request('who'), {
    type: 'reply',
    id: 't1',
    to: 'who',
    data: { client: 'tests' },
  });
});

// Path parameters of a socket are checked at boot like those of an HTTP route.
class OnlyTable {
  @IsString() id!: string;
}
@WebSocket('/table/:id/seat/:seat')
class PartialParams {
  @OnConnect() hello(@Param() params: OnlyTable): void {
    void params;
  }
  @OnMessage('say') say(@Message() m: Text): Text {
    return m;
  }
}
@WebSocket('/table/:id')
class UnknownParam {
  @OnMessage('say') say(@Message() m: Text, @Param('seat') seat: string): Text {
    void seat;
    return m;
  }
}

testBootErrors([
  {
    name: 'a @Param() DTO must declare every path parameter of the socket',
    controllers: [PartialParams],
    code: 'HALYARD_ERR_ROUTE_CONFLICT',
    message:
      'PartialParams.hello: @Param() OnlyTable does not declare :seat of /table/:id/seat/:seat; add a decorated property for every path parameter',
  },
  {
    name: "a named @Param('seat') needs a :seat in the socket's path",
    controllers: [UnknownParam],
    code: 'HALYARD_ERR_ROUTE_CONFLICT',
    message: "UnknownParam.say: @Param('seat') has no matching :seat in /table/:id",
  },
]);
