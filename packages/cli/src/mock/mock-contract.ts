import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { exampleOf } from './schema-example.js';

type Doc = Record<string, unknown>;

/** One message the mock receives, with what it answers. */
export interface MockMessage {
  readonly type: string;
  readonly validate: ValidateFunction;
  /** The documented reply frames (their first example, else one built from the schema). */
  readonly replies: readonly Doc[];
}

/** One channel the mock speaks. */
export interface MockChannel {
  readonly name: string;
  readonly address: string;
  readonly pattern: RegExp;
  readonly messages: ReadonlyMap<string, MockMessage>;
}

const documentKey = 'halyard-mock';
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

function isRecord(value: unknown): value is Doc {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function pointerTarget(doc: Doc, pointer: string): unknown {
  return pointer
    .slice(2)
    .split('/')
    .map((part) => decodeURIComponent(part).replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<unknown>((node, key) => (isRecord(node) ? node[key] : undefined), doc);
}

/** The pointer a chain of local `$ref`s ends at (bounded), or `undefined` for an inline value. */
function finalPointer(doc: Doc, value: unknown): string | undefined {
  let pointer: string | undefined;
  let current = value;
  for (let hops = 0; hops < 16 && isRecord(current) && typeof current['$ref'] === 'string'; hops += 1) {
    pointer = current['$ref'];
    if (!pointer.startsWith('#/')) return undefined;
    current = pointerTarget(doc, pointer);
  }
  return pointer;
}

function resolved(doc: Doc, value: unknown): unknown {
  const pointer = finalPointer(doc, value);
  return pointer === undefined ? value : pointerTarget(doc, pointer);
}

function addressPattern(address: string): RegExp {
  const source = address
    .split(/(\{[^}]+\})/)
    .map((part) => (/^\{[^}]+\}$/.test(part) ? '[^/]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}$`);
}

/** The `type` a message's payload fixes (`properties.type.const`), if any. */
function frameType(doc: Doc, message: unknown): string | undefined {
  const payload = resolved(doc, isRecord(message) ? message['payload'] : undefined);
  const properties = isRecord(payload) ? resolved(doc, payload['properties']) : undefined;
  const type = isRecord(properties) ? resolved(doc, properties['type']) : undefined;
  if (isRecord(type) && typeof type['const'] === 'string') return type['const'];
  if (isRecord(type) && Array.isArray(type['enum']) && typeof type['enum'][0] === 'string')
    return type['enum'][0];
  return undefined;
}

/** A reply frame: the message's first documented example, else one built from its payload schema. */
function replyFrame(doc: Doc, message: unknown): Doc | undefined {
  if (!isRecord(message)) return undefined;
  const examples = Array.isArray(message['examples']) ? message['examples'] : [];
  const example = examples.map((item) => (isRecord(item) ? item['payload'] : undefined)).find(isRecord);
  if (example) return example;
  const built = exampleOf(doc, message['payload']);
  return isRecord(built) ? built : undefined;
}

/**
 * Reads the channels of an AsyncAPI 3 document for the mock: per channel its address, and per
 * message the server receives (a `receive` operation) a validator of its payload and the reply
 * frames its operation documents. Messages without a `type` const are addressed by their name.
 */
export function mockChannels(doc: Doc): MockChannel[] {
  const ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false });
  addFormats(ajv);
  ajv.addSchema({ ...doc, $id: documentKey }, documentKey);
  const operations = isRecord(doc['operations']) ? Object.values(doc['operations']).filter(isRecord) : [];
  const channels: MockChannel[] = [];
  for (const [name, channel] of Object.entries(isRecord(doc['channels']) ? doc['channels'] : {})) {
    if (!isRecord(channel)) continue;
    const messages = new Map<string, MockMessage>();
    for (const operation of operations) {
      if (
        operation['action'] !== 'receive' ||
        finalPointer(doc, operation['channel']) !== `#/channels/${name}`
      )
        continue;
      const reply =
        isRecord(operation['reply']) && Array.isArray(operation['reply']['messages'])
          ? operation['reply']['messages']
          : [];
      for (const ref of Array.isArray(operation['messages']) ? operation['messages'] : []) {
        const pointer = finalPointer(doc, ref);
        const message = resolved(doc, ref);
        const type =
          frameType(doc, message) ??
          (isRecord(message) && typeof message['name'] === 'string' ? message['name'] : undefined);
        if (type === undefined || !isRecord(message) || message['payload'] === undefined) continue;
        const schema =
          pointer === undefined || !pointer.startsWith('#/')
            ? message['payload']
            : { $ref: `${documentKey}${pointer}/payload` };
        messages.set(type, {
          type,
          validate: ajv.compile(isRecord(schema) ? schema : {}),
          replies: reply.map((item) => replyFrame(doc, resolved(doc, item))).filter(isRecord),
        });
      }
    }
    const address = typeof channel['address'] === 'string' ? channel['address'] : `/${name}`;
    channels.push({ name, address, pattern: addressPattern(address.split('?')[0] ?? address), messages });
  }
  return channels;
}
