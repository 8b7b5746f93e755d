import type { Class } from '../types.js';

/** What a provider is registered and injected under: a class, or a string/symbol for values and interfaces. */
export type Token<T = unknown> = Class<T> | string | symbol;

export function tokenName(token: Token): string {
  if (typeof token === 'function') return token.name || '<anonymous class>';
  return typeof token === 'symbol' ? token.toString() : JSON.stringify(token);
}
