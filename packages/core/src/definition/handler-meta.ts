import type { ClassRecord, DocsRecord, EmitRecord, GuardRecord, MemberRecord } from '../metadata.js';
import type { Class } from '../types.js';
import type { Guard, GuardSecurity } from '../guards/guard.js';
import type { EmitDefinition, GuardDefinition, HandlerDocs } from './app-definition.js';
import { joinPath } from './paths.js';
import { toTypeRef, typeLabel } from './type-resolution.js';
import { HalyardError } from '../errors.js';

/** Class-level docs apply to every handler; the member's own text wins, tags add up. */
export function mergeDocs(owner: DocsRecord, own: DocsRecord, operationId: string): HandlerDocs {
  const tags = [...new Set([...(owner.tags ?? []), ...(own.tags ?? [])])];
  return {
    ...owner,
    ...own,
    tags,
    examples: own.examples ?? [],
    deprecated: Boolean(owner.deprecated || own.deprecated),
    operationId: own.operationId ?? operationId,
  };
}

function guardSecurity(guard: Class<Guard> | Guard): GuardSecurity | undefined {
  const holder = (typeof guard === 'function' ? guard : guard.constructor) as { security?: GuardSecurity };
  return holder.security;
}

export function buildGuards(owner: ClassRecord, own: readonly GuardRecord[]): GuardDefinition[] {
  return [...owner.guards, ...own].map(({ guard }) => {
    const typed = guard as Class<Guard> | Guard;
    const security = guardSecurity(typed);
    const name = typeof typed === 'function' ? typed.name : typed.constructor.name;
    return { guard: typed, name, ...(security && { security }) };
  });
}

export function buildEmits(records: readonly EmitRecord[], target: string): EmitDefinition[] {
  return records.map((record) => {
    if (record.event === 'reply' || record.event === 'error' || record.event.startsWith('presence.')) {
      throw new HalyardError('HALYARD_ERR_WS_RESERVED_EVENT', { target, event: record.event });
    }
    const type = toTypeRef(record.type, target);
    if (!type) {
      throw new HalyardError('HALYARD_ERR_TYPE_MISSING', {
        target,
        what: `@Emits('${record.event}')`,
        found: typeLabel(record.type),
        fix: 'pass a class-validator DTO class or [DtoClass]',
      });
    }
    return {
      event: record.event,
      type,
      ...(record.summary !== undefined && { summary: record.summary }),
      ...(record.description !== undefined && { description: record.description }),
      ...(record.examples !== undefined && { examples: record.examples }),
    };
  });
}

/** A controller class and what its class-level decorators recorded, read once per class at boot. */
export interface DecoratedClass {
  controller: Class;
  owner: ClassRecord;
}

export function targetName(controller: Class, member?: string): string {
  return member === undefined ? controller.name : `${controller.name}.${member}`;
}

/**
 * What a member's own `@Get`/`@Post`/... (`route`) or method-level `@WebSocket` (`socket`) recorded,
 * with the member's target name and its path under the class prefix. Throws when it has none.
 */
export function declaredMember<Kind extends 'route' | 'socket'>(
  { controller, owner }: DecoratedClass,
  [member, record]: readonly [string, MemberRecord],
  kind: Kind,
): { declaration: NonNullable<MemberRecord[Kind]>; target: string; path: string } {
  const declaration = record[kind];
  const target = targetName(controller, member);
  if (!declaration) throw new TypeError(`${target} is not a ${kind}`);
  return { declaration, target, path: joinPath(owner.prefix ?? '', declaration.path) };
}
