import t from 'tap';
import { decodeBusMessage, encodeBusMessage, type BusMessage } from '../src/bus-message.js';

t.test('a message is a JSON header line followed by the frame, untouched', async (t) => {
  const frame = '{"type":"chat","data":{"text":"line one\\nline two","quote":"\\""}}';
  const bus: BusMessage = {
    kind: 'message',
    origin: 'node-a',
    message: { target: { kind: 'room', room: 'lobby' }, frame, except: 'conn-1' },
  };
  const encoded = encodeBusMessage(bus);
  t.equal(
    encoded,
    `{"v":1,"kind":"message","origin":"node-a","target":{"kind":"room","room":"lobby"},"except":"conn-1"}\n${frame}`,
  );
  t.strictSame(decodeBusMessage(encoded), { ok: true, bus });
});

t.test('presence events and disconnects round-trip', async (t) => {
  const samples: BusMessage[] = [
    {
      kind: 'presence',
      origin: 'node-b',
      event: { room: 'r', kind: 'joined', member: { id: 'c1', data: { name: 'ann' } } },
    },
    { kind: 'presence', origin: 'node-b', event: { room: 'r', kind: 'left', member: { id: 'c2' } } },
    { kind: 'disconnect', origin: 'node-c', id: 'c3', code: 4001, reason: 'kicked' },
    { kind: 'message', origin: 'node-c', message: { target: { kind: 'all' }, frame: '{}' } },
    { kind: 'message', origin: 'node-c', message: { target: { kind: 'connection', id: 'c4' }, frame: '' } },
  ];
  for (const bus of samples) t.strictSame(decodeBusMessage(encodeBusMessage(bus)), { ok: true, bus });
});

t.test('anything else is reported, never thrown', async (t) => {
  const cases: Array<[string, string]> = [
    ['hello', 'the header is not JSON'],
    ['[1]', 'the header is not an object'],
    ['{"v":2,"kind":"message","origin":"x"}\n{}', 'version 2 (this instance speaks 1)'],
    ['{"v":1,"kind":"message"}\n{}', 'origin is missing'],
    ['{"v":1,"kind":"message","origin":"x","target":{"kind":"everyone"}}\n{}', 'target is invalid'],
    ['{"v":1,"kind":"message","origin":"x","target":{"kind":"all"}}', 'the frame is missing'],
    ['{"v":1,"kind":"message","origin":"x","target":{"kind":"all"},"except":5}\n{}', 'except is invalid'],
    ['{"v":1,"kind":"presence","origin":"x","event":{"room":"r","kind":"moved"}}', 'event is invalid'],
    ['{"v":1,"kind":"disconnect","origin":"x","id":"c"}', 'disconnect needs id, code and reason'],
    ['{"v":1,"kind":"gossip","origin":"x"}', 'unknown kind "gossip"'],
  ];
  for (const [raw, detail] of cases) t.strictSame(decodeBusMessage(raw), { ok: false, detail }, raw);
});

t.test(
  'a publish from an observed app carries its time and trace context; bad values are dropped',
  async (t) => {
    const bus: BusMessage = {
      kind: 'message',
      origin: 'node-a',
      message: {
        target: { kind: 'all' },
        frame: '{"type":"x","data":null}',
        publishedAt: 1_700_000_000_123,
        traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
        tracestate: 'vendor=1',
      },
    };
    const encoded = encodeBusMessage(bus);
    t.equal(
      encoded,
      '{"v":1,"kind":"message","origin":"node-a","target":{"kind":"all"},"at":1700000000123,"traceparent":"00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01","tracestate":"vendor=1"}\n{"type":"x","data":null}',
    );
    t.strictSame(decodeBusMessage(encoded), { ok: true, bus });
    const odd = `{"v":1,"kind":"message","origin":"x","target":{"kind":"all"},"at":"soon","traceparent":"${'0'.repeat(56)}","tracestate":7}\n{}`;
    t.strictSame(decodeBusMessage(odd), {
      ok: true,
      bus: { kind: 'message', origin: 'x', message: { target: { kind: 'all' }, frame: '{}' } },
    });
  },
);
