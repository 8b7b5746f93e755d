import { docComment, isRecord, propertyKey, quote, type SchemaTypes } from './schema-types.js';

/** Message types every Halyard client already knows: the protocol's and the hub's presence events. */
const builtInEvents = new Set(['error', 'reply', '$pong', 'presence.joined', 'presence.left']);

type Doc = Record<string, unknown>;

interface FrameShape {
  /** The frame's `type` (its `const`). */
  readonly type: string | undefined;
  readonly data: unknown;
  readonly dataRequired: boolean;
}

/** Follows local `$ref`s (`#/a/b`) through the document, a bounded number of hops. */
export function resolveRef(doc: Doc, value: unknown): unknown {
  let current = value;
  for (let hops = 0; hops < 16 && isRecord(current) && typeof current['$ref'] === 'string'; hops += 1) {
    const ref = current['$ref'];
    if (!ref.startsWith('#/')) return undefined;
    current = ref
      .slice(2)
      .split('/')
      .map((part) => decodeURIComponent(part).replace(/~1/g, '/').replace(/~0/g, '~'))
      .reduce<unknown>((node, key) => (isRecord(node) ? node[key] : undefined), doc);
  }
  return current;
}

/** The `type` const and `data` schema of a message's envelope payload. */
function frameShape(doc: Doc, message: unknown): FrameShape {
  const payload = resolveRef(doc, isRecord(message) ? message['payload'] : undefined);
  const properties = isRecord(payload) && isRecord(payload['properties']) ? payload['properties'] : {};
  const type = resolveRef(doc, properties['type']);
  const required = isRecord(payload) && Array.isArray(payload['required']) ? payload['required'] : [];
  return {
    type: isRecord(type) && typeof type['const'] === 'string' ? type['const'] : undefined,
    data: properties['data'],
    dataRequired: required.includes('data'),
  };
}

function refsOf(list: unknown): unknown[] {
  return Array.isArray(list) ? list : [];
}

/** `ChatSocket` → `chatSocket`; other characters become `_`. */
function valueName(name: string): string {
  const cleaned = name.replace(/[^\w$]/g, '_');
  const lower = cleaned.charAt(0).toLowerCase() + cleaned.slice(1);
  return /^[A-Za-z_$]/.test(lower) ? lower : `s${lower}`;
}

function typeName(name: string): string {
  const cleaned = name.replace(/[^\w$]/g, '_');
  const upper = cleaned.charAt(0).toUpperCase() + cleaned.slice(1);
  return /^[A-Za-z_$]/.test(upper) ? upper : `S${upper}`;
}

/**
 * One `@Requests` of a socket (a `send` operation with a reply) as the client's schema types it:
 * the request's `data` as received, the `data` of the client's `$reply` as sent (`void` for an
 * acknowledgement, whose `data` the server ignores).
 */
function serverRequest(input: {
  readonly doc: Doc;
  readonly types: SchemaTypes;
  readonly operation: Doc;
  readonly shape: FrameShape;
  readonly summary: unknown;
}): string {
  const { doc, types, operation, shape } = input;
  const replyRefs = isRecord(operation['reply']) ? refsOf(operation['reply']['messages']) : [];
  const replyTypes = replyRefs
    .map((reply) => frameShape(doc, resolveRef(doc, reply)))
    .filter((reply) => reply.type === '$reply')
    .map((reply) =>
      reply.dataRequired && reply.data !== undefined ? types.typeOf(reply.data, 'input', '      ') : 'void',
    );
  const reply = replyTypes.length === 0 ? 'void' : [...new Set(replyTypes)].join(' | ');
  const data = shape.data === undefined ? 'null' : types.typeOf(shape.data, 'output', '      ');
  return `${docComment(input.summary, '    ')}    ${propertyKey(shape.type ?? '')}: {\n      data: ${data};\n      reply: ${reply};\n    };`;
}

/** One socket's part of the generated module. */
interface SocketEntry {
  readonly name: string;
  readonly text: string;
}

/**
 * The `@halyard/client` schema of every channel of an AsyncAPI 3 document: per channel a
 * `<Channel>Schema` type (messages the client sends with their `data` and reply `data`, push
 * events, and the server's requests with the `reply` an `onRequest` handler returns), its path
 * parameters and query types, and a `<channel>` value that builds the URL.
 */
