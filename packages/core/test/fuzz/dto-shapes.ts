/**
 * JSON texts shaped like the fuzz app's DTOs: each declared field present or not, with a value
 * that is valid, nearly valid (a wrong type, out of range, `null` where an object goes, a `null`
 * item in a nested array) or hostile. Random JSON alone rarely reaches a nested array's items.
 */
import fc from 'fast-check';
import { declaredFields } from './fuzz-app.js';
import { hostileStringArb, jsonTextArb, stringLiteral } from './hostile-json.js';

const hostile = jsonTextArb(declaredFields, 2);
const text = hostileStringArb.map(stringLiteral);
const int = fc.oneof(
  fc.integer({ min: -5, max: 200 }).map(String),
  fc.constantFrom('-0', '1.5', '1e3', '"1"'),
);

const object = (fields: Record<string, fc.Arbitrary<string>>): fc.Arbitrary<string> =>
  fc
    .record(
      Object.fromEntries(
        Object.entries(fields).map(([name, value]) => [
          name,
          fc.option(fc.oneof({ weight: 4, arbitrary: value }, { weight: 1, arbitrary: hostile }), {
            freq: 4,
            nil: undefined,
          }),
        ]),
      ),
    )
    .map(
      (members) =>
        `{${Object.entries(members)
          .filter(([, value]) => value !== undefined)
          .map(([name, value]) => `${stringLiteral(name)}:${value as string}`)
          .join(',')}}`,
    );

const array = (item: fc.Arbitrary<string>): fc.Arbitrary<string> =>
  fc
    .array(
      fc.oneof({ weight: 5, arbitrary: item }, { weight: 1, arbitrary: fc.constantFrom('null', '1', '[]') }),
      {
        maxLength: 5,
      },
    )
    .map((items) => `[${items.join(',')}]`);

const kind = fc.oneof(
  fc.constantFrom('"circle"', '"square"'),
  fc.constantFrom('"toString"', '"__proto__"', '"constructor"', 'null', '1'),
);
const shape = object({ kind, r: int, side: int });
const item = object({ sku: text, qty: int });

const profile = object({
  name: text,
  age: int,
  meta: hostile,
  tags: array(text),
  address: object({ city: text, zip: int }),
});
const order = object({
  id: text,
  items: array(item),
  shapes: array(shape),
  badge: fc.oneof(shape, fc.constant('null')),
  gift: fc.constantFrom('true', 'false', '"true"', '0'),
});
const note = object({ text, extra: hostile });

/** Bodies and `data` for `Profile`, `Order`, `Note` and `Item[]`. */
export const dtoShapedTextArb: fc.Arbitrary<string> = fc.oneof(profile, order, note, array(item));

/** A socket message type of the fuzz app with `data` shaped like its DTO: `[type, data]` as JSON text. */
export const typedMessageArb: fc.Arbitrary<readonly [string, string]> = fc.oneof(
  profile.map((data) => ['"profile"', data] as const),
  order.map((data) => ['"order"', data] as const),
  note.map((data) => ['"note"', data] as const),
  item.map((data) => ['"quiet"', data] as const),
);
