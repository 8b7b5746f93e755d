import { updateClassRecord } from '../metadata.js';
import type { Class } from '../types.js';

/**
 * Marks a class as a controller and sets the path prefix of its routes.
 *
 * @example
 * ```ts
 * @Controller('/rooms')
 * export class RoomsController { @Get('/:id') get(@Param('id') id: string) { ... } }
 * ```
 */
export function Controller(prefix = ''): ClassDecorator {
  return (target) => {
    updateClassRecord(target as unknown as Class, (record) => ({ ...record, prefix }));
  };
}
