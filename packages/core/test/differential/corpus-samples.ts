import type { Class } from '../../src/types.js';
import { CreateRoomDto, ListQuery, TraceHeaders } from '../fixtures/room-dtos.js';
import { ChatMessage, GameQuery, MoveDto } from '../fixtures/socket-controllers.js';
import {
  ChoicesDto,
  ConditionalDto,
  DatesDto,
  DefaultsDto,
  EmptyDto,
  GrandChildDto,
  GroupsDto,
  ListHolderDto,
  MessagesDto,
  NestedDto,
  NumbersDto,
  SearchQuery,
  StringsDto,
  TraceDto,
  UndeclaredDefaultDto,
} from './corpus-dtos.js';
import { pick, randomValue, some, type Sample } from './corpus-inputs.js';

/** For every corpus DTO, a sample of its input: a valid choice first, then near misses. */
export const samples = new Map<Class, Sample>([
  [
    StringsDto,
    (r) => ({
      name: pick(r, ['abc', 'hello', 'ab', 'xxxxxxxxxxxx']),
      slug: pick(r, ['ab', 'abcd', 'ABC', 'abcdef', '$&']),
      code: pick(r, ['ab', 'abcde', 'a', 'abcdef']),
      email: pick(r, ['a@b.co', 'nope', 'user@example.com']),
      tags: some(r, () => pick(r, ['a', 'abcd', 'abcde', 5])),
      marker: pick(r, ['x', 'mixed x', '', 'y']),
    }),
  ],
  [
    NumbersDto,
    (r) => ({
      count: pick(r, [0, 5, 100, 101, -1, 1.5, '5']),
      price: pick(r, [1, 2.25, 0.001, -1, 0]),
      delta: pick(r, [-1, -3.75, 0, 1, null]),
      total: pick(r, [10, 15, 20, 7, 100]),
      coerced: pick(r, ['12', 12, 'abc', true, null, [1, '2']]),
    }),
  ],
  [
    ChoicesDto,
    (r) => ({
      color: pick(r, ['red', 'green', 'blue', 1]),
      level: pick(r, [1, 5, 2, '1']),
      pick: pick(r, ['a', 'b', 'c', 1, '1']),
      flag: pick(r, [true, false, 'true', 0]),
      consent: pick(r, ['yes', 'no']),
      user: pick(r, ['bob', 'root', undefined]),
      free: randomValue(r, 2),
    }),
  ],
  [
    ConditionalDto,
    (r) => ({
      kind: pick(r, ['email', 'phone', 'none', 'fax']),
      email: pick(r, ['a@b.co', 'nope', undefined]),
      phone: pick(r, ['12345', '123', 12345, undefined]),
      note: pick(r, ['hi', null, undefined, 5]),
      label: pick(r, ['ok', 'later', 'pending', 3, undefined]),
      required: pick(r, [1, null, undefined, 'x']),
    }),
  ],
  [
    NestedDto,
    (r) => ({
      address: pick(r, [{ city: 'Paris', zip: '75001' }, { city: 'P' }, 'Paris', null, [{ city: 'Rome' }]]),
      items:
        r() < 0.2
          ? undefined
          : some(r, () => ({
              sku: 'a',
              qty: pick(r, [1, 0, '2']),
              tags: some(r, () => ({ label: 'ab' }), 3),
            })),
      untyped: pick(r, [undefined, { a: 1 }, 5]),
      extra: pick(r, [{ a: 1 }, [], 'x', undefined]),
      matrix: some(r, () => some(r, () => pick(r, [{ label: 'ok' }, { label: '' }, 3, null]), 2), 2),
      twice: pick(r, [{ label: 'ok' }, { label: 'toolong' }, 4, undefined]),
    }),
  ],
  [
    DatesDto,
    (r) => ({
      when: pick(r, ['2024-01-02', 'not a date', 0, 1700000000000, true, null]),
      since: pick(r, ['2024-01-02T03:04:05Z', '2019-05-05', undefined]),
      stamp: pick(r, ['2024-01-02T03:04:05Z', '2024-13-45', 5]),
      text: pick(r, [5, 'five', null, { a: 1 }]),
      yes: pick(r, ['false', 0, 1, '']),
    }),
  ],
  [
    MessagesDto,
    (r) => ({
      a: pick(r, ['ok', 5, true, null, '$&']),
      b: pick(r, ['ab', 'a', 'abcd', 7]),
      c: pick(r, [[1, 2], [], [1, 'x'], 'x', [1.5]]),
      d: pick(r, [3, 1, 'x']),
      e: pick(r, ['z', 'x', ['x', 'y']]),
    }),
  ],
  [
    GrandChildDto,
    (r) => ({
      id: pick(r, ['a', 'abcd', 5]),
      version: pick(r, [0, 5, 11, -1, 'v']),
      owner: pick(r, ['me', 3, undefined]),
      active: pick(r, [true, 'yes']),
      parent: pick(r, [
        { id: 'ab', version: 1, active: false },
        { id: 'toolong', version: -1 },
        'x',
        undefined,
      ]),
    }),
  ],
  [
    DefaultsDto,
    (r) => ({
      page: pick(r, [1, 2, 0, undefined, '3']),
      sort: pick(r, ['desc', null, undefined, 4]),
      mode: pick(r, ['x', 'z', undefined]),
      10: pick(r, ['ab', 'a', 12]),
      upper: pick(r, ['X', undefined]),
      describe: pick(r, ['no', undefined]),
    }),
  ],
  [UndeclaredDefaultDto, (r) => ({ name: pick(r, ['n', 1]), undeclared: pick(r, ['y', undefined]) })],
  [GroupsDto, (r) => ({ name: pick(r, ['ab', 'a', 4]), age: pick(r, [3, -1, 'x']) })],
  [EmptyDto, (r) => ({ name: pick(r, ['n', undefined]) })],
  [
    ListHolderDto,
    (r) => ({
      empties: some(r, () => pick(r, [{ name: 'a' }, {}, 3])),
      date: pick(r, ['2024-01-02', 5, undefined, null]),
    }),
  ],
  [
    SearchQuery,
    (r) => ({
      limit: pick(r, ['10', '0', '101', 'abc', '', '1.5', undefined]),
      ratio: pick(r, ['0.5', 'x', undefined]),
      exact: pick(r, ['true', 'false', '', undefined]),
      search: pick(r, ['ab', 'a', undefined]),
      since: pick(r, ['2024-01-02', 'nope', undefined]),
      tags: pick(r, ['a', ['a', 'b'], undefined]),
      mode: pick(r, ['fast', 'slow', 'medium', undefined]),
      page: pick(r, ['1', '4', undefined]),
      filter: pick(r, [{ city: 'Paris' }, 'Paris', undefined]),
    }),
  ],
  [
    TraceDto,
    (r) => ({
      'x-trace-id': pick(r, ['abcd-1234', 'ab', undefined]),
      'x-retries': pick(r, ['3', 'three', undefined]),
      'x-debug': pick(r, ['true', '1', undefined]),
      host: 'localhost',
    }),
  ],
  [
    CreateRoomDto,
    (r) => ({
      name: pick(r, ['general', 'ab', 5]),
      visibility: pick(r, ['public', 'private', 'secret', undefined]),
      topics: some(r, () => ({ name: pick(r, ['cats', '', 5]) }), 4),
    }),
  ],
  [ListQuery, (r) => ({ limit: pick(r, ['1', '500', 'x', undefined]), search: pick(r, ['gen', undefined]) })],
  [TraceHeaders, (r) => ({ 'x-trace-id': pick(r, ['abcd-1234', 'ab', undefined]), accept: '*/*' })],
  [ChatMessage, (r) => ({ text: pick(r, ['hello', '', 5]) })],
  [MoveDto, (r) => ({ x: pick(r, [0, 7, 8, '3']), y: pick(r, [1, -1]) })],
  [GameQuery, (r) => ({ name: pick(r, ['al', 'a']), side: pick(r, ['white', 'red', undefined]) })],
]);
