import { readFileSync } from 'node:fs';
import t from 'tap';
import { RedisAdapterError, redisAdapter, redisErrorTable, type RedisErrorCode } from '../src/index.js';
import { thrownBy } from '../../integration/test/helpers/thrown-by.js';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

t.test('the README error table lists exactly the codes of redisErrorTable, in order', async (t) => {
  const section = readme.slice(readme.indexOf('## Error codes'), readme.indexOf('## Limits'));
  const documented = [...section.matchAll(/^\| `(HALYARD_ERR_[A-Z_]+)`/gm)].map((match) => match[1]);
  t.strictSame(documented, Object.keys(redisErrorTable));
});

t.test('every code is namespaced HALYARD_ERR_REDIS_ and has a message template', async (t) => {
  for (const [code, entry] of Object.entries(redisErrorTable)) {
    t.match(code, /^HALYARD_ERR_REDIS_[A-Z_]+$/);
    t.ok(entry.message.length > 0, `${code} has a message`);
  }
});

t.test('invalid options fail at construction with HALYARD_ERR_REDIS_OPTIONS_INVALID', async (t) => {
  const cases: Array<[Parameters<typeof redisAdapter>[0], string]> = [
    [
      { url: 'http://localhost:6379' },
      'url must be a redis:// or rediss:// URL, got "http://localhost:6379"',
    ],
    [{ url: 'not a url' }, 'url must be a redis:// or rediss:// URL, got "not a url"'],
    [{ keyPrefix: '' }, 'keyPrefix must be a non-empty string without spaces, got ""'],
    [{ instanceId: 'a b' }, 'instanceId must be a non-empty string without spaces, got "a b"'],
    [{ presenceTtlMs: 100 }, 'presenceTtlMs must be an integer >= 300, got 100'],
    [{ presenceTtlMs: 1000.5 }, 'presenceTtlMs must be an integer >= 300, got 1000.5'],
    [{ commandTimeoutMs: 0 }, 'commandTimeoutMs must be an integer >= 1, got 0'],
    [
      { onUnavailableAtStart: 'ignore' as 'local' },
      `onUnavailableAtStart must be 'fail' or 'local', got "ignore"`,
    ],
  ];
  for (const [options, detail] of cases) {
    const error = thrownBy(() => redisAdapter(options));
    t.type(error, RedisAdapterError);
    const code: RedisErrorCode = 'HALYARD_ERR_REDIS_OPTIONS_INVALID';
    t.strictSame(
      { code: (error as RedisAdapterError).code, message: (error as RedisAdapterError).message },
      { code, message: `${code}: redisAdapter options: ${detail}` },
    );
  }
});

t.test('methods called before start() throw HALYARD_ERR_REDIS_NOT_STARTED', async (t) => {
  const adapter = redisAdapter();
  await t.rejects(adapter.members('lobby'), {
    code: 'HALYARD_ERR_REDIS_NOT_STARTED',
    message:
      'HALYARD_ERR_REDIS_NOT_STARTED: RedisAdapter.members() was called before start(); pass the adapter to createApp({ websocket })',
  });
  t.equal(adapter.available, false);
});
