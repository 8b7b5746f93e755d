import type { Test } from 'tap';
import { matchGolden } from './golden.js';

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function pointer(doc: Json, ref: string): string[] {
  const keys = ref
    .slice(2)
    .split('/')
    .map((key) => key.replace(/~1/g, '/').replace(/~0/g, '~'));
  let node: unknown = doc;
  for (const key of keys) node = isObject(node) ? node[key] : undefined;
  if (node === undefined) throw new Error(`${ref} points to nothing`);
  return keys;
}

/**
 * The chat's own part of an OpenAPI or AsyncAPI document: the named paths or channels, the AsyncAPI
 * operations on those channels, and every component they reference (`$ref`, followed through).
 * Tests compare this part with a golden document (test/golden/) so an app grown by
 * `halyard generate` still matches.
 *
 * @example
 * ```ts
 * await matchGolden(t, documentSubset(asyncapi, { channels: ['ChatSocket'] }), { name: 'chat-asyncapi', message: 'the socket' });
 * ```
 */
export function documentSubset(
  doc: Json,
  keep: { readonly channels?: readonly string[]; readonly paths?: readonly string[] },
): Json {
  const picked: Json = {};
  const pick = (section: string, names: readonly string[]): void => {
    const all = isObject(doc[section]) ? doc[section] : {};
    picked[section] = Object.fromEntries(names.map((name) => [name, all[name]]));
  };
  if (keep.paths) pick('paths', keep.paths);
  if (keep.channels) {
    pick('channels', keep.channels);
    const refs = new Set(keep.channels.map((name) => `#/channels/${name}`));
    const operations = isObject(doc['operations']) ? doc['operations'] : {};
    picked['operations'] = Object.fromEntries(
      Object.entries(operations).filter(
        ([, operation]) =>
          isObject(operation) &&
          isObject(operation['channel']) &&
          refs.has(String(operation['channel']['$ref'])),
      ),
    );
  }
  const seen = new Set<string>();
  const components: Json = {};
  const follow = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(follow);
    if (!isObject(node)) return;
    const ref = node['$ref'];
    if (typeof ref === 'string' && ref.startsWith('#/components/') && !seen.has(ref)) {
      seen.add(ref);
      const keys = pointer(doc, ref);
      let target: Json = components;
      for (const key of keys.slice(1, -1)) target = (target[key] ??= {}) as Json;
      let value: unknown = doc;
      for (const key of keys) value = (value as Json)[key];
      target[keys.at(-1)!] = value;
      follow(value);
    }
    Object.values(node).forEach(follow);
  };
  follow(picked);
  const sortKeys = (node: unknown): unknown =>
    Array.isArray(node)
      ? node.map(sortKeys)
      : isObject(node)
        ? Object.fromEntries(
            Object.keys(node)
              .sort()
              .map((key) => [key, sortKeys(node[key])]),
          )
        : node;
  return { ...picked, components: sortKeys(components) };
}

/**
 * The chat's own part of each document (an app grown by `halyard generate` has these and more),
 * and the golden document it is compared with.
 */
const chatParts = {
  paths: {
    names: ['/api/rooms', '/api/rooms/{roomId}', '/api/rooms/{roomId}/messages'],
    golden: {
      name: 'chat-openapi',
      message: "apps/chat openapi.json: the chat's paths and their components",
    },
  },
  channels: {
    names: ['BoardSocket', 'ChatSocket'],
    golden: {
      name: 'chat-asyncapi',
      message: "apps/chat asyncapi.json: the chat's channels, their operations and components",
    },
  },
} as const;

/**
 * Checks the chat's part of a served document: each of the chat's paths (OpenAPI) or channels
 * (AsyncAPI) is there, and that part (`documentSubset`) matches its golden document.
 *
 * @example
 * ```ts
 * await matchChatPart(t, openapi, 'paths');
 * ```
 */
export async function matchChatPart(t: Test, doc: Json, section: keyof typeof chatParts): Promise<void> {
  const { names, golden } = chatParts[section];
  const present = Object.keys(isObject(doc[section]) ? doc[section] : {});
  t.strictSame(
    names.filter((name) => !present.includes(name)),
    [],
    `the chat's ${section} are all there (${present.join(', ')})`,
  );
  await matchGolden(t, documentSubset(doc, { [section]: names }), golden);
}
