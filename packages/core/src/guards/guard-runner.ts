import type { FastifyRequest } from 'fastify';
import type { GuardDefinition } from '../definition/app-definition.js';
import type { Container } from '../di/container.js';
import { HalyardError } from '../errors.js';
import { ForbiddenError } from '../http/http-error.js';
import { outcomeOf } from '../ws/message-observation.js';
import type { MessageObservation } from '../ws/socket-observer.js';
import type { Guard, GuardContext, IdentityOptions } from './guard.js';

/** Starts an observer's view of one guard (tracing's child span); `undefined` when nobody watches. */
export type GuardWatch = (name: string) => MessageObservation | undefined;

/** A guard resolved at boot, with the name its refusals carry. */
export interface ResolvedGuard {
  readonly name: string;
  readonly guard: Guard;
}

/** What the guards of a route or an upgrade decided about the caller. */
export interface GuardOutcome {
  readonly identity: unknown;
  /** Epoch milliseconds, when a guard gave the identity an expiry. */
  readonly expiresAt?: number;
}

/** Runs a route's guards in order; resolves with what they attached, rejects with an `HttpError`. */
export type GuardRunner = (
  request: FastifyRequest,
  reauth?: { credential: string },
  watch?: GuardWatch,
) => Promise<GuardOutcome>;

/** Resolves guard instances once at boot; a value without `canActivate` is a boot error. */
export async function resolveGuards(
  guards: readonly GuardDefinition[],
  container: Container,
  target: string,
): Promise<ResolvedGuard[]> {
  const resolved: ResolvedGuard[] = [];
  for (const definition of guards) {
    const guard = (
      typeof definition.guard === 'function' ? await container.get(definition.guard) : definition.guard
    ) as Guard;
    if (typeof guard?.canActivate !== 'function')
      throw new HalyardError('HALYARD_ERR_GUARD_INVALID', { target, guard: definition.name });
    resolved.push({ name: definition.name, guard });
  }
  return resolved;
}

/** Runs guards in order: `false` becomes a 403 naming the guard, a throw is passed on. */
export async function runGuards(
  guards: readonly ResolvedGuard[],
  context: GuardContext,
  watch?: GuardWatch,
): Promise<void> {
  for (const { name, guard } of guards) {
    const seen = watch?.(name);
    if (seen) await watched(seen, () => guard.canActivate(context), name);
    else if (!(await guard.canActivate(context))) throw new ForbiddenError(`Access denied by ${name}`);
  }
}

/** One guard inside its observation, which hears `ok` or the refusal's code. */
async function watched(
  seen: MessageObservation,
  canActivate: () => boolean | Promise<boolean>,
  name: string,
): Promise<void> {
  let allowed: boolean;
  try {
    allowed = await (seen.run ? seen.run(canActivate) : canActivate());
  } catch (error) {
    outcomeOf(seen, error);
    throw error;
  }
  if (allowed) return seen.end('ok');
  const refusal = new ForbiddenError(`Access denied by ${name}`);
  seen.end('rejected', refusal.code);
  throw refusal;
}

function epochMs(expiresAt: Date | number | undefined, handler: string): number | undefined {
  if (expiresAt === undefined) return undefined;
  const ms = expiresAt instanceof Date ? expiresAt.getTime() : expiresAt;
  if (!Number.isFinite(ms)) throw new TypeError(`${handler}: setIdentity expiresAt is not a valid time`);
  return ms;
}

/** Resolves guard instances once at boot and returns the per-request runner (or `undefined` if there are none). */
export async function compileGuards(
  guards: readonly GuardDefinition[],
  container: Container,
  { kind, handler }: { kind: 'http' | 'upgrade'; handler: string },
): Promise<GuardRunner | undefined> {
  if (guards.length === 0) return undefined;
  const instances = await resolveGuards(guards, container, handler);
  return async (request, reauth, watch) => {
    let identity: unknown;
    let expiresAt: number | undefined;
    const setIdentity = (value: unknown, options?: IdentityOptions): void => {
      identity = value;
      expiresAt = kind === 'upgrade' ? epochMs(options?.expiresAt, handler) : undefined;
    };
    // One object with a live getter: a later guard reads what an earlier one set (a spread would
    // copy the getter's value at the time of the spread).
    const context = {
      kind,
      request,
      handler,
      get identity() {
        return identity;
      },
      setIdentity,
      ...(kind === 'upgrade' && reauth && { credential: reauth.credential }),
    } as GuardContext;
    await runGuards(instances, context, watch);
    return expiresAt === undefined ? { identity } : { identity, expiresAt };
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
