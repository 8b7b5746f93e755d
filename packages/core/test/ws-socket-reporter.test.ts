import 'reflect-metadata';
import t from 'tap';
import { IsString } from 'class-validator';
import { Message, OnMessage, WebSocket, WsCloseError } from '../src/index.js';
import { connectSocket } from '../src/testing/index.js';
import { kReporter } from '../src/ws/hub-internals.js';
import type { SocketReport } from '../src/ws/socket-reporter.js';
import { createQuietApp } from './helpers/logged-app.js';

class Note {
  @IsString() text!: string;
}

@WebSocket('/reported')
class ReportedSocket {
  @OnMessage('note', { reply: Note }) note(@Message() m: Note): Note {
    if (m.text === 'boom') throw new Error('handler bug');
    if (m.text === 'bye') throw new WsCloseError(4100, 'bye');
    return m;
  }
}

// The one reporter hears every refusal, failure and close, with the same key as stats.errors.
t.test('a listener hears refusals, failures and closes, counted like stats.errors', async (t) => {
  const app = await createQuietApp(t, { controllers: [ReportedSocket] });
  const reports: SocketReport[] = [];
  const stop = app.halyard.hub[kReporter].listen((report) => reports.push(report));
  app.halyard.hub[kReporter].listen(() => {
    throw new Error('a broken listener is logged, never reaches the socket');
  });
  const socket = await connectSocket(app, '/reported');
  socket.sendRaw('{not json');
  t.equal(
    (await socket.next((frame) => frame.type === 'error')).error?.code,
    'HALYARD_ERR_WS_MALFORMED_JSON',
  );
  t.equal((await socket.request('note', { text: 1 })).error?.code, 'HALYARD_ERR_VALIDATION');
  t.equal((await socket.request('note', { text: 'boom' })).error?.code, 'HALYARD_ERR_INTERNAL');
  socket.send('note', { text: 'bye' });
  await socket.closed;
  const id = reports[0]?.connection;
  t.type(id, 'string');
  t.strictSame(reports, [
    { kind: 'refused', route: '/reported', code: 'HALYARD_ERR_WS_MALFORMED_JSON', connection: id },
    { kind: 'refused', route: '/reported', code: 'HALYARD_ERR_VALIDATION', connection: id },
    { kind: 'failed', route: '/reported', code: 'HALYARD_ERR_INTERNAL', connection: id },
    { kind: 'closed', route: '/reported', code: 'CLOSE_4100', connection: id },
  ]);
  t.strictSame(app.halyard.hub.stats().errors, {
    HALYARD_ERR_WS_MALFORMED_JSON: 1,
    HALYARD_ERR_VALIDATION: 1,
    HALYARD_ERR_INTERNAL: 1,
    CLOSE_4100: 1,
  });
  stop();
  const again = await connectSocket(app, '/reported');
  again.sendRaw('{not json');
  await again.next((frame) => frame.type === 'error');
  t.equal(reports.length, 4, 'a removed listener hears nothing more');
  await again.close();
});
