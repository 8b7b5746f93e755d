import t from 'tap';
import { bearer, closeAll, problem, twoClients } from './fixtures.js';

const problemType = 'application/problem+json; charset=utf-8';

t.test('GET connections, rooms and stats describe the live sockets', async (t) => {
  const fixture = await twoClients();
  t.teardown(() => closeAll(fixture));
  const { app, redId, blueId } = fixture;

  const connections = await app.inject({ url: '/admin/api/connections', headers: bearer });
  t.equal(connections.statusCode, 200);
  const list = connections.json().connections as Array<Record<string, unknown>>;
  t.equal(list.length, 2);
  t.match(list[0], {
    id: redId,
    route: '/hub',
    params: {},
    query: { name: 'red' },
    remoteAddress: '127.0.0.1',
    identity: null,
    connectedAt: /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/,
    presence: { name: 'red' },
    rooms: ['everyone', 'red'],
  });
  t.strictSame(
    list[0]?.['metadata'],
    { name: 'red', tags: ['first'], loop: { self: '[Circular]' }, big: '12n' },
    'metadata is copied JSON-safe: sets, cycles and bigints do not break the answer',
  );
  t.strictSame(list[1]?.['metadata'], { name: 'blue' });
  t.strictSame(list[1]?.['rooms'], ['blue', 'everyone']);
  t.strictSame(Object.keys(list[1] ?? {}), [
    'id',
    'route',
    'params',
    'query',
    'remoteAddress',
    'identity',
    'connectedAt',
    'metadata',
    'presence',
    'rooms',
  ]);

  const rooms = await app.inject({ url: '/admin/api/rooms', headers: bearer });
  t.equal(rooms.statusCode, 200);
  t.strictSame(rooms.json(), {
    rooms: [
      { name: 'blue', members: [{ id: blueId, data: { name: 'blue' }, local: true }] },
      {
        name: 'everyone',
        members: [
          { id: redId, data: { name: 'red' }, local: true },
          { id: blueId, data: { name: 'blue' }, local: true },
        ],
      },
      { name: 'red', members: [{ id: redId, data: { name: 'red' }, local: true }] },
    ],
  });

  fixture.red.send('say', { text: 'hi' });
  await fixture.red.nextPush('reply');
  const stats = await app.inject({ url: '/admin/api/stats', headers: bearer });
  t.equal(stats.statusCode, 200);
  const body = stats.json();
  t.match(body, {
    adapter: 'memory',
    connections: 2,
    connectionsTotal: 2,
    messagesIn: 1,
    dropped: 0,
    errors: {},
    routes: { '/hub': { connections: 2, messagesIn: 1 } },
  });
  t.ok(body.messagesOut >= 1 && body.bytesOut > 0 && body.bytesIn > 0);
  t.strictSame(Object.keys(body.routes), ['/hub'], 'the admin routes are not Halyard socket routes');
});

t.test('POST send reaches a connection, a room, or everyone', async (t) => {
  const fixture = await twoClients();
  t.teardown(() => closeAll(fixture));
  const { app, red, blue, redId } = fixture;
  const send = (payload: unknown) =>
    app.inject({ method: 'POST', url: '/admin/api/send', headers: bearer, payload: payload as object });

  const direct = await send({ target: 'connection', id: redId, type: 'admin.direct', data: { n: 1 } });
  t.equal(direct.statusCode, 200);
  t.strictSame(direct.json(), { target: 'connection', type: 'admin.direct', localRecipients: 1 });
  t.strictSame(await red.nextPush('admin.direct'), { type: 'admin.direct', data: { n: 1 } });

  const room = await send({ target: 'room', room: 'blue', type: 'admin.room', data: ['x'] });
  t.strictSame(room.json(), { target: 'room', type: 'admin.room', localRecipients: 1 });
  t.strictSame(await blue.nextPush('admin.room'), { type: 'admin.room', data: ['x'] });

  const all = await send({ target: 'all', type: 'admin.all' });
  t.strictSame(all.json(), { target: 'all', type: 'admin.all', localRecipients: 2 });
  t.strictSame(await red.nextPush('admin.all'), { type: 'admin.all', data: null }, 'no data is null');
  t.strictSame(await blue.nextPush('admin.all'), { type: 'admin.all', data: null });
  t.notOk(
    red.frames.some((frame) => frame.type === 'admin.room'),
    'a room message stays in its room',
  );
  t.notOk(blue.frames.some((frame) => frame.type === 'admin.direct'));

  const unknown = await send({ target: 'connection', id: 'nobody', type: 'x' });
  t.equal(unknown.statusCode, 404);
  t.equal(unknown.headers['content-type'], problemType);
  t.strictSame(
    unknown.json(),
    problem(404, '/admin/api/send', {
      detail: 'Connection nobody is not connected',
      code: 'HALYARD_ERR_ADMIN_CONNECTION_NOT_FOUND',
    }),
  );
});

