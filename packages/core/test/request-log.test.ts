import 'reflect-metadata';
import { Writable } from 'node:stream';
import t from 'tap';
import {
  Controller,
  createApp,
  Get,
  type Guard,
  type GuardContext,
  OnMessage,
  UseGuards,
  WebSocket,
} from '../src/index.js';
import { redactQuery } from '../src/http/request-log.js';
import { connectSocket } from '../src/testing/index.js';

class KeyGuard implements Guard {
  static security = { type: 'apiKey', in: 'query', name: 'key' } as const;
  canActivate(context: GuardContext): boolean {
    return (context.request.query as { key?: string }).key === 's3cret-key';
  }
}

@Controller('/api')
class ApiController {
  @Get('/health') health(): string {
    return 'ok';
  }
}

@WebSocket('/ws')
@UseGuards(KeyGuard)
class KeySocket {
  @OnMessage('ping') ping(): string {
    return 'pong';
  }
}

t.test('credentials in the query never reach the request log', async (t) => {
  const lines: Array<{ msg: string; req?: { url: string } }> = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  const app = await createApp({
    controllers: [ApiController, KeySocket],
    docs: false,
    fastify: { logger: { level: 'info', stream } },
  });
  t.teardown(() => app.close());
  await app.inject({ url: '/api/health?token=t0ken&name=ann&access_token=acc3ss' });
  const socket = await connectSocket(app, '/ws', { query: { key: 's3cret-key', room: 'a' } });
  await socket.close();
  const urls = lines.filter((line) => line.msg === 'incoming request').map((line) => line.req?.url);
  t.strictSame(urls, [
    '/api/health?token=[redacted]&name=ann&access_token=[redacted]',
    '/ws?key=[redacted]&room=a',
  ]);
  const all = JSON.stringify(lines);
  for (const secret of ['t0ken', 'acc3ss', 's3cret-key']) t.notMatch(all, secret, `no ${secret} in any line`);
});

t.test('an own req serializer or logger instance is left alone', async (t) => {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString('utf8'));
      done();
    },
  });
  const app = await createApp({
    controllers: [ApiController],
    docs: false,
    fastify: {
      logger: {
        level: 'info',
        stream,
        serializers: { req: (request: { url: string }) => ({ mine: request.url }) },
      },
    },
  });
  t.teardown(() => app.close());
  await app.inject({ url: '/api/health?token=t' });
  t.match(lines.join(''), '"req":{"mine":"/api/health?token=t"}');
});

t.test('redactQuery: names decoded leniently, values replaced, the rest as it came', async (t) => {
  const keys = new Set(['token', 'key']);
  t.equal(redactQuery('/a', keys), '/a');
  t.equal(redactQuery('/a?', keys), '/a?');
  t.equal(redactQuery('/a?x=%zz&token=1', keys), '/a?x=%zz&token=[redacted]', 'a malformed escape elsewhere');
  t.equal(redactQuery('/a?to%6Ben=1&%zz=2', keys), '/a?to%6Ben=[redacted]&%zz=2', 'an encoded name');
  t.equal(redactQuery('/a?token&key=&token=x=y', keys), '/a?token&key=[redacted]&token=[redacted]');
  t.equal(redactQuery('/a?Token=1&tokens=2', keys), '/a?Token=1&tokens=2', 'names are exact');
});
