import 'reflect-metadata';
import t from 'tap';
import { buildApp } from '../src/app.js';

t.test('notes: create, list, get, not found, validation', async (t) => {
  const app = await buildApp({ fastify: { logger: false } });
  t.teardown(() => app.close());

  t.strictSame((await app.inject({ url: '/api/notes' })).json(), []);

  const created = await app.inject({
    method: 'POST',
    url: '/api/notes',
    payload: { title: 'First', body: 'Hello' },
  });
  t.equal(created.statusCode, 201);
  t.match(created.json(), { id: 1, title: 'First', body: 'Hello' });
  t.match(created.json().createdAt, /^\d{4}-\d\d-\d\dT/);

  t.same(
    (await app.inject({ url: '/api/notes' })).json().map((note: { title: string }) => note.title),
    ['First'],
  );
  t.equal((await app.inject({ url: '/api/notes/1' })).json().title, 'First');

  const missing = await app.inject({ url: '/api/notes/99' });
  t.equal(missing.statusCode, 404);
  t.equal(missing.json().detail, 'Note 99 not found');

  const invalid = await app.inject({ method: 'POST', url: '/api/notes', payload: { title: '' } });
  t.equal(invalid.statusCode, 400);
  t.strictSame(invalid.json().errors, [
    {
      in: 'body',
      path: 'title',
      constraint: 'isLength',
      message: 'title must be longer than or equal to 1 characters',
    },
  ]);
});

t.test('the documents are served', async (t) => {
  const app = await buildApp({ fastify: { logger: false } });
  t.teardown(() => app.close());
  t.equal((await app.inject({ url: '/docs/openapi.json' })).json().openapi, '3.1.0');
  t.equal((await app.inject({ url: '/docs/asyncapi.json' })).json().asyncapi, '3.0.0');
});
