import 'reflect-metadata';
import t from 'tap';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { connectSocket, type TestSocket } from '@halyard/core/testing';
import { testChat } from './helpers/test-chat.js';

interface Document {
  channels: Record<string, { messages: Record<string, { $ref: string }> }>;
  components: Record<string, unknown>;
}

/**
 * Drift test: the frames a running chat server really sends, captured with a real WebSocket
 * client, each validate against exactly one message of their channel in the served document.
 */
t.test('every frame the running chat sends matches exactly one message of its channel', async (t) => {
  const app = await testChat(t);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as { port: number };
  const response = await fetch(`http://127.0.0.1:${port}/docs/asyncapi.json`);
  t.equal(response.status, 200);
  const doc = (await response.json()) as Document;

  const ajv = new Ajv2020({ allErrors: true, strict: false });
  addFormats.default(ajv);
  ajv.addSchema({ $id: 'urn:chat:asyncapi', components: doc.components });
  const matching = (channel: string, frame: unknown): string[] =>
    Object.entries(doc.channels[channel]?.messages ?? {})
      .filter(([, { $ref }]) => {
        const validate = ajv.getSchema(`urn:chat:asyncapi${$ref}/payload`);
        if (!validate) throw new Error(`${channel}: no schema for ${$ref}`);
        return validate(frame);
      })
      .map(([key]) => key);
  const sockets: TestSocket[] = [];
  t.teardown(() => Promise.all(sockets.map((socket) => socket.close())));
  const connect = async (path: string, name: string): Promise<TestSocket> => {
    const socket = await connectSocket(app, path, { query: { name } });
    sockets.push(socket);
    return socket;
  };

  // the chat room
  const ann = await connect('/ws/rooms/general', 'ann');
  const chatFrames = [await ann.nextPush('message.created')];
  const bob = await connect('/ws/rooms/general', 'bob');
  chatFrames.push(await ann.nextPush('presence.joined'));
  chatFrames.push(await bob.request('send', { text: 'hello ann' }));
  chatFrames.push(await ann.nextPush('message.created'));
  chatFrames.push(await bob.request('typing', { typing: true }));
  chatFrames.push(await ann.nextPush('typing'));
  chatFrames.push(await ann.request('members'));
  chatFrames.push(await bob.request('send', { text: '' }));
  chatFrames.push(await bob.request('shout', {}));
  bob.sendRaw('{"type":"$ping","id":"h1"}');
  chatFrames.push(await bob.next((frame) => frame.type === '$pong'));
  await bob.close();
  chatFrames.push(await ann.nextPush('presence.left'));
  t.strictSame(
    chatFrames.map((frame) => [frame.type, frame.type === 'error' ? frame.error?.code : frame.to]),
    [
      ['message.created', undefined],
      ['presence.joined', undefined],
      ['reply', 'send'],
      ['message.created', undefined],
      ['reply', 'typing'],
      ['typing', undefined],
      ['reply', 'members'],
      ['error', 'HALYARD_ERR_VALIDATION'],
      ['error', 'HALYARD_ERR_WS_UNKNOWN_TYPE'],
      ['$pong', undefined],
      ['presence.left', undefined],
    ],
    'the frames captured from the chat room',
  );
  t.strictSame(
    chatFrames.map((frame) => matching('ChatSocket', frame)),
    [
      ['push_message_created'],
      ['presence_joined'],
      ['send_reply'],
      ['push_message_created'],
      ['typing_reply'],
      ['push_typing'],
      ['members_reply'],
      ['error'],
      ['error'],
      ['heartbeat_pong'],
      ['presence_left'],
    ],
    'each chat frame matches exactly one ChatSocket message',
  );

  // the whiteboard
  const stroke = { id: 's1', color: '#ff0066', width: 4, points: [{ x: 0.1, y: 0.2 }] };
  const carl = await connect('/ws/boards/drift', 'carl');
  const boardFrames = [await carl.nextPush('board.snapshot')];
  const dana = await connect('/ws/boards/drift', 'dana');
  boardFrames.push(await dana.nextPush('board.snapshot'));
  boardFrames.push(await carl.nextPush('presence.joined'));
  boardFrames.push(await carl.request('stroke', stroke));
  boardFrames.push(await dana.nextPush('stroke.drawn'));
  dana.send('cursor', { x: 0.5, y: 0.25 });
  boardFrames.push(await carl.nextPush('cursor.moved'));
  boardFrames.push(await dana.request('clear'));
  boardFrames.push(await carl.nextPush('board.cleared'));
  boardFrames.push(await carl.request('stroke', { ...stroke, width: 99 }));
  carl.sendRaw('{"type":"$ping"}');
  boardFrames.push(await carl.next((frame) => frame.type === '$pong'));
  t.strictSame(
    boardFrames.map((frame) => [frame.type, frame.type === 'error' ? frame.error?.code : frame.to]),
    [
      ['board.snapshot', undefined],
      ['board.snapshot', undefined],
      ['presence.joined', undefined],
      ['reply', 'stroke'],
      ['stroke.drawn', undefined],
      ['cursor.moved', undefined],
      ['reply', 'clear'],
      ['board.cleared', undefined],
      ['error', 'HALYARD_ERR_VALIDATION'],
      ['$pong', undefined],
    ],
    'the frames captured from the board',
  );
  t.strictSame(
    (boardFrames[1]?.data as { strokes: unknown[] }).strokes.length,
    0,
    'a fresh board: the snapshot is empty',
  );
  t.strictSame(
    boardFrames.map((frame) => matching('BoardSocket', frame)),
    [
      ['push_board_snapshot'],
      ['push_board_snapshot'],
      ['presence_joined'],
      ['stroke_reply'],
      ['push_stroke_drawn'],
      ['push_cursor_moved'],
      ['clear_reply'],
      ['push_board_cleared'],
      ['error'],
      ['heartbeat_pong'],
    ],
    'each board frame matches exactly one BoardSocket message',
  );
  const [, , , , drawn] = boardFrames;
  t.strictSame(drawn?.data, { ...stroke, author: 'carl' }, 'a real stroke went through');
});
