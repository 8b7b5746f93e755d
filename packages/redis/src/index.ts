export { RedisAdapter, redisAdapter } from './redis-adapter.js';
export type { RedisAdapterOptions } from './adapter-options.js';
export { RedisAdapterError, redisErrorTable } from './errors.js';
export type { RedisErrorCode, RedisErrorParams } from './errors.js';