t.test('POST disconnect closes the client with the code and reason given', async (t) => {
  const fixture = await twoClients();
  t.teardown(() => closeAll(fixture));
  const { app, red, blue, blueId, redId } = fixture;

  const kicked = await app.inject({
    method: 'POST',
    url: '/admin/api/disconnect',
    headers: bearer,
    payload: { id: blueId, code: 4000, reason: 'kicked by test' },
  });
  t.equal(kicked.statusCode, 200);
  t.strictSame(kicked.json(), { id: blueId, code: 4000, reason: 'kicked by test' });
  t.strictSame(await blue.closed, { code: 4000, reason: 'kicked by test' });
  t.same((await red.nextPush('presence.left')).data, {
    room: 'everyone',
    member: { id: blueId, data: { name: 'blue' } },
  });

  const defaults = await app.inject({
    method: 'POST',
    url: '/admin/api/disconnect',
    headers: bearer,
    payload: { id: redId },
  });
  t.strictSame(defaults.json(), { id: redId, code: 1000, reason: 'Disconnected by admin' });
  t.strictSame(await red.closed, { code: 1000, reason: 'Disconnected by admin' });

  const gone = await app.inject({
    method: 'POST',
    url: '/admin/api/disconnect',
    headers: bearer,
    payload: { id: blueId },
  });
  t.equal(gone.statusCode, 404);
  t.equal(gone.json().detail, `Connection ${blueId} is not connected`);
});

t.test('bodies are validated strictly, with every problem listed', async (t) => {
  const fixture = await twoClients();
  t.teardown(() => closeAll(fixture));
  const { app } = fixture;
  const post = (path: string, payload: unknown, headers: Record<string, string> = {}) =>
    app.inject({
      method: 'POST',
      url: `/admin/api/${path}`,
      headers: { ...bearer, ...headers },
      payload: payload as string,
    });
  const errorsOf = async (path: string, payload: unknown): Promise<unknown> => {
    const response = await post(path, JSON.stringify(payload), { 'content-type': 'application/json' });
    t.equal(response.statusCode, 400, JSON.stringify(payload));
    t.equal(response.headers['content-type'], problemType);
    const body = response.json();
    t.equal(body.code, 'HALYARD_ERR_VALIDATION');
    t.equal(body.detail, 'body failed validation');
    return body.errors;
  };
  const error = (path: string, constraint: string, message: string) => ({
    in: 'body',
    path,
    constraint,
    message,
  });

  t.strictSame(await errorsOf('send', [1]), [error('', 'isObject', 'body must be a JSON object')]);
  t.strictSame(await errorsOf('disconnect', 'id'), [error('', 'isObject', 'body must be a JSON object')]);
  t.strictSame(await errorsOf('send', {}), [
    error('target', 'isDefined', 'target must be one of the following values: connection, room, all'),
    error('type', 'isDefined', 'type is required'),
  ]);
  t.strictSame(await errorsOf('send', { target: 'everyone', type: '', extra: 1 }), [
    error('extra', 'whitelistValidation', 'property extra should not exist'),
    error('target', 'isIn', 'target must be one of the following values: connection, room, all'),
    error('type', 'isNotEmpty', 'type should not be empty'),
  ]);
  t.strictSame(await errorsOf('send', { target: 'connection', type: 'x', room: 'red' }), [
    error('id', 'isDefined', 'id is required when target is "connection"'),
    error('room', 'isEmpty', 'room is only used when target is "connection"'.replace('connection', 'room')),
  ]);
  t.strictSame(await errorsOf('send', { target: 'room', room: 7, id: 'a', type: 'x' }), [
    error('room', 'isString', 'room must be a string'),
    error('id', 'isEmpty', 'id is only used when target is "connection"'),
  ]);
  t.strictSame(await errorsOf('send', { target: 'all', type: 'presence.joined' }), [
    error(
      'type',
      'notReserved',
      'type "presence.joined" is reserved by the wire protocol (reply, error, presence.*)',
    ),
  ]);
  t.strictSame(await errorsOf('send', { target: 'all', type: 'x'.repeat(201) }), [
    error('type', 'maxLength', 'type must be shorter than or equal to 200 characters'),
  ]);

  t.strictSame(await errorsOf('disconnect', {}), [error('id', 'isDefined', 'id is required')]);
  t.strictSame(await errorsOf('disconnect', { id: 'a', code: 1005, reason: 'r'.repeat(124) }), [
    error(
      'code',
      'isCloseCode',
      'code must be a close code a server can send: 1000-1003, 1007-1014 or 3000-4999',
    ),
    error('reason', 'maxByteLength', 'reason must be at most 123 bytes of UTF-8'),
  ]);
  t.strictSame(await errorsOf('disconnect', { id: 'a', code: '4000', reason: 5, force: true }), [
    error('force', 'whitelistValidation', 'property force should not exist'),
    error('code', 'isInt', 'code must be an integer number'),
    error('reason', 'isString', 'reason must be a string'),
  ]);

  const malformed = await post('send', '{"target":', { 'content-type': 'application/json' });
  t.equal(malformed.statusCode, 400);
  t.equal(malformed.json().code, 'HALYARD_ERR_BAD_REQUEST');
  const form = await post('send', 'target=all&type=x', {
    'content-type': 'application/x-www-form-urlencoded',
  });
  t.equal(form.statusCode, 415, 'the API reads JSON only (form bodies are for the login)');
  t.equal(form.json().code, 'HALYARD_ERR_UNSUPPORTED_MEDIA_TYPE');
});
