// The Hub an app injects shows only its documented members; the runtime's own are symbol-keyed
// (src/ws/hub-internals.ts), so they stay out of autocompletion, `Object.keys` and the docs.
import { readFile } from 'node:fs/promises';
import t from 'tap';
import { Hub } from '../src/index.js';

const documented = [
  'adapterName',
  'broadcast',
  'connection',
  'connections',
  'disconnect',
  'observe',
  'position',
  'readWithPosition',
  'roomMembers',
  'rooms',
  'stats',
  'toConnection',
  'toRoom',
];

t.test('the public Hub surface is exactly the documented list', async (t) => {
  t.strictSame(
    Object.getOwnPropertyNames(Hub.prototype)
      .filter((name) => name !== 'constructor')
      .sort(),
    documented,
  );
  const guide = await readFile(new URL('../../../docs/websocket.md', import.meta.url), 'utf8');
  const section = guide.slice(guide.indexOf('## The `Hub`'), guide.indexOf('## Room policies'));
  for (const name of documented) t.match(section, new RegExp(`\`${name}\\b`), `${name} is in the Hub table`);
});
