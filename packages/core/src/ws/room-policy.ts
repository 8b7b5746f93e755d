import type { Container } from '../di/container.js';
import { HalyardError } from '../errors.js';
import type { RoomGuardContext } from '../guards/guard.js';
import { resolveGuards, type ResolvedGuard } from '../guards/guard-runner.js';
import { codedHttpError } from '../http/http-error.js';
import type { Class } from '../types.js';
import type { Guard } from '../guards/guard.js';
import type { Connection } from './connection.js';

/**
 * One rule of `createApp({ websocket: { roomPolicies } })`: rooms it covers and the guards a
 * connection must pass to join one of them.
 *
 * @example
 * ```ts
 * websocket: { roomPolicies: [{ match: /^private:/, guards: [InvitedGuard] }] }
 * ```
 */
export interface RoomPolicyRule {
  /** A pattern tested against the room name, or a predicate; the rule applies when it matches. */
  readonly match: RegExp | ((room: string) => boolean);
  /** Run in order, with `context.kind === 'room'`; every matching rule's guards must pass. */
  readonly guards: ReadonlyArray<Class<Guard> | Guard>;
}

interface CompiledRule {
  readonly matches: (room: string) => boolean;
  readonly guards: readonly ResolvedGuard[];
}

function readOnlyIdentity(room: string): never {
  throw new TypeError(`room policy for "${room}": a room guard cannot call setIdentity`);
}

/**
 * The app's room policy: consulted by the hub before any member is added to a room (every
 * `conn.join`, whichever handler or instance calls it), so no code path can forget it.
 */
export class RoomPolicy {
  readonly #rules: readonly CompiledRule[];

  private constructor(rules: readonly CompiledRule[]) {
    this.#rules = rules;
  }

  /** Checks the rules at boot and resolves their guards; `undefined` without rules (joins pay nothing). */
  static async compile(
    rules: readonly RoomPolicyRule[] | undefined,
    container: Container,
  ): Promise<RoomPolicy | undefined> {
    if (rules === undefined || rules.length === 0) return undefined;
    if (!Array.isArray(rules)) throw invalid('roomPolicies must be an array of { match, guards }');
    const compiled: CompiledRule[] = [];
    for (const [index, rule] of rules.entries()) {
      const where = `roomPolicies[${index}]`;
      if (!Array.isArray(rule?.guards) || rule.guards.length === 0)
        throw invalid(`${where}.guards must be a non-empty array of guards`);
      compiled.push({
        matches: matcher(rule.match, where),
        guards: await resolveGuards(
          rule.guards.map((guard: Class<Guard> | Guard) => ({
            guard,
            name: typeof guard === 'function' ? guard.name : guard.constructor.name,
          })),
          container,
          `websocket.${where}`,
        ),
      });
    }
    return new RoomPolicy(compiled);
  }

  /** Resolves when the connection may join; rejects with `HALYARD_ERR_WS_ROOM_FORBIDDEN` or the guard's error. */
  async check(connection: Connection, room: string): Promise<void> {
    for (const rule of this.#rules) {
      if (!rule.matches(room)) continue;
      const context: RoomGuardContext = {
        kind: 'room',
        request: connection.request,
        handler: room,
        identity: connection.identity,
        connection,
        room,
        setIdentity: () => readOnlyIdentity(room),
      };
      for (const { name, guard } of rule.guards) {
        if (await guard.canActivate(context)) continue;
        throw codedHttpError('HALYARD_ERR_WS_ROOM_FORBIDDEN', { room, guard: name });
      }
    }
  }
}

function invalid(detail: string): HalyardError {
  return new HalyardError('HALYARD_ERR_OPTIONS_INVALID', { detail: `websocket.${detail}` });
}

function matcher(match: RoomPolicyRule['match'], where: string): (room: string) => boolean {
  if (typeof match === 'function') return (room) => match(room) === true;
  if (match instanceof RegExp) {
    // Without g / y, test() keeps no state between joins.
    const pattern = new RegExp(match.source, match.flags.replace(/[gy]/g, ''));
    return (room) => pattern.test(room);
  }
  throw invalid(`${where}.match must be a RegExp or a function (room) => boolean`);
}
