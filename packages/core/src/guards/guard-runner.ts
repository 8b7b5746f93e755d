import type { FastifyRequest } from 'fastify';
import type { GuardDefinition } from '../definition/app-definition.js';
import type { Container } from '../di/container.js';
import { ForbiddenError } from '../http/http-error.js';
import type { Guard, GuardContext } from './guard.js';

/** Runs a route's guards in order; resolves with the identity they attached, rejects with an `HttpError`. */
export type GuardRunner = (request: FastifyRequest) => Promise<unknown>;

/** Resolves guard instances once at boot and returns the per-request runner (or `undefined` if there are none). */
export async function compileGuards(
  guards: readonly GuardDefinition[],
  container: Container,
  { kind, handler }: Pick<GuardContext, 'kind' | 'handler'>,
): Promise<GuardRunner | undefined> {
  if (guards.length === 0) return undefined;
  const instances: Array<{ name: string; guard: Guard }> = [];
  for (const definition of guards) {
    const guard =
      typeof definition.guard === 'function' ? await container.get(definition.guard) : definition.guard;
    instances.push({ name: definition.name, guard });
  }
  return async (request) => {
    let identity: unknown;
    const context: GuardContext = {
      kind,
      request,
      handler,
      get identity() {
        return identity;
      },
      setIdentity(value) {
        identity = value;
      },
    };
    for (const { name, guard } of instances) {
      const allowed = await guard.canActivate(context);
      if (!allowed) throw new ForbiddenError(`Access denied by ${name}`);
    }
    return identity;
  };
}

/**
 * Query keys that guards declare as their credentials (`static security = { type: 'apiKey', in: 'query', name }`).
 * They belong to the guard, so they are taken out of the query before the query DTO is validated.
 */
export function guardQueryKeys(guards: readonly GuardDefinition[]): readonly string[] {
  return guards.flatMap((guard) =>
    guard.security?.type === 'apiKey' && guard.security.in === 'query' ? [guard.security.name] : [],
  );
}

export function withoutKeys(source: unknown, keys: readonly string[]): unknown {
  if (keys.length === 0 || typeof source !== 'object' || source === null) return source;
  const copy: Record<string, unknown> = { ...(source as Record<string, unknown>) };
  for (const key of keys) delete copy[key];
  return copy;
}
