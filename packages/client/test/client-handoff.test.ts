import 'reflect-metadata';
import t from 'tap';
import { Type } from 'class-transformer';
import { IsInt, IsString, ValidateNested } from 'class-validator';
import {
  Conn,
  Connection,
  Controller,
  createApp,
  Get,
  Hub,
  OnConnect,
  OnMessage,
  Returns,
  StreamPositionDto,
  WebSocket,
} from '@halyard/core';
import { connect, type DefineSchema } from '../src/index.js';
import { waitFor } from './fixtures/test-server.js';

/** The app's store: what a REST handler reads, written before each push like a real app does. */
const stored: Note[] = [];
/** Runs inside the REST read, between the position and the data: a push landing mid-read. */
let duringRead: (() => Promise<void>) | undefined;

class Note {
  @IsInt() id!: number;
  @IsString() text!: string;
}

class NotesPage {
  @ValidateNested({ each: true }) @Type(() => Note) notes!: Note[];
  @ValidateNested() @Type(() => StreamPositionDto) position!: StreamPositionDto;
}

@Controller('/api/notes')
class NotesController {
  constructor(private readonly hub: Hub) {}

  @Get('/')
  @Returns(NotesPage)
  async list(): Promise<NotesPage> {
    const { position, data } = await this.hub.readWithPosition('room:notes', async () => {
      await duringRead?.();
      return [...stored];
    });
    return { notes: data, position };
  }
}

@WebSocket('/notes')
class NotesSocket {
  @OnConnect()
  async open(@Conn() conn: Connection): Promise<void> {
    await conn.join('room:notes');
  }

  @OnMessage('noop', { reply: null })
  noop(): void {}
}

type NotesSchema = DefineSchema<Record<string, never>, { note: Note }>;
type App = Awaited<ReturnType<typeof createApp>>;

async function start(): Promise<{ app: App; url: string }> {
  stored.length = 0;
  duringRead = undefined;
  const app = await createApp({
    controllers: [NotesController, NotesSocket],
    fastify: { logger: false },
    websocket: { heartbeat: false, streams: [{ rooms: 'room:*', maxCount: 100, maxAgeMs: 60_000 }] },
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (typeof address !== 'object' || address === null) throw new Error('no address');
  return { app, url: `ws://127.0.0.1:${address.port}/notes` };
}

/** Stores the note, then pushes it: the order every store-then-notify app has. */
async function post(app: App, id: number): Promise<void> {
  const note = { id, text: `note ${id}` };
  stored.push(note);
  await app.halyard.hub.toRoom('room:notes', 'note', note);
}

t.test(
  'history over REST, then resume from its position: what was pushed in between arrives once',
  async (t) => {
    const { app, url } = await start();
    t.teardown(() => app.close());
    for (let id = 1; id <= 3; id++) await post(app, id);

    const page = (await app.inject({ url: '/api/notes' })).json() as NotesPage;
    t.strictSame(
      page.notes.map((note) => note.id),
      [1, 2, 3],
    );
    t.equal(page.position.offset, 3, 'the position is that of the last note read');
    t.match(page.position.epoch, /^[A-Za-z0-9]{1,64}$/);

    // Pushed after the REST read and before the socket exists: nobody is connected to receive them.
    for (let id = 4; id <= 6; id++) await post(app, id);
    t.equal(app.halyard.hub.connections().length, 0);

    const client = connect<NotesSchema>(url, { reconnect: false });
    t.teardown(() => client.close());
    client.resumeFrom('room:notes', page.position);
    const seen: number[] = [];
    client.on('note', (note) => seen.push(note.id));
    await client.ready();
    await waitFor(() => seen.length === 3);
    for (let id = 7; id <= 8; id++) await post(app, id);
    await waitFor(() => seen.length >= 5);
    t.strictSame(seen, [4, 5, 6, 7, 8], 'each note after the REST read once, in order, then live');
    t.strictSame(client.position('room:notes'), { offset: 8, epoch: page.position.epoch });
  },
);

t.test('a note stored while the REST read runs is in both: the only duplicate, dropped by id', async (t) => {
  const { app, url } = await start();
  t.teardown(() => app.close());
  await post(app, 1);
  duringRead = () => post(app, 2);
  const page = (await app.inject({ url: '/api/notes' })).json() as NotesPage;
  duringRead = undefined;
  t.strictSame(
    page.notes.map((note) => note.id),
    [1, 2],
  );
  t.equal(page.position.offset, 1, 'read before the data: note 2 is after it');

  const client = connect<NotesSchema>(url, { reconnect: false });
  t.teardown(() => client.close());
  client.resumeFrom('room:notes', page.position);
  const shown = new Map(page.notes.map((note) => [note.id, note.text]));
  const pushed: number[] = [];
  client.on('note', (note) => {
    pushed.push(note.id);
    if (!shown.has(note.id)) shown.set(note.id, note.text);
  });
  await client.ready();
  await post(app, 3);
  await waitFor(() => pushed.length >= 2);
  t.strictSame(pushed, [2, 3], 'note 2 comes again (it was pushed after the position), note 3 live');
  t.strictSame([...shown.keys()], [1, 2, 3], 'rendered by id: each once, in order');
});

t.test(
  'the position is typed in the OpenAPI document; a room that is no stream is refused before reading',
  async (t) => {
    const { app } = await start();
    t.teardown(() => app.close());
    const doc = (await app.inject({ url: '/docs/openapi.json' })).json() as {
      components: { schemas: Record<string, { properties?: Record<string, unknown> }> };
    };
    t.strictSame(doc.components.schemas['NotesPage']?.properties?.['position'], {
      $ref: '#/components/schemas/StreamPositionDto',
    });
    t.strictSame(doc.components.schemas['StreamPositionDto'], {
      title: 'StreamPositionDto',
      type: 'object',
      properties: {
        offset: { type: 'integer', minimum: 0, maximum: Number.MAX_SAFE_INTEGER },
        epoch: { type: 'string', pattern: '^[A-Za-z0-9]{1,64}$' },
      },
      required: ['offset', 'epoch'],
      additionalProperties: false,
    });
    let read = false;
    await t.rejects(
      app.halyard.hub.readWithPosition('lobby', () => {
        read = true;
        return [];
      }),
      { code: 'HALYARD_ERR_WS_NOT_A_STREAM' },
    );
    t.equal(read, false, 'the store is not read for a room that has no position');
  },
);
