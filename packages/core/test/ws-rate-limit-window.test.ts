import 'reflect-metadata';
import t, { type Test } from 'tap';
import { connectSocket, type TestSocket } from '../src/testing/index.js';
import { createLoggedApp } from './helpers/logged-app.js';
import { echoSocket } from './fixtures/echo-socket.js';
import { expectBootError } from './helpers/boot-error.js';

// A token every 50 ms: a flooder that pauses briefly gets one frame through per round.
const PacedSocket = echoSocket('PacedSocket', '/paced', {
  rateLimit: { perSecond: 20, burst: 1, closeAfter: 5 },
});

// One token, never refilled within a test.
const OnceSocket = echoSocket('OnceSocket', '/once', {
  rateLimit: { perSecond: 1 / 600, burst: 1, closeAfter: 100 },
});

const ShortWindowSocket = echoSocket('ShortWindowSocket', '/short-window', {
  rateLimit: { perSecond: 1 / 600, burst: 1, closeAfter: 3, windowMs: 100 },
});

async function app(t: Test) {
  const { app: instance, lines } = await createLoggedApp(t, {
    controllers: [PacedSocket, OnceSocket, ShortWindowSocket],
  });
  const rateLines = () =>
    lines
      .filter((line) => line['code'] === 'HALYARD_ERR_WS_RATE_LIMITED')
      .map((line) => ({ msg: line['msg'], rejected: line['rejected'] }));
  return { instance, rateLines };
}

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const rateErrors = (socket: TestSocket) =>
  socket.frames.filter((frame) => frame.error?.code === 'HALYARD_ERR_WS_RATE_LIMITED');

t.test('closeAfter counts violations in a window: a flooder that lets frames pass is closed', async (t) => {
  const { instance, rateLines } = await app(t);
  const socket = await connectSocket(instance, '/paced');
  let id = 0;
  // Each round: one frame takes the token, two are refused; a passing frame used to reset the count.
  for (let round = 0; round < 20 && socket.isOpen; round++) {
    for (let index = 0; index < 3; index++) socket.send('echo', { text: 'x' }, ++id);
    await socket.next((frame) => frame.id === id).catch(() => undefined);
    await delay(60);
  }
  t.strictSame(await socket.closed, { code: 1008, reason: 'Rate limit exceeded' });
  t.equal(rateErrors(socket).length, 5, 'each refused frame with an id was answered, until the close');
  t.ok(
    rateErrors(socket).every((frame) => typeof frame.id === 'number'),
    'every answer carries its id',
  );
  t.equal(instance.halyard.hub.stats().errors['HALYARD_ERR_WS_RATE_LIMITED'], 5);
  const logged = rateLines();
  t.equal(logged.length, 2, 'one line for the first refusal, one with the count when it closes');
  t.match(
    logged[0]?.msg,
    /^websocket message rejected: Rate limit exceeded; retry after \d+ ms \(more within 10000 ms are counted, then logged once\)$/,
  );
  t.strictSame(logged[1], {
    msg: '5 frame(s) rejected with HALYARD_ERR_WS_RATE_LIMITED within 10000 ms; closing the connection with 1008',
    rejected: 5,
  });
});

t.test('frames without an id: only the first refusal of a window is answered', async (t) => {
  const { instance, rateLines } = await app(t);
  const socket = await connectSocket(instance, '/once');
  for (let index = 0; index < 10; index++) socket.sendRaw('{"type":"echo","data":{"text":"x"}}');
  socket.sendRaw('{"type":"$ping","id":"p"}');
  const withId = await socket.next((frame) => frame.id === 'p');
  t.equal(withId.error?.code, 'HALYARD_ERR_WS_RATE_LIMITED', 'a refused frame with an id is answered');
  t.strictSame(
    socket.frames.map((frame) => [frame.type, frame.id ?? null, frame.error?.code ?? null]),
    [
      ['reply', null, null],
      ['error', null, 'HALYARD_ERR_WS_RATE_LIMITED'],
      ['error', 'p', 'HALYARD_ERR_WS_RATE_LIMITED'],
    ],
    'one reply, one answer for nine refused frames without id, one for the ping with an id',
  );
  t.equal(instance.halyard.hub.stats().errors['HALYARD_ERR_WS_RATE_LIMITED'], 10, 'all of them counted');
  t.equal(rateLines().length, 1, 'and logged once');
  await socket.close();
  await delay(50);
  t.strictSame(rateLines()[1], {
    msg: '10 frame(s) rejected with HALYARD_ERR_WS_RATE_LIMITED within 10000 ms',
    rejected: 10,
  });
});

t.test('a window that ends restarts the count, and its total is logged once', async (t) => {
  const { instance, rateLines } = await app(t);
  const socket = await connectSocket(instance, '/short-window');
  t.equal((await socket.request('echo', { text: 'token' })).type, 'reply');
  const refused = async (id: string) => {
    socket.send('echo', { text: 'x' }, id);
    t.equal((await socket.next((frame) => frame.id === id)).error?.code, 'HALYARD_ERR_WS_RATE_LIMITED');
  };
  await refused('a1');
  await refused('a2');
  await delay(150);
  await refused('b1');
  await refused('b2');
  t.ok(socket.isOpen, 'four refusals, but never three within 100 ms');
  await socket.close();
  await delay(50);
  t.strictSame(
    rateLines().map(
      (line) => line.rejected ?? (String(line.msg).startsWith('websocket message rejected: Rate') && 'first'),
    ),
    ['first', 2, 'first', 2],
    'the first refusal of each window, and each window total',
  );
});

t.test('windowMs is validated at boot and shown in the AsyncAPI limits', async (t) => {
  const BadWindow = echoSocket('BadWindow', '/bad', { rateLimit: { perSecond: 5, windowMs: 0.5 } });
  await expectBootError(t, [BadWindow], {
    code: 'HALYARD_ERR_OPTIONS_INVALID',
    message:
      'createApp options: BadWindow (/bad) limits: rateLimit.windowMs must be a positive whole number of milliseconds, got 0.5',
  });
  const { instance } = await app(t);
  t.strictSame(instance.halyard.asyncapi.channels['ShortWindowSocket']?.['x-halyard-limits'].rateLimit, {
    perSecond: 1 / 600,
    burst: 1,
    closeAfter: 3,
    windowMs: 100,
  });
  t.strictSame(instance.halyard.asyncapi.channels['PacedSocket']?.['x-halyard-limits'].rateLimit, {
    perSecond: 20,
    burst: 1,
    closeAfter: 5,
    windowMs: 10_000,
  });
});
