import type { ConcreteClass } from '../types.js';
import type { Token } from './token.js';

/**
 * What `createApp({ providers })` accepts. Every provider is a singleton.
 *
 * @example
 * ```ts
 * providers: [
 *   RoomService,                                                 // class, constructor-injected
 *   { provide: CONFIG, useValue: { maxRooms: 10 } },             // a ready value
 *   { provide: RoomStore, useClass: MemoryRoomStore },           // an implementation
 *   { provide: DB, useFactory: (cfg: Config) => connect(cfg), inject: [CONFIG] },
 * ]
 * ```
 */
export type Provider<T = unknown> =
  | ConcreteClass<T>
  | { readonly provide: Token<T>; readonly useClass: ConcreteClass<T> }
  | { readonly provide: Token<T>; readonly useValue: T }
  | {
      readonly provide: Token<T>;
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      readonly useFactory: (...deps: any[]) => T | Promise<T>;
      readonly inject?: readonly Token[];
    };
