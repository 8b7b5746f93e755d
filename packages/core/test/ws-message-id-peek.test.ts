import 'reflect-metadata';
import t from 'tap';
import fc from 'fast-check';
import { connectSocket } from '../src/testing/index.js';
// The scanner itself is property-tested against JSON.parse; the live tests below prove the server uses it.
import { idPeekWindow, peekMessageId } from '../src/ws/message-id-peek.js';
import { echoSocket } from './fixtures/echo-socket.js';
import { createQuietApp } from './helpers/logged-app.js';

const SlowSocket = echoSocket('SlowSocket', '/one-a-minute', {
  rateLimit: { perSecond: 1 / 60, burst: 1, closeAfter: 100 },
});

const isValidId = (value: unknown): boolean =>
  (typeof value === 'string' && value.length <= 128) || (typeof value === 'number' && Number.isFinite(value));

const whitespace = fc.constantFrom('', '', ' ', '\n', '\t', ' \r\n ');

/** A JSON number text from the RFC 8259 grammar, including forms `JSON.stringify` never writes. */
const numberText = fc
  .tuple(
    fc.boolean(),
    fc.oneof(fc.constant('0'), fc.stringMatching(/^[1-9]\d{0,20}$/)),
    fc.option(fc.stringMatching(/^\d{1,6}$/)),
    fc.option(
      fc.tuple(fc.constantFrom('e', 'E'), fc.constantFrom('', '+', '-'), fc.stringMatching(/^\d{1,3}$/)),
    ),
  )
  .map(
    ([negative, int, fraction, exponent]) =>
      `${negative ? '-' : ''}${int}${fraction === null ? '' : `.${fraction}`}${exponent === null ? '' : exponent.join('')}`,
  );

/** A nested value that may itself hold `"id"` keys (the old peek took the first of those). */
const nested = fc
  .dictionary(fc.constantFrom('id', 'type', 'x', 'data'), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 })
  .map((value) => JSON.stringify(value));

const valueText = fc.oneof(
  fc.string({ maxLength: 140, unit: 'binary' }).map((value) => JSON.stringify(value)),
  fc.string({ maxLength: 20 }).map((value) => JSON.stringify(value)),
  numberText,
  nested,
  fc.jsonValue({ maxDepth: 3 }).map((value) => JSON.stringify(value)),
  fc.constantFrom('true', 'false', 'null', '[]', '{}'),
  fc.nat(700).map((length) => JSON.stringify('x'.repeat(length))),
);

/** A key written plainly or with every character as a `\uXXXX` escape. */
function keyText(key: string, escaped: boolean): string {
  if (!escaped) return JSON.stringify(key);
  return `"${[...key].map((char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`).join('')}"`;
}

interface Member {
  readonly key: string;
  readonly escaped: boolean;
  readonly value: string;
  readonly spaces: readonly [string, string, string, string];
}

const member = (keys: fc.Arbitrary<string>): fc.Arbitrary<Member> =>
  fc.record({
    key: keys,
    escaped: fc.boolean(),
    value: valueText,
    spaces: fc.tuple(whitespace, whitespace, whitespace, whitespace),
  });

/** The frame text, and the byte offset just after the value of the last `"id"` member. */
function assemble(
  members: readonly Member[],
  outer: readonly [string, string],
): { text: string; idEnd: number } {
  let text = `${outer[0]}{`;
  let idEnd = -1;
  members.forEach((entry, index) => {
    const [a, b, c, d] = entry.spaces;
    text += `${index > 0 ? ',' : ''}${a}${keyText(entry.key, entry.escaped)}${b}:${c}${entry.value}`;
    if (entry.key === 'id') idEnd = Buffer.byteLength(text);
    text += d;
  });
  text += `}${outer[1]}`;
  return { text, idEnd };
}

const keys = fc.constantFrom('id', 'type', 'data', 'i', 'idx', 'ID', 'Id', 'd');
const uniqueMembers = fc.uniqueArray(member(keys), { maxLength: 5, selector: (entry) => entry.key });
const frames = fc
  .tuple(uniqueMembers, whitespace, whitespace)
  .map(([members, before, after]) => assemble(members, [before, after]));

t.test('whenever the scanner returns an id, it is JSON.parse(frame).id', async (t) => {
  fc.assert(
    fc.property(frames, ({ text }) => {
      const found = peekMessageId(Buffer.from(text));
      const parsed = JSON.parse(text) as { id?: unknown };
      return found === undefined || (Object.is(found, parsed.id) && isValidId(found));
    }),
    { numRuns: 3000 },
  );
  t.pass('3000 generated frames');
});

