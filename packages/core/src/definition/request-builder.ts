import { HalyardError } from '../errors.js';
import type { RequestRecord } from '../metadata.js';
import type { ServerRequestDefinition, TypeRef } from './app-definition.js';
import { toTypeRef, typeLabel } from './type-resolution.js';

function requestType(
  type: RequestRecord['data'],
  where: { readonly target: string; readonly what: string },
): TypeRef | null {
  if (type === null) return null;
  const ref = toTypeRef(type, where.target);
  if (!ref)
    throw new HalyardError('HALYARD_ERR_TYPE_MISSING', {
      target: where.target,
      what: where.what,
      found: typeLabel(type),
      fix: 'pass a class-validator DTO class, [DtoClass], or null',
    });
  return ref;
}

/**
 * The server requests of one socket (`@Requests` on the class and on its handlers), in the order
 * declared. A type may be declared twice only with the same DTOs; `$` names belong to the protocol.
 */
export function buildRequests(
  entries: ReadonlyArray<{ readonly target: string; readonly records: readonly RequestRecord[] }>,
): ServerRequestDefinition[] {
  const byType = new Map<string, { definition: ServerRequestDefinition; target: string }>();
  for (const { target, records } of entries)
    for (const record of records) {
      const decorator = `@Requests('${record.type}')`;
      if (record.type.length === 0 || record.type.startsWith('$'))
        throw new HalyardError('HALYARD_ERR_WS_RESERVED_PREFIX', { target, decorator, type: record.type });
      const definition: ServerRequestDefinition = {
        type: record.type,
        data: requestType(record.data, { target, what: `${decorator} data` }),
        reply: requestType(record.reply, { target, what: `${decorator} reply` }),
        ...(record.summary !== undefined && { summary: record.summary }),
        ...(record.description !== undefined && { description: record.description }),
        ...(record.examples !== undefined && { examples: record.examples }),
      };
      const known = byType.get(record.type);
      if (!known) {
        byType.set(record.type, { definition, target });
        continue;
      }
      if (
        !sameType(known.definition.data, definition.data) ||
        !sameType(known.definition.reply, definition.reply)
      )
        throw new HalyardError('HALYARD_ERR_ROUTE_CONFLICT', {
          target,
          detail: `${decorator} is declared by ${known.target} with other DTOs; one socket has one shape per request type`,
        });
    }
  return [...byType.values()].map(({ definition }) => definition);
}

/** Whether two type refs are the same type (the same classes, not just the same JSON). */
function sameType(a: TypeRef | null, b: TypeRef | null): boolean {
  if (a === null || b === null) return a === b;
  if (a.kind !== b.kind) return false;
  if (a.kind === 'dto' && b.kind === 'dto') return a.type === b.type;
  if (a.kind === 'array' && b.kind === 'array') return sameType(a.items, b.items);
  return JSON.stringify(a) === JSON.stringify(b);
}
