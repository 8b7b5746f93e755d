/**
 * Checks WebSocket traffic against an AsyncAPI 3 document, frame by frame: what a test client
 * sends must be a message the channel receives, with a payload that matches its schema; what the
 * server sends must be a declared push, a documented reply to a request of this connection, or a
 * documented error frame, each matching its schema. The schemas are the document's own, run by ajv.
 */

/** Why a frame broke the contract. */
export type ContractViolationKind =
  /** The client sent a `type` the channel has no message for. */
  | 'unknown-message'
  /** The frame's type is documented but it does not match that message's payload schema. */
  | 'payload-mismatch'
  /** A reply that answers no request of this connection, or a message whose operation has no such reply. */
  | 'undocumented-reply'
  /** The server pushed a `type` the channel does not declare. */
  | 'undeclared-push';

/** One frame that broke the contract, with where in the document and how. */
export interface ContractViolation {
  readonly kind: ContractViolationKind;
  /** `sent` by the test client, or `received` from the server. */
  readonly direction: 'sent' | 'received';
  /** The channel's key in the document, e.g. `ChatSocket`. */
  readonly channel: string;
  readonly frame: unknown;
  /** A JSON pointer into the document: the payload schema (and the failing keyword) or the channel's messages. */
  readonly schemaPath: string;
  /** What differs, e.g. `/data/text must be string`; at most 5 differences. */
  readonly difference: string;
}

type Doc = Record<string, unknown>;
type Validate = ((value: unknown) => boolean) & {
  errors?: ReadonlyArray<{ instancePath: string; schemaPath: string; message?: string }> | null;
};
interface AjvLike {
  addSchema(schema: object, key: string): unknown;
  compile(schema: object): Validate;
}

interface DocumentedMessage {
  /** The frame's `type`. */
  readonly type: string;
  /** The `to` of a reply message. */
  readonly to: string | undefined;
  readonly pointer: string;
  readonly validate: Validate;
}

interface ReceiveOperation {
  readonly message: DocumentedMessage;
  readonly replies: readonly DocumentedMessage[];
}

/** What a channel documents: messages it receives, pushes, and the client's answers to server requests. */
interface ChannelTables {
  readonly received: ReadonlyMap<string, ReceiveOperation>;
  readonly pushes: ReadonlyMap<string, readonly DocumentedMessage[]>;
  /** A server request's type (a `send` operation with a reply, `@Requests`) → the client's `$reply`/`$error`. */
  readonly answers: ReadonlyMap<string, readonly DocumentedMessage[]>;
}

function idOf(record: Doc): string | undefined {
  const id = record['id'];
  return typeof id === 'string' || typeof id === 'number' ? String(id) : undefined;
}

const maxDifferences = 5;
/** Server requests remembered per connection; the oldest is forgotten first. */
const maxAsked = 1_000;
const documentKey = 'halyard-contract';

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

/** Follows `$ref`s to the pointer of the object they end at (bounded). */
function finalPointer(doc: Doc, ref: unknown): string | undefined {
  let pointer: string | undefined;
  let current = ref;
  for (let hops = 0; hops < 16 && isRecord(current) && typeof current['$ref'] === 'string'; hops += 1) {
    pointer = current['$ref'];
    if (!pointer.startsWith('#/')) return undefined;
    current = pointerTarget(doc, pointer);
  }
  return pointer;
}

function constOf(doc: Doc, schema: unknown): string | undefined {
  const pointer = finalPointer(doc, schema);
  const target = pointer === undefined ? schema : pointerTarget(doc, pointer);
  return isRecord(target) && typeof target['const'] === 'string' ? target['const'] : undefined;
}

function addressPattern(address: string): RegExp {
  const parts = address.split(/(\{[^}]+\})/);
  const source = parts
    .map((part) => (/^\{[^}]+\}$/.test(part) ? '[^/]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}$`);
}

