import 'reflect-metadata';
import t from 'tap';
import { IsString } from 'class-validator';
import {
  Body,
  ConflictError,
  Controller,
  Emits,
  Get,
  Message,
  OnMessage,
  Post,
  WebSocket,
} from '../src/index.js';
import { connectSocket } from '../src/testing/index.js';
import { echoSocket } from './fixtures/echo-socket.js';
import { expectBootError } from './helpers/boot-error.js';
import { createQuietApp } from './helpers/logged-app.js';

class Note {
  @IsString() text!: string;
}

@Controller('/codes')
class CodesController {
  @Post('/notes') create(@Body() note: Note): Note {
    if (note.text === 'dup') throw new ConflictError('Note exists');
    return note;
  }
  @Get('/rate-limited') rateLimited(): string {
    return 'never reached: the hook below refuses first';
  }
  @Get('/method') method(): string {
    return 'never reached: the hook below refuses first';
  }
}

const CodesSocket = echoSocket('CodesSocket', '/codes/ws');

t.test('HTTP codes: 409 default code, 415, and statuses raised by other plugins', async (t) => {
  const app = await createQuietApp(t, { controllers: [CodesController] });
  // Stand-ins for errors other Fastify plugins raise from their hooks (a rate limiter's 429, ...).
  app.addHook('onRequest', async (request) => {
    if (request.url === '/codes/rate-limited')
      throw Object.assign(new Error('Slow down'), { statusCode: 429 });
    if (request.url === '/codes/method') throw Object.assign(new Error('Use POST'), { statusCode: 405 });
  });
  const conflict = await app.inject({ method: 'POST', url: '/codes/notes', payload: { text: 'dup' } });
  t.equal(conflict.statusCode, 409);
  t.equal(conflict.json().code, 'HALYARD_ERR_CONFLICT');
  const media = await app.inject({
    method: 'POST',
    url: '/codes/notes',
    headers: { 'content-type': 'text/csv' },
    payload: 'a,b',
  });
  t.equal(media.statusCode, 415);
  t.equal(media.json().code, 'HALYARD_ERR_UNSUPPORTED_MEDIA_TYPE');
  const limited = await app.inject({ url: '/codes/rate-limited' });
  t.equal(limited.statusCode, 429);
  t.strictSame(limited.json(), {
    type: 'about:blank',
    title: 'Too Many Requests',
    status: 429,
    detail: 'Slow down',
    instance: '/codes/rate-limited',
    code: 'HALYARD_ERR_TOO_MANY_REQUESTS',
  });
  const method = await app.inject({ url: '/codes/method' });
  t.equal(method.statusCode, 405);
  t.equal(method.json().code, 'HALYARD_ERR_METHOD_NOT_ALLOWED');
});

t.test('HALYARD_ERR_WS_RESERVED_EVENT: @Emits cannot use protocol names', async (t) => {
  for (const event of ['reply', 'error', 'presence.joined']) {
    @WebSocket(`/reserved-${event}`)
    @Emits(event, Note)
    class Reserved {
      @OnMessage('x') x(@Message() note: Note): Note {
        return note;
      }
    }
    await expectBootError(t, [Reserved], {
      code: 'HALYARD_ERR_WS_RESERVED_EVENT',
      message: `Reserved: @Emits('${event}') uses a name the protocol reserves (reply, error, presence.*)`,
    });
  }
});

t.test(
  'HALYARD_ERR_WS_PROTOCOL: invalid UTF-8 in a text frame closes with 1007 and is counted',
  async (t) => {
    const app = await createQuietApp(t, { controllers: [CodesSocket] });
    const socket = await connectSocket(app, '/codes/ws');
    socket.raw.send(Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), { binary: false });
    t.equal((await socket.closed).code, 1007);
    t.equal(app.halyard.hub.stats().routes['/codes/ws']?.errors['HALYARD_ERR_WS_PROTOCOL'], 1);
  },
);
