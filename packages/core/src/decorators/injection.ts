import 'reflect-metadata';
import { INJECTABLE, INJECT_TOKENS } from '../metadata-keys.js';
import type { Token } from '../di/token.js';
import { recordMisuse } from '../metadata.js';
import type { Class } from '../types.js';

/**
 * Marks a provider class so TypeScript emits its constructor parameter types for injection.
 * Controllers do not need it (`@Controller` already makes TypeScript emit them).
 *
 * @example
 * ```ts
 * @Injectable()
 * export class RoomService { constructor(private readonly store: RoomStore) {} }
 * ```
 */
export function Injectable(): ClassDecorator {
  return (target) => {
    Reflect.defineMetadata(INJECTABLE, true, target);
  };
}

/**
 * Injects a provider by token instead of by the parameter's type; needed for interfaces,
 * strings and symbols.
 *
 * @example `constructor(@Inject(CONFIG) private readonly config: Config) {}`
 */
export function Inject(token: Token): ParameterDecorator {
  return (target, member, index) => {
    if (member !== undefined) {
      const owner = (typeof target === 'function' ? target : target.constructor) as Class;
      recordMisuse(owner, {
        target: `${owner.name}.${String(member)}`,
        detail: `@Inject() is on method parameter #${index}; it decorates constructor parameters only`,
      });
      return;
    }
    const current =
      (Reflect.getOwnMetadata(INJECT_TOKENS, target) as ReadonlyMap<number, Token> | undefined) ?? new Map();
    Reflect.defineMetadata(INJECT_TOKENS, new Map([...current, [index, token]]), target);
  };
}
