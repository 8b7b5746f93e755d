import 'reflect-metadata';
import t from 'tap';
import { redisAdapter } from '@halyard/redis';
import { adapterConformance } from './adapter-conformance.js';
import { presenceResumeConformance } from './presence-resume-conformance.js';
import { streamConformance } from './stream-conformance.js';
import { deleteKeysUnder, keysUnder, REDIS_URL, uniquePrefix } from './helpers/redis-test-keys.js';

// No skip when Redis is down: start() rejects with HALYARD_ERR_REDIS_UNAVAILABLE and every test fails.
const keyPrefix = uniquePrefix('conformance');
t.teardown(() => deleteKeysUnder(keyPrefix));

// Two apps with two RedisAdapters on one prefix behave like two processes behind a load balancer.
adapterConformance(t, 'redis', {
  makeAdapter: () => redisAdapter({ url: REDIS_URL, keyPrefix }),
  crossInstance: true,
});

// Room streams: one log per room in Redis, shared by both apps; deleting its keys is a flush.
const streamPrefix = uniquePrefix('streams');
t.teardown(() => deleteKeysUnder(streamPrefix));
streamConformance(t, 'redis', {
  makeAdapter: () => redisAdapter({ url: REDIS_URL, keyPrefix: streamPrefix }),
  crossInstance: true,
  loseStreams: async () => {
    await deleteKeysUnder(`${streamPrefix}:stream`);
    await deleteKeysUnder(`${streamPrefix}:stream-meta`);
  },
});

// Presence after a resume on two instances: the old connection on one, the resumed one on the other.
const resumePrefix = uniquePrefix('presence-resume');
t.teardown(() => deleteKeysUnder(resumePrefix));
presenceResumeConformance(t, 'redis', {
  makeAdapter: () => redisAdapter({ url: REDIS_URL, keyPrefix: resumePrefix }),
  crossInstance: true,
});

t.test('redis: every instance removed its presence keys when its app closed', async (t) => {
  t.strictSame(await keysUnder(keyPrefix), []);
});
