import 'reflect-metadata';
import { isDeepStrictEqual } from 'node:util';
import t from 'tap';
import fc from 'fast-check';
import { IsInt, IsString, ValidateNested } from 'class-validator';
import { Type } from 'class-transformer';
import type { TypeRef } from '../src/definition/app-definition.js';
import { compileReplyFrame } from '../src/ws/reply-serializer.js';
import { replyFrame, type MessageId } from '../src/ws/wire-protocol.js';

// The compiled reply frame must be byte for byte the generic one (JSON.stringify of the frame
// object) for every value a handler can return: these compare the two on the same inputs.

class Author {
  @IsString() name!: string;
}

class ChatReply {
  @IsString() room!: string;
  @IsString() text!: string;
  @IsInt() userId!: number;
  @IsInt() counter!: number;
  @ValidateNested() @Type(() => Author) author?: Author;
}

const dto: TypeRef = { kind: 'dto', type: ChatReply };
const compiled = compileReplyFrame('chat', dto);
const untyped = compileReplyFrame('chat', null);
const ids: Array<MessageId | undefined> = [undefined, 0, 7, -1.5, 'a', 'quote"d', '\u2028'];

/** What a builder gives: its frame, or the class of what it threw. */
function run(fn: () => string): { frame?: string; error?: string } {
  try {
    return { frame: fn() };
  } catch (error) {
    return { error: (error as Error).constructor.name };
  }
}

/** Both builders on the same value: the same frame, or the same error class. */
function same(
  build: typeof compiled,
  data: () => unknown,
  id?: MessageId,
): { frame?: string; error?: string } {
  const expected = run(() => replyFrame('chat', id, data()));
  const actual = run(() => build(id, data()));
  t.strictSame(actual, expected);
  return actual;
}

class WithToJson {
  constructor(readonly value: string) {}
  toJSON(key: string): unknown {
    return { key, value: this.value };
  }
}

class Inherited {
  room = 'r';
  text = 't';
  userId = 1;
}
(Inherited.prototype as unknown as { counter: number }).counter = 5;

/** A reply with every required key, in the declared order: the cases change it where they say. */
const plain = () => ({ room: 'r', text: 't', userId: 1, counter: 2 });

const cases: Record<string, () => unknown> = {
  'the declared keys in order': () => ({ ...plain(), text: 'hello', author: { name: 'ada' } }),
  'a class instance': () => Object.assign(new ChatReply(), plain()),
  'without the optional key': plain,
  'keys in another order': () => ({ text: 't', room: 'r', userId: 1, counter: 2, author: { name: 'a' } }),
  'an extra key': () => ({ ...plain(), author: undefined, extra: true }),
  'undefined, function and symbol values': () => ({
    room: undefined,
    text: () => 1,
    userId: Symbol('x'),
    counter: 2,
    author: undefined,
  }),
  'strings JSON.stringify escapes': () => ({
    ...plain(),
    room: 'q"b\\s\n\t\u0000\u001f',
    text: 'lone \ud800 surrogate, pair \ud83d\ude00, \u2028 \u2029 é ✓',
    author: { name: '"' },
  }),
  'numbers JSON.stringify rewrites': () => ({
    room: 'r',
    text: 't',
    userId: -0,
    counter: NaN,
    author: Infinity,
  }),
  'large and small numbers': () => ({ room: 'r', text: 't', userId: 1e21, counter: 5e-7, author: -1.5 }),
  'booleans, null and boxed values': () => ({
    room: true,
    text: null,
    userId: Object(1) as number,
    counter: Object('s') as string,
    author: Object(false) as boolean,
  }),
  'a Date, an array and a nested toJSON': () => ({
    room: new Date(0),
    text: [1, undefined, () => 1, new Date(1)],
    userId: new WithToJson('v'),
    counter: { toJSON: () => undefined },
    author: { nested: new WithToJson('n') },
  }),
  'toJSON on the data itself (called with the key "data")': () => new WithToJson('whole'),
  'an inherited enumerable property': () => new Inherited(),
  'a null-prototype object': () => Object.assign(Object.create(null) as object, { ...plain(), author: {} }),
  'an array': () => [1, 'two', null],
  'a primitive': () => 'just text',
  'a number': () => 42,
  null: () => null,
  undefined: () => undefined,
  'a function': () => () => 1,
  'a symbol': () => Symbol('s'),
  'a BigInt': () => 1n,
  'a BigInt in a property': () => ({ room: 'r', text: 't', userId: 1n, counter: 2, author: undefined }),
};

t.test('the compiled reply frame equals the generic one', async (t) => {
  for (const data of Object.values(cases))
    for (const id of ids) {
      same(compiled, data, id);
      same(untyped, data, id);
    }
  t.equal(
    compiled(3, cases['the declared keys in order']?.()),
    '{"type":"reply","id":3,"to":"chat","data":{"room":"r","text":"hello","userId":1,"counter":2,"author":{"name":"ada"}}}',
  );
});

t.test('a circular reply throws a TypeError on both paths', async (t) => {
  const circular: Record<string, unknown> = plain();
  circular['author'] = { back: circular };
  t.strictSame(
    same(compiled, () => circular, 1),
    { error: 'TypeError' },
  );
});

t.test('getters are read once per property, as JSON.stringify reads them', async (t) => {
  const reads = { generic: 0, compiled: 0 };
  const withGetter = (counter: keyof typeof reads) => ({
    room: 'r',
    text: 't',
    get userId() {
      reads[counter]++;
      return 1;
    },
    counter: 2,
    author: undefined,
  });
  t.equal(compiled(1, withGetter('compiled')), replyFrame('chat', 1, withGetter('generic')));
  t.strictSame(reads, { generic: 1, compiled: 1 });
});

t.test('arbitrary values give the same frame', async (t) => {
  const value = fc.anything({
    withBoxedValues: true,
    withDate: true,
    withMap: true,
    withSet: true,
    withNullPrototype: true,
    withSparseArray: true,
    withTypedArray: true,
  });
  const shaped = fc.record(
    { room: value, text: value, userId: value, counter: value, author: value },
    { requiredKeys: [] },
  );
  fc.assert(
    fc.property(
      fc.oneof(shaped, value),
      fc.oneof(fc.constant(undefined), fc.integer(), fc.string()),
      // One assertion for the whole run; fast-check reports (and shrinks) the first difference.
      (data, id) => {
        const expected = run(() => replyFrame('chat', id, data));
        const actual = run(() => compiled(id, data));
        if (!isDeepStrictEqual(actual, expected))
          throw new Error(`compiled ${JSON.stringify(actual)} ≠ generic ${JSON.stringify(expected)}`);
      },
    ),
    { numRuns: 3000 },
  );
  t.pass('3,000 arbitrary replies: the compiled and the generic frame are equal');
});
