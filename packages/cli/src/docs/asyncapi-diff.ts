import { deref, diffSchema, isObject, type Change, type Direction, type JsonObject } from './schema-diff.js';

const entries = (value: unknown): Array<[string, unknown]> => (isObject(value) ? Object.entries(value) : []);

/** `#/channels/ChatSocket/messages/send` → `send` */
const messageKeyOf = (ref: unknown): string | undefined =>
  isObject(ref) && typeof ref['$ref'] === 'string'
    ? /\/messages\/([^/]+)$/.exec(ref['$ref'])?.[1]
    : undefined;

const channelIdOf = (ref: unknown): string | undefined =>
  isObject(ref) && typeof ref['$ref'] === 'string'
    ? /^#\/channels\/([^/]+)$/.exec(ref['$ref'])?.[1]
    : undefined;

/**
 * Who sends each channel message, from the operations: the app `receive`s what clients send
 * (requests) and `send`s replies and pushes (responses). A reply goes the other way from its
 * operation's messages: the reply to a `receive` is the server's, the reply to a `send` (a server
 * request, `@Requests`) is the client's `$reply` / `$error`, a request the server validates.
 */
function directions(document: JsonObject): Map<string, Set<Direction>> {
  const found = new Map<string, Set<Direction>>();
  const mark = (channel: string | undefined, refs: unknown, direction: Direction): void => {
    if (!channel || !Array.isArray(refs)) return;
    for (const ref of refs) {
      const key = messageKeyOf(ref);
      if (!key) continue;
      const id = `${channel}/${key}`;
      found.set(id, (found.get(id) ?? new Set()).add(direction));
    }
  };
  for (const [, operation] of entries(document['operations'])) {
    if (!isObject(operation)) continue;
    const channel = channelIdOf(operation['channel']);
    const received = operation['action'] === 'receive';
    mark(channel, operation['messages'], received ? 'request' : 'response');
    if (isObject(operation['reply']))
      mark(
        channelIdOf(operation['reply']['channel']) ?? channel,
        operation['reply']['messages'],
        received ? 'response' : 'request',
      );
  }
  return found;
}

const arrow = (direction: Direction): string =>
  direction === 'request' ? 'client → server' : 'server → client';

/** Breaking and non-breaking differences between two AsyncAPI 3 documents. */
export function diffAsyncApi(before: JsonObject, after: JsonObject): Change[] {
  const changes: Change[] = [];
  const beforeChannels = isObject(before['channels']) ? before['channels'] : {};
  const afterChannels = isObject(after['channels']) ? after['channels'] : {};
  const beforeDirections = directions(before);
  const afterDirections = directions(after);

  for (const [id, raw] of Object.entries(beforeChannels)) {
    const channel = deref(before, raw);
    const address = channel?.['address'];
    const where = `channel ${id}${typeof address === 'string' ? ` (${address})` : ''}`;
    const next = deref(after, afterChannels[id]);
    if (!next) {
      changes.push({ breaking: true, where, detail: 'channel removed' });
      continue;
    }
    if (channel && address !== next['address'])
      changes.push({ breaking: true, where, detail: `address changed to ${String(next['address'])}` });

    const messages = isObject(channel?.['messages']) ? channel['messages'] : {};
    const nextMessages = isObject(next['messages']) ? next['messages'] : {};
    for (const key of Object.keys(messages))
      if (!(key in nextMessages)) changes.push({ breaking: true, where, detail: `message "${key}" removed` });
    for (const key of Object.keys(nextMessages))
      if (!(key in messages)) changes.push({ breaking: false, where, detail: `message "${key}" added` });
    for (const key of Object.keys(messages)) {
      if (!(key in nextMessages)) continue;
      const sides = new Set([
        ...(beforeDirections.get(`${id}/${key}`) ?? []),
        ...(afterDirections.get(`${id}/${key}`) ?? []),
      ]);
      for (const direction of sides)
        diffSchema(
          {
            before: { document: before, schema: deref(before, messages[key])?.['payload'] },
            after: { document: after, schema: deref(after, nextMessages[key])?.['payload'] },
            direction,
            where: `${where}, message ${key} (${arrow(direction)})`,
          },
          changes,
        );
    }

    const query = (doc: JsonObject, value: JsonObject | undefined): unknown => {
      const bindings = deref(doc, value?.['bindings']);
      return deref(doc, bindings?.['ws'])?.['query'];
    };
    const beforeQuery = query(before, channel);
    const afterQuery = query(after, next);
    if (beforeQuery !== undefined || afterQuery !== undefined)
      diffSchema(
        {
          before: { document: before, schema: beforeQuery ?? { type: 'object', properties: {} } },
          after: { document: after, schema: afterQuery ?? { type: 'object', properties: {} } },
          direction: 'request',
          where: `${where}, connection query`,
        },
        changes,
      );
  }
  for (const [id, raw] of Object.entries(afterChannels)) {
    if (id in beforeChannels) continue;
    const address = deref(after, raw)?.['address'];
    changes.push({
      breaking: false,
      where: `channel ${id}${typeof address === 'string' ? ` (${address})` : ''}`,
      detail: 'channel added',
    });
  }

  const beforeOperations = isObject(before['operations']) ? before['operations'] : {};
  const afterOperations = isObject(after['operations']) ? after['operations'] : {};
  for (const [id, raw] of Object.entries(beforeOperations)) {
    const next = deref(after, afterOperations[id]);
    if (!next) {
      changes.push({ breaking: true, where: `operation ${id}`, detail: 'operation removed' });
      continue;
    }
    const action = deref(before, raw)?.['action'];
    if (action !== next['action'])
      changes.push({
        breaking: true,
        where: `operation ${id}`,
        detail: `action changed from ${String(action)} to ${String(next['action'])}`,
      });
  }
  for (const id of Object.keys(afterOperations))
    if (!(id in beforeOperations))
      changes.push({ breaking: false, where: `operation ${id}`, detail: 'operation added' });
  return changes;
}
