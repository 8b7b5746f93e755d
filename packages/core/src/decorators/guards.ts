import { updateClassRecord, updateMemberRecord, type GuardRecord } from '../metadata.js';
import type { Class } from '../types.js';
import type { Guard } from '../guards/guard.js';

/**
 * Runs guards before a route: on HTTP before the handler, on a WebSocket route before the upgrade
 * (a rejected upgrade answers 401/403 and no socket is opened). Guards are classes resolved by the
 * container, or ready instances.
 *
 * @example
 * ```ts
 * @UseGuards(TokenGuard)
 * @WebSocket('/chat/:room')
 * export class ChatSocket { ... }
 * ```
 */
export function UseGuards(...guards: Array<Class<Guard> | Guard>): ClassDecorator & MethodDecorator {
  const records: GuardRecord[] = guards.map((guard) => ({ guard }));
  return ((target: object, member?: string | symbol) => {
    if (member === undefined) {
      updateClassRecord(target as Class, (record) => ({ ...record, guards: [...records, ...record.guards] }));
    } else {
      updateMemberRecord({ prototype: target, member }, '@UseGuards', (record) => ({
        guards: [...records, ...record.guards],
      }));
    }
  }) as ClassDecorator & MethodDecorator;
}
