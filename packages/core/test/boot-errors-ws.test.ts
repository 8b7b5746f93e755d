import 'reflect-metadata';
import { Type } from 'class-transformer';
import { IsString, ValidateNested } from 'class-validator';
import {
  Body,
  Conn,
  Controller,
  Get,
  Message,
  OnConnect,
  OnDisconnect,
  OnMessage,
  Query,
  UseGuards,
  WebSocket,
} from '../src/index.js';
import { testBootErrors, type BootErrorCase } from './fixtures/boot-error-cases.js';
import { Named } from './fixtures/field-dtos.js';

// Boot errors of WebSocket routes, class-level sockets and their handlers.

@Controller('/live')
class A {
  @Get('/') page(): string {
    return 'x';
  }
  @WebSocket('/') live(@Message() m: Named) {
    return m;
  }
}

@WebSocket('/c')
class WsWrong {
  @OnMessage('x') x(@Body() body: Named) {
    return body;
  }
}

@WebSocket('/c')
class AsyncWs {
  @OnMessage('m') async m(@Message() m: Named): Promise<Named> {
    return m;
  }
}

@WebSocket('/a')
class Dup {
  @OnMessage('m') one(@Message() m: Named) {
    return m;
  }
  @OnMessage('m') two(@Message() m: Named) {
    return m;
  }
}
@WebSocket('/b')
class Empty {
  @OnConnect() hello(@Conn() conn: unknown) {
    return conn;
  }
}
@Controller('/c')
class Outside {
  @OnMessage('m') m(@Message() m: Named) {
    return m;
  }
}
@WebSocket('/d')
class TwoConnects {
  @OnConnect() a() {}
  @OnConnect() b() {}
  @OnMessage('m') m(@Message() m: Named) {
    return m;
  }
}
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

// class-validator groups metadata in a `{}` where `valueOf` already holds a function.
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

const cases: BootErrorCase[] = [
  {
    name: 'HALYARD_ERR_ROUTE_DUPLICATE between a socket and a GET route',
    controllers: [A],
    code: 'HALYARD_ERR_ROUTE_DUPLICATE',
    message: 'A.live: GET /live is already registered by A.page as GET /live',
  },
  {
    name: 'HALYARD_ERR_PARAM_NOT_ALLOWED: @Body() in a message handler',
    controllers: [WsWrong],
    code: 'HALYARD_ERR_PARAM_NOT_ALLOWED',
    message:
      'WsWrong.x: @Body() cannot be used in a WebSocket message handler; allowed here: @Message(), @Conn(), @Param(), @Query(), @Headers(), @Req(), @Identity()',
  },
  {
    name: 'HALYARD_ERR_RETURN_TYPE_MISSING for a Promise handler return without a reply',
    controllers: [AsyncWs],
    code: 'HALYARD_ERR_RETURN_TYPE_MISSING',
    message:
      "AsyncWs.m returns Promise, which erases the reply type; add the reply DTO to the decorator: @OnMessage('m', { reply: YourDto }) (or reply: null if it answers nothing)",
  },
  {
    name: 'HALYARD_ERR_WS_MESSAGE_DUPLICATE',
    controllers: [Dup],
    code: 'HALYARD_ERR_WS_MESSAGE_DUPLICATE',
    message: 'Dup.two: message type "m" is already handled by Dup.one',
  },
  {
    name: 'HALYARD_ERR_WS_NO_HANDLERS',
    controllers: [Empty],
    code: 'HALYARD_ERR_WS_NO_HANDLERS',
    message: 'Empty: a class-level @WebSocket needs at least one @OnMessage handler',
  },
  {
    name: 'HALYARD_ERR_WS_HANDLER_OUTSIDE_SOCKET',
    controllers: [Outside],
    code: 'HALYARD_ERR_WS_HANDLER_OUTSIDE_SOCKET',
    message: 'Outside.m: @OnMessage only works in a class decorated with @WebSocket',
  },
  {
    name: 'HALYARD_ERR_WS_LIFECYCLE_DUPLICATE',
    controllers: [TwoConnects],
    code: 'HALYARD_ERR_WS_LIFECYCLE_DUPLICATE',
    message: 'TwoConnects.b: @OnConnect() is already declared by TwoConnects.a',
  },
  {
    name: 'HALYARD_ERR_ROUTE_CONFLICT for guards on a lifecycle hook',
    controllers: [GuardedHandler],
    code: 'HALYARD_ERR_ROUTE_CONFLICT',
    message:
      'GuardedHandler.bye: @UseGuards on @OnDisconnect() has no effect; upgrade guards go on the class, message guards on an @OnMessage handler',
  },
  {
    name: 'upgrade DTO conflicts between handlers of one socket',
    controllers: [Conflicting],
    code: 'HALYARD_ERR_ROUTE_CONFLICT',
    message:
      'Conflicting.two: @Query() uses Q2 but another handler of Conflicting uses Q1; one socket validates its upgrade request once',
  },
  {
    name: 'HALYARD_ERR_DTO_RESERVED_PROPERTY names a nested class too, on a socket message',
    controllers: [Chat],
    code: 'HALYARD_ERR_DTO_RESERVED_PROPERTY',
    message:
      'Inner.valueOf: a validated property cannot be named like an Object.prototype member (class-validator cannot group it); rename it (such input keys are refused as reservedKey anyway)',
  },
];
testBootErrors(cases);
