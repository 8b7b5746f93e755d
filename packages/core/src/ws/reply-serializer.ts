import type { TypeRef } from '../definition/app-definition.js';
import { describeDto } from '../dto/describe-dto.js';
import { replyFrame, type MessageId } from './wire-protocol.js';

/** Builds the reply frame of one handler: exactly `replyFrame(type, id, data)`, only cheaper. */
export type ReplyFrameBuilder = (id: MessageId | undefined, data: unknown) => string;

/** The serialised `data`, or `undefined` when only the generic `replyFrame` is exactly right. */
type DataSerializer = (data: unknown) => string | undefined;

// JSON.stringify would escape these: a quote, a backslash, control characters and (well-formed
// JSON.stringify) lone surrogates; any surrogate at all sends the string to JSON.stringify.
// eslint-disable-next-line no-control-regex -- exactly the characters JSON.stringify escapes
const needsEscape = /["\\\u0000-\u001f\ud800-\udfff]/;

/**
 * One property value as JSON.stringify writes it inside its object, `undefined` when it leaves the
 * key out (undefined, a function, a symbol). A value with `toJSON` is stringified inside a
 * one-key holder so `toJSON` receives the property name, as it does inside the whole object.
 */
function propertyValue(key: string, value: unknown): string | undefined {
  switch (typeof value) {
    case 'string':
      return needsEscape.test(value) ? JSON.stringify(value) : `"${value}"`;
    case 'number':
      // JSON.stringify writes a finite number as String does (-0 as "0") and the others as null.
      return Number.isFinite(value) ? String(value) : 'null';
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object':
      if (value === null) return 'null';
      if (!('toJSON' in value)) return JSON.stringify(value);
      break;
    default:
      break;
  }
  const held = JSON.stringify({ [key]: value });
  // `{}`: left out; otherwise `{"key":...}` without the holder's key and braces.
  return held.length === 2 ? undefined : held.slice(JSON.stringify(key).length + 2, -1);
}

/**
 * The DTO's own properties in declaration order, written without the generic walk of the object
 * (JSON.stringify's cost for a small reply). Only an object whose own enumerable keys
 * (`Object.keys`, JSON.stringify's list) are exactly these, in this order, takes it; any other
 * object is JSON.stringify'd as it is, so the output never differs. Generated once per reply DTO
 * (`new Function`): the only inputs are the DTO's property names, each embedded as a JSON string
 * literal, and unrolling the keys is what makes it cheaper than the generic walk.
 */
function shapedSerializer(keys: readonly string[]): DataSerializer {
  const literal = (text: string): string => JSON.stringify(text);
  const sameKeys = keys.map((key, index) => ` || own[${index}] !== ${literal(key)}`).join('');
  const writes = keys.map(
    (key) =>
      `text = write(${literal(key)}, data[${literal(key)}]);\n` +
      `if (text !== undefined) out += (out.length === 1 ? ${literal(`${literal(key)}:`)} : ${literal(`,${literal(key)}:`)}) + text;\n`,
  );
  const body =
    `const own = Object.keys(data);\n` +
    `if (own.length !== ${keys.length}${sameKeys}) return JSON.stringify(data);\n` +
    `let out = '{';\nlet text;\n${writes.join('')}return out + '}';`;
  const build = new Function('write', `return function serializeReply(data) {\n${body}\n};`) as (
    write: typeof propertyValue,
  ) => DataSerializer;
  return build(propertyValue);
}

/** A reply DTO with more properties than this is written by JSON.stringify: the generated code stays small. */
const maxShapedKeys = 64;

function dataSerializer(reply: TypeRef | null): DataSerializer {
  const keys =
    reply?.kind === 'dto'
      ? [...describeDto(reply.type).properties.values()]
          .filter((property) => !property.hidden)
          .map((property) => property.name)
      : [];
  const shaped = keys.length > 0 && keys.length <= maxShapedKeys ? shapedSerializer(keys) : JSON.stringify;
  return (data) => {
    if (data === undefined || data === null) return 'null';
    switch (typeof data) {
      case 'object':
        // `toJSON` is called with the key "data" inside the frame: the generic frame does that.
        return 'toJSON' in data ? undefined : shaped(data);
      case 'string':
      case 'number':
      case 'boolean':
        return JSON.stringify(data);
      default:
        // A function or symbol (the frame leaves `data` out), a BigInt (JSON.stringify throws).
        return undefined;
    }
  };
}

/**
 * Compiles a handler's reply frame at boot: the frame's fixed part is written once, and the data
 * of a `{ reply: Dto }` handler by `shapedSerializer`. The output is byte for byte
 * `replyFrame(type, id, data)`; whatever the fast path cannot prove takes that function itself.
 *
 * @example `compileReplyFrame('chat', { kind: 'dto', type: ChatReply })(7, reply) === replyFrame('chat', 7, reply)`
 */
export function compileReplyFrame(type: string, reply: TypeRef | null): ReplyFrameBuilder {
  const serialize = dataSerializer(reply);
  const rest = `"to":${JSON.stringify(type)},"data":`;
  const withoutId = `{"type":"reply",${rest}`;
  return (id, data) => {
    // What throws here (a BigInt, a circular value, a throwing getter or toJSON) throws the same
    // error class as the generic frame, and the dispatcher answers HALYARD_ERR_INTERNAL either
    // way; only the log's circular-structure text may start at a nested object instead.
    const body = serialize(data);
    if (body === undefined) return replyFrame(type, id, data);
    return id === undefined
      ? `${withoutId}${body}}`
      : `{"type":"reply","id":${JSON.stringify(id)},${rest}${body}}`;
  };
}
