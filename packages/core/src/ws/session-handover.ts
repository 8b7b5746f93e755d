import type { FastifyBaseLogger } from 'fastify';
import type { BroadcastAdapter } from './broadcast-adapter.js';
import type { Connection } from './connection.js';
import { ResumeSessions, supersededCode } from './resume-session.js';
import { pushFrame } from './wire-protocol.js';

/**
 * The hub's side of resume tokens (docs/delivery.md#presence-after-a-resume): it gets the shared
 * secret from the adapter at start, names the connection id a reconnecting client's token claims,
 * gives every new connection its `$session` token, and, once a resumed connection's `@OnConnect`
 * has rejoined its rooms, tells the other instances to drop the connection it took over.
 *
 * @example
 * ```ts
 * const handover = await SessionHandover.start(adapter, log); // undefined: no secret, no tokens
 * const id = handover?.resumedId(query.halyard_session);
 * ```
 */
export class SessionHandover {
  readonly #sessions: ResumeSessions;
  readonly #adapter: BroadcastAdapter;
  readonly #log: FastifyBaseLogger;

  private constructor(sessions: ResumeSessions, adapter: BroadcastAdapter, log: FastifyBaseLogger) {
    this.#sessions = sessions;
    this.#adapter = adapter;
    this.#log = log;
  }

  /** Resume tokens need a secret every instance shares; without one, a resumed client gets a new id. */
  static async start(
    adapter: BroadcastAdapter,
    log: FastifyBaseLogger,
  ): Promise<SessionHandover | undefined> {
    if (!adapter.sessionSecret) return undefined;
    try {
      return new SessionHandover(new ResumeSessions(await adapter.sessionSecret()), adapter, log);
    } catch (error) {
      log.warn(
        { code: 'HALYARD_ERR_WS_RESUME_FAILED', err: error },
        'the adapter gave no session secret: resumed connections get a new id (presence shows left + joined)',
      );
      return undefined;
    }
  }

  /** The connection id a `halyard_session` token names, when it is one of ours. */
  resumedId(token: unknown): string | undefined {
    return token === undefined ? undefined : this.#sessions.verify(token);
  }

  /** Sends `connection` its token; for a `resumed` one, supersedes its predecessor everywhere once connected. */
  opened(connection: Connection, resumed: boolean): void {
    connection.sendFrame(pushFrame('$session', { token: this.#sessions.token(connection.id) }));
    if (!resumed) return;
    void connection.connected
      .then(() => this.#adapter.disconnect(connection.id, supersededCode, connection.incarnation))
      .catch((error: unknown) =>
        this.#log.warn(
          { code: 'HALYARD_ERR_WS_RESUME_FAILED', connection: connection.id, err: error },
          'could not tell the other instances that this connection resumed here',
        ),
      );
  }
}