t.test('a valid top-level id that ends inside the window is always found', async (t) => {
  fc.assert(
    fc.property(frames, ({ text, idEnd }) => {
      const parsed = JSON.parse(text) as { id?: unknown };
      if (idEnd < 0 || !isValidId(parsed.id)) return true;
      // A number only ends where a delimiter follows: that byte must be inside the window too.
      const lastByte = typeof parsed.id === 'number' ? idEnd : idEnd - 1;
      if (lastByte >= idPeekWindow) return true;
      return Object.is(peekMessageId(Buffer.from(text)), parsed.id);
    }),
    { numRuns: 3000 },
  );
  t.pass('3000 generated frames');
});

t.test('duplicate "id" keys inside the window: the last one, as JSON.parse', async (t) => {
  const withDuplicates = fc
    .tuple(fc.array(member(fc.constantFrom('id', 'data')), { maxLength: 5 }), whitespace, whitespace)
    .map(([members, before, after]) => assemble(members, [before, after]).text)
    .filter((text) => Buffer.byteLength(text) <= idPeekWindow);
  fc.assert(
    fc.property(withDuplicates, (text) => {
      const parsed = JSON.parse(text) as { id?: unknown };
      const expected = isValidId(parsed.id) ? parsed.id : undefined;
      return Object.is(peekMessageId(Buffer.from(text)), expected);
    }),
    { numRuns: 2000 },
  );
  t.pass('2000 generated frames');
});

t.test('never throws on cut, mutated or random input, and only ever returns a valid id', async (t) => {
  const cut = frames.chain(({ text }) => fc.nat(text.length).map((at) => text.slice(0, at)));
  const random = fc.oneof(
    cut,
    fc.string({ unit: 'binary', maxLength: 600 }),
    fc.uint8Array({ maxLength: 600 }).map((bytes) => Buffer.from(bytes).toString('latin1')),
  );
  fc.assert(
    fc.property(random, (text) => {
      const found = peekMessageId(Buffer.from(text));
      return found === undefined || isValidId(found);
    }),
    { numRuns: 3000 },
  );
  t.pass('3000 generated inputs');
});

t.test('the cases of the audit, and ids cut by the window', async (t) => {
  const peek = (text: string) => peekMessageId(Buffer.from(text));
  t.equal(peek('{"data":{"id":"other"},"id":"mine"}'), 'mine', 'not the id inside data');
  t.equal(peek('{"id":1234567890123456}'), 1234567890123456, 'all digits');
  t.equal(peek('{"id":1e3}'), 1000, 'the exponent too');
  t.equal(peek('{"id":-0.5E-2,"type":"x"}'), -0.005);
  t.equal(peek('{"\\u0069d":"escaped"}'), 'escaped', 'an escaped key is still "id"');
  t.equal(peek('[{"id":1}]'), undefined, 'not an object');
  t.equal(peek('{"id":"a\\qb"}'), undefined, 'an invalid escape');
  t.equal(peek(`{"id":"${'x'.repeat(129)}"}`), undefined, 'longer than 128 characters');
  t.equal(peek('{"id":1e999}'), undefined, 'not finite');
  t.equal(peek('{"id":{"x":1}}'), undefined, 'not a string or number');
  const padding = 'p'.repeat(idPeekWindow - '{"data":"","id":12'.length);
  t.equal(peek(`{"data":"${padding}","id":12}`), undefined, 'a number whose end is not inside the window');
  t.equal(peek(`{"data":"${padding.slice(1)}","id":12}`), 12, 'the delimiter is the last byte of the window');
  const later = `{"id":"first","data":"${'p'.repeat(idPeekWindow - 40)}","id":"`;
  t.equal(peek(`${later}${'s'.repeat(60)}"}`), undefined, 'a later id whose value is cut off');
  t.equal(
    peek(`${later.slice(0, -8)}${'s'.repeat(60)}","id":"second"}`),
    'first',
    'a later id after the window is not seen (the documented limit)',
  );
  t.equal(peek(`{"id":"kept","data":"${'q'.repeat(2 * idPeekWindow)}"}`), 'kept', 'the rest may be cut');
});

t.test('a rate-limited frame is answered with its top-level id, exactly', async (t) => {
  const app = await createQuietApp(t, { controllers: [SlowSocket] });
  const socket = await connectSocket(app, '/one-a-minute');
  t.equal((await socket.request('echo', { text: 'first' })).type, 'reply', 'the only token');
  const cases: Array<[string, string | number]> = [
    ['{"type":"echo","data":{"id":"other"},"id":"mine"}', 'mine'],
    ['{"type":"echo","id":1234567890123456,"data":{"text":"x"}}', 1234567890123456],
    ['{"type":"echo","id":1e3,"data":{"text":"x"}}', 1000],
  ];
  for (const [frame, id] of cases) {
    socket.sendRaw(frame);
    const answer = await socket.next((candidate) => candidate.type === 'error');
    t.equal(answer.id, id, frame);
    t.equal(answer.error?.code, 'HALYARD_ERR_WS_RATE_LIMITED');
  }
});