function difference(validate: Validate): { path: string; text: string } {
  const errors = validate.errors ?? [];
  return {
    path: errors[0]?.schemaPath.replace(/^#/, '') ?? '',
    text: errors
      .slice(0, maxDifferences)
      .map((error) => `${error.instancePath || '(frame)'} ${error.message ?? 'is invalid'}`)
      .join('; '),
  };
}

/**
 * The contract of one channel: checks frames and remembers the requests of one connection, so a
 * reply is matched to the message it answers. Made by `ContractChecker.forPath`.
 */
export class ChannelContract {
  readonly #requests = new Map<string, string>();
  /** The server requests of this connection awaiting the client's answer: id → request type (bounded). */
  readonly #asked = new Map<string, string>();
  private readonly received: ReadonlyMap<string, ReceiveOperation>;
  private readonly pushes: ReadonlyMap<string, readonly DocumentedMessage[]>;
  private readonly answers: ReadonlyMap<string, readonly DocumentedMessage[]>;

  constructor(
    readonly channel: string,
    tables: ChannelTables,
  ) {
    ({ received: this.received, pushes: this.pushes, answers: this.answers } = tables);
  }

  /** Checks a frame the client sends; `undefined` when it keeps the contract. */
  sent(frame: unknown): ContractViolation | undefined {
    const type = isRecord(frame) && typeof frame['type'] === 'string' ? frame['type'] : undefined;
    const operation = type === undefined ? undefined : this.received.get(type);
    if (operation === undefined && isRecord(frame) && (type === '$reply' || type === '$error'))
      return this.answer(frame, type);
    if (operation === undefined)
      return this.violation('unknown-message', frame, {
        direction: 'sent',
        path: `#/channels/${this.channel}/messages`,
        text: `no message of the channel has type ${JSON.stringify(type)}; documented: ${[...this.received.keys()].join(', ')}`,
      });
    const id = isRecord(frame) ? frame['id'] : undefined;
    if (typeof id === 'string' || typeof id === 'number')
      this.#requests.set(String(id), operation.message.type);
    return this.check('sent', frame, [operation.message]);
  }

  /** Checks a frame the server sent; `undefined` when it keeps the contract. */
  receivedFrame(frame: unknown): ContractViolation | undefined {
    const record = isRecord(frame) ? frame : {};
    const type = typeof record['type'] === 'string' ? record['type'] : undefined;
    const id =
      typeof record['id'] === 'string' || typeof record['id'] === 'number' ? String(record['id']) : undefined;
    // A reply carries the request's id when it had one; without, its `to` names the message.
    const to = typeof record['to'] === 'string' ? record['to'] : undefined;
    const answered = id === undefined ? to : this.#requests.get(id);
    const operation = answered === undefined ? undefined : this.received.get(answered);
    const replies = operation?.replies.filter((reply) => reply.type === type) ?? [];
    if (replies.length > 0) return this.check('received', frame, replies);
    const pushes = type === undefined ? undefined : this.pushes.get(type);
    if (pushes !== undefined) {
      if (id !== undefined && type !== undefined && this.answers.has(type)) this.remember(id, type);
      return this.check('received', frame, pushes);
    }
    if (type === 'reply')
      return this.violation('undocumented-reply', frame, {
        direction: 'received',
        path: operation ? `${operation.message.pointer}` : `#/channels/${this.channel}/messages`,
        text:
          operation === undefined
            ? `the reply's id ${JSON.stringify(record['id'])} answers no request sent on this connection`
            : `"${answered}" has no documented reply`,
      });
    return this.violation('undeclared-push', frame, {
      direction: 'received',
      path: `#/channels/${this.channel}/messages`,
      text: `the channel declares no message of type ${JSON.stringify(type)} sent by the server; declared: ${[...this.pushes.keys()].join(', ')}`,
    });
  }

  /** The client's `$reply`/`$error` to a server request (`conn.ask`) of this connection. */
  private answer(frame: Doc, type: string): ContractViolation | undefined {
    const id = idOf(frame);
    const asked = id === undefined ? undefined : this.#asked.get(id);
    const replies = (asked === undefined ? undefined : this.answers.get(asked)) ?? [];
    const documented = replies.filter((reply) => reply.type === type);
    if (asked !== undefined) this.#asked.delete(id as string);
    if (documented.length > 0) return this.check('sent', frame, documented);
    return this.violation('undocumented-reply', frame, {
      direction: 'sent',
      path: `#/channels/${this.channel}/messages`,
      text:
        asked === undefined
          ? `the ${type}'s id ${JSON.stringify(frame['id'])} answers no server request received on this connection`
          : `the server request "${asked}" documents no ${type} answer`,
    });
  }

  private remember(id: string, type: string): void {
    if (this.#asked.size >= maxAsked) this.#asked.delete(this.#asked.keys().next().value as string);
    this.#asked.set(id, type);
  }

  private check(
    direction: 'sent' | 'received',
    frame: unknown,
    candidates: readonly DocumentedMessage[],
  ): ContractViolation | undefined {
    let first: { message: DocumentedMessage; path: string; text: string } | undefined;
    for (const message of candidates) {
      if (message.validate(frame)) return undefined;
      first ??= { message, ...difference(message.validate) };
    }
    if (first === undefined) return undefined;
    // ajv names a keyword reached through a `$ref` by its place in the document, others from the payload.
    const absolute = /^\/(components|channels)\//.test(first.path);
    return this.violation('payload-mismatch', frame, {
      direction,
      path: absolute ? `#${first.path}` : `${first.message.pointer}/payload${first.path}`,
      text: first.text,
    });
  }

  private violation(
    kind: ContractViolationKind,
    frame: unknown,
    where: { direction: 'sent' | 'received'; path: string; text: string },
  ): ContractViolation {
    const { direction } = where;
    return { kind, direction, channel: this.channel, frame, schemaPath: where.path, difference: where.text };
  }
}

/**
 * The contract of a whole AsyncAPI 3 document, compiled once: `forPath` gives the contract of the
 * channel a connection URL belongs to.
 *
 * @example
 * ```ts
 * const checker = await ContractChecker.create(app.halyard.asyncapi);
 * const contract = checker.forPath('/ws/rooms/general');
 * contract?.sent({ type: 'send', id: 1, data: { text: 'hi' } }); // undefined: documented
 * ```
 */
export class ContractChecker {
  private constructor(
    private readonly channels: ReadonlyArray<{
      readonly name: string;
      readonly pattern: RegExp;
      readonly tables: ChannelTables;
    }>,
  ) {}

  /** Compiles the document's message schemas with ajv (optional peer dependencies, loaded on first use). */
  static async create(document: object): Promise<ContractChecker> {
    const ajv = await loadAjv();
    const doc = document as Doc;
    ajv.addSchema({ ...doc, $id: documentKey }, documentKey);
    const compiled = new Map<string, DocumentedMessage | undefined>();
    const message = (ref: unknown): DocumentedMessage | undefined => {
      const pointer = finalPointer(doc, ref);
      if (pointer === undefined) return undefined;
      if (compiled.has(pointer)) return compiled.get(pointer);
      const target = pointerTarget(doc, pointer);
      const payloadPointer = finalPointer(doc, isRecord(target) ? target['payload'] : undefined);
      const payload =
        payloadPointer === undefined
          ? isRecord(target)
            ? target['payload']
            : undefined
          : pointerTarget(doc, payloadPointer);
      const properties = isRecord(payload) && isRecord(payload['properties']) ? payload['properties'] : {};
      const type = constOf(doc, properties['type']);
      const found =
        type === undefined
          ? undefined
          : {
              type,
              to: constOf(doc, properties['to']),
              pointer,
              validate: ajv.compile({ $ref: `${documentKey}${pointer}/payload` }),
            };
      compiled.set(pointer, found);
      return found;
    };
    const operations = isRecord(doc['operations']) ? Object.values(doc['operations']).filter(isRecord) : [];
    const channels = Object.entries(isRecord(doc['channels']) ? doc['channels'] : {})
      .filter((entry): entry is [string, Doc] => isRecord(entry[1]))
      .map(([name, channel]) => {
        const received = new Map<string, ReceiveOperation>();
        const pushes = new Map<string, DocumentedMessage[]>();
        const answers = new Map<string, DocumentedMessage[]>();
        for (const operation of operations) {
          if (
            !isRecord(operation['channel']) ||
            finalPointer(doc, operation['channel']) !== `#/channels/${name}`
          )
            continue;
          const list = Array.isArray(operation['messages']) ? operation['messages'] : [];
          const replyRefs =
            isRecord(operation['reply']) && Array.isArray(operation['reply']['messages'])
              ? operation['reply']['messages']
              : [];
          for (const ref of list) {
            const documented = message(ref);
            if (documented === undefined) continue;
            if (operation['action'] === 'receive')
              received.set(documented.type, {
                message: documented,
                replies: replyRefs
                  .map(message)
                  .filter((reply): reply is DocumentedMessage => reply !== undefined),
              });
            else if (operation['action'] === 'send') {
              pushes.set(documented.type, [...(pushes.get(documented.type) ?? []), documented]);
              // A send with a reply is a server request (`@Requests`): its reply is the client's answer.
              const replies = replyRefs
                .map(message)
                .filter((reply): reply is DocumentedMessage => reply !== undefined);
              if (replies.length > 0)
                answers.set(documented.type, [...(answers.get(documented.type) ?? []), ...replies]);
            }
          }
        }
        const address = typeof channel['address'] === 'string' ? channel['address'] : name;
        return { name, pattern: addressPattern(address), tables: { received, pushes, answers } };
      });
    return new ContractChecker(channels);
  }

  /** The contract of the channel whose address matches `path` (query string ignored); `undefined` if none. */
  forPath(path: string): ChannelContract | undefined {
    const pathname = path.split('?')[0] ?? path;
    const channel = this.channels.find((candidate) => candidate.pattern.test(pathname));
    return channel && new ChannelContract(channel.name, channel.tables);
  }
}

/** A contract violation as a test failure: the frame, the schema path and the difference. */
export class ContractViolationError extends Error {
  override readonly name = 'ContractViolationError';
  readonly violations: readonly ContractViolation[];

  constructor(violations: readonly ContractViolation[]) {
    super(
      violations
        .map(
          (violation) =>
            `${violation.kind} (${violation.direction} on ${violation.channel}): ${JSON.stringify(violation.frame).slice(0, 500)}\n  at ${violation.schemaPath}: ${violation.difference}`,
        )
        .join('\n'),
    );
    this.violations = violations;
  }
}

async function loadAjv(): Promise<AjvLike> {
  let ajvModule: { Ajv: new (options: object) => AjvLike };
  let formats: { default: (ajv: AjvLike) => unknown };
  try {
    ajvModule = (await import('ajv')) as unknown as typeof ajvModule;
    formats = (await import('ajv-formats')) as unknown as typeof formats;
  } catch (error) {
    throw new Error('contract checking needs ajv and ajv-formats: npm install --save-dev ajv ajv-formats', {
      cause: error,
    });
  }
  const ajv = new ajvModule.Ajv({ strict: false, allErrors: true, validateSchema: false });
  formats.default(ajv);
  return ajv;
}