export function socketSchemas(doc: Doc, types: SchemaTypes): string {
  const channels = isRecord(doc['channels']) ? doc['channels'] : {};
  const operations = isRecord(doc['operations']) ? Object.values(doc['operations']) : [];
  const entries: SocketEntry[] = [];
  for (const [channelName, channel] of Object.entries(channels)) {
    if (!isRecord(channel)) continue;
    const own = operations.filter(
      (operation) =>
        isRecord(operation) &&
        isRecord(operation['channel']) &&
        operation['channel']['$ref'] === `#/channels/${channelName.replace(/~/g, '~0').replace(/\//g, '~1')}`,
    ) as Doc[];
    const messages: string[] = [];
    const events: string[] = [];
    const requests: string[] = [];
    for (const operation of own) {
      for (const ref of refsOf(operation['messages'])) {
        const message = resolveRef(doc, ref);
        const shape = frameShape(doc, message);
        if (shape.type === undefined || shape.type.startsWith('$')) continue;
        const summary = isRecord(message) ? (message['summary'] ?? operation['summary']) : undefined;
        if (operation['action'] === 'receive') {
          const data =
            shape.data === undefined || (isRecord(shape.data) && Object.keys(shape.data).length === 0)
              ? shape.dataRequired
                ? 'unknown'
                : 'void'
              : `${types.typeOf(shape.data, 'input', '      ')}${shape.dataRequired ? '' : ' | undefined'}`;
          const replies = isRecord(operation['reply']) ? refsOf(operation['reply']['messages']) : [];
          const replyTypes = replies
            .map((reply) => frameShape(doc, resolveRef(doc, reply)))
            .filter((reply) => reply.type !== 'error')
            .map((reply) =>
              reply.data === undefined ? 'null' : types.typeOf(reply.data, 'output', '      '),
            );
          const reply = replyTypes.length === 0 ? 'void' : [...new Set(replyTypes)].join(' | ');
          messages.push(
            `${docComment(summary, '    ')}    ${propertyKey(shape.type)}: {\n      data: ${data};\n      reply: ${reply};\n    };`,
          );
        } else if (operation['action'] === 'send' && isRecord(operation['reply'])) {
          requests.push(serverRequest({ doc, types, operation, shape, summary }));
        } else if (operation['action'] === 'send' && !builtInEvents.has(shape.type)) {
          events.push(
            `${docComment(summary, '    ')}    ${propertyKey(shape.type)}: ${shape.data === undefined ? 'null' : types.typeOf(shape.data, 'output', '    ')};`,
          );
        }
      }
    }
    const address = typeof channel['address'] === 'string' ? channel['address'] : channelName;
    const parameters = isRecord(channel['parameters']) ? Object.keys(channel['parameters']) : [];
    const bindings =
      isRecord(channel['bindings']) && isRecord(channel['bindings']['ws']) ? channel['bindings']['ws'] : {};
    const query = bindings['query'];
    const type = typeName(channelName);
    const paramsType = parameters.length
      ? `{\n${parameters.map((name) => `  ${propertyKey(name)}: string | number;`).join('\n')}\n}`
      : 'Record<string, never>';
    const queryType = query === undefined ? 'Record<string, never>' : types.typeOf(query, 'input');
    const queryOptional =
      !isRecord(query) || !Array.isArray(query['required']) || query['required'].length === 0;
    const summary = channel['summary'] ?? channel['title'];
    const urlArgs = [
      parameters.length ? `params: ${type}Params` : `params: ${type}Params = {}`,
      queryOptional ? `query?: ${type}Query` : `query: ${type}Query`,
    ];
    entries.push({
      name: channelName,
      text: [
        `${docComment(`${typeof summary === 'string' ? `${summary}: ` : ''}\`${address}\`. For \`connect<${type}Schema>(…)\`.`, '')}export type ${type}Schema = {`,
        messages.length ? `  messages: {\n${messages.join('\n')}\n  };` : '  messages: Record<never, never>;',
        events.length ? `  events: {\n${events.join('\n')}\n  };` : '  events: Record<never, never>;',
        // Only where the socket has `@Requests`: the modules of other apps stay as they were.
        ...(requests.length ? [`  requests: {\n${requests.join('\n')}\n  };`] : []),
        '};',
        '',
        `/** The path parameters of \`${address}\`. */`,
        `export type ${type}Params = ${paramsType};`,
        '',
        `/** The query parameters of \`${address}\` (checked when the connection opens). */`,
        `export type ${type}Query = ${queryType};`,
        '',
        `/** \`${address}\`: its URL with the parameters filled in, relative to the page or \`base\`. */`,
        `export const ${valueName(channelName)} = {`,
        `  address: ${quote(address)},`,
        `  url(${urlArgs.join(', ')}, base?: string): string {`,
        `    return socketUrl({ address: ${quote(address)}, params, query, base });`,
        '  },',
        '} as const;',
        '',
      ].join('\n'),
    });
  }
  return entries.map((entry) => entry.text).join('\n');
}
