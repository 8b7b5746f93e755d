import type { FastifyBaseLogger } from 'fastify';
import type { RawData } from 'ws';
import { closeOf } from '../errors.js';
import { codedError } from '../wire-error.js';
import { ConnectBacklog, type BacklogBudget, type BacklogOverflow } from './connect-backlog.js';
import type { Connection } from './connection.js';
import type { Hub } from './hub.js';
import type { MessageDispatcher } from './message-dispatcher.js';
import { peekMessageId } from './message-id-peek.js';
import { TokenBucket } from './rate-limiter.js';
import type { RejectionBurst } from './rejection-burst.js';
import type { SocketGauges } from './socket-gauges.js';
import type { SocketReporter } from './socket-reporter.js';
import type { ResolvedLimits } from './socket-limits.js';
import { errorFrame } from './wire-protocol.js';
import { kCountIn, kReporter } from './hub-internals.js';
import { awaitingPong } from './connection-internals.js';

/** The rate limit of one connection: its token bucket and its count of rejections per window. */
interface RateGate {
  readonly bucket: TokenBucket;
  readonly rejections: RejectionBurst;
  readonly closeAfter: number;
}

/** ws hands over a Buffer (or fragments, or an ArrayBuffer); only the rare forms are copied. */
function asBuffer(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  return Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);
}

/**
 * Every frame of one connection enters here: it marks the peer alive, is counted, then checked
 * for size, rate and kind on arrival, even while `@OnConnect` still runs (then the accepted
 * frames wait in a bounded backlog and are dispatched in order once it resolves).
 */
export class FrameIntake {
  readonly #connection: Connection;
  get connection(): Connection {
    return this.#connection;
  }
  readonly #limits: ResolvedLimits;
  readonly #dispatcher: MessageDispatcher;
  readonly #hub: Hub;
  readonly #reporter: SocketReporter;
  readonly #log: FastifyBaseLogger;
  readonly #rate: RateGate | undefined;
  readonly #gauges: SocketGauges;
  #closed = false;
  #ready = false;
  /** Frames waiting for `@OnConnect`; `undefined` once it finished (or when there is none). */
  #backlog: ConnectBacklog | undefined;
  readonly #maxBacklogBytes: number;

  constructor(options: {
    connection: Connection;
    limits: ResolvedLimits;
    dispatcher: MessageDispatcher;
    hub: Hub;
    log: FastifyBaseLogger;
    /** False when the route has no `@OnConnect`: frames are dispatched at once. */
    waitForConnect: boolean;
    gauges: SocketGauges;
    /** The app-wide bound on bytes waiting for `@OnConnect` (`websocket.maxBacklogBytes`). */
    backlogBudget: BacklogBudget;
  }) {
    this.#connection = options.connection;
    this.#limits = options.limits;
    this.#dispatcher = options.dispatcher;
    this.#hub = options.hub;
    this.#reporter = options.hub[kReporter];
    this.#log = options.log;
    this.#ready = !options.waitForConnect;
    this.#maxBacklogBytes = options.backlogBudget.limit;
    this.#backlog = options.waitForConnect
      ? new ConnectBacklog(options.limits.maxPayload, options.backlogBudget)
      : undefined;
    const rate = options.limits.rateLimit;
    this.#gauges = options.gauges;
    if (rate) this.#gauges.rateBuckets++;
    this.#rate = rate
      ? {
          bucket: new TokenBucket(rate.perSecond, rate.burst),
          closeAfter: rate.closeAfter,
          rejections: this.#reporter.rateBurst(options.connection, {
            windowMs: rate.windowMs,
            gauge: options.gauges,
            log: options.log,
          }),
        }
      : undefined;
  }

  /** The socket closed: ends an open burst of rejections (its total is logged) and gives back what it holds. */
  closed(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#discardBacklog('the connection closed');
    if (!this.#rate) return;
    this.#rate.rejections.end();
    this.#gauges.rateBuckets--;
  }

  receive(data: RawData, isBinary: boolean): void {
    const connection = this.#connection;
    // Any frame proves the peer is alive, so a busy browser (which cannot answer pings itself
    // when the tab sleeps) is not terminated by the heartbeat while it is talking.
    connection[awaitingPong] = false;
    const buffer = asBuffer(data);
    this.#hub[kCountIn](connection, buffer, buffer.length);
    // Frames still arriving after we started closing (policy, backlog) are counted, not answered.
    if (!connection.isOpen) return;
    const text = this.#admit(buffer, isBinary);
    if (text === undefined) return;
    if (this.#ready) {
      this.#dispatcher.dispatch(connection, text);
      return;
    }
    const overflow = this.#backlog?.add(text, buffer.length);
    if (overflow) this.#backlogOverflow(overflow, buffer.length);
  }

  /** `@OnConnect` finished: dispatch what waited, in order (or log what is discarded if it refused). */
  opened(open: boolean): void {
    this.#ready = true;
    if (!open) {
      this.#discardBacklog('the connection was refused');
      return;
    }
    const waiting = this.#backlog?.drain() ?? [];
    this.#backlog = undefined;
    for (const text of waiting) this.#dispatcher.dispatch(this.#connection, text);
  }

  #discardBacklog(why: string): void {
    const discarded = this.#backlog?.drain().length ?? 0;
    this.#backlog = undefined;
    if (discarded > 0) this.#reporter.backlogDiscarded(this.#connection, { log: this.#log, discarded, why });
  }

  /** A frame that cannot wait: this connection's bound, or the app-wide one (the newest offender goes). */
  #backlogOverflow(overflow: BacklogOverflow, bytes: number): void {
    const connection = this.#connection;
    const backlog = this.#backlog as ConnectBacklog;
    const frames = backlog.frames + 1;
    const total = backlog.bytes + bytes;
    backlog.drain();
    this.#backlog = undefined;
    const log = this.#log;
    switch (overflow) {
      case 'connection':
        this.#reporter.backlogOverflow(connection, {
          log,
          fields: { frames, bytes: total },
          message: 'too many frames while @OnConnect ran; closing with 1008',
        });
        break;
      case 'app':
        this.#reporter.backlogOverflow(connection, {
          log,
          fields: { frames, bytes: total, maxBacklogBytes: this.#maxBacklogBytes },
          message:
            'frames waiting for @OnConnect on all connections reached websocket.maxBacklogBytes; closing this one with 1008',
        });
        break;
      default: {
        const exhaustive: never = overflow;
        throw new Error(`unknown backlog overflow ${String(exhaustive)}`);
      }
    }
    const { closeCode, reason } = closeOf('HALYARD_ERR_WS_CONNECT_BACKLOG');
    connection.close(closeCode, reason);
  }

  /** Size, rate and kind; returns the text to dispatch, or `undefined` when the frame was answered. */
  #admit(buffer: Buffer, isBinary: boolean): string | undefined {
    const connection = this.#connection;
    const limits = this.#limits;
    const bytes = buffer.length;
    if (bytes > limits.maxPayload) {
      this.#dispatcher.sendError(connection, undefined, {
        code: 'HALYARD_ERR_PAYLOAD_TOO_LARGE',
        params: { limit: limits.maxPayload },
      });
      const { closeCode, reason } = closeOf('HALYARD_ERR_PAYLOAD_TOO_LARGE');
      connection.close(closeCode, reason);
      return undefined;
    }
    if (this.#rate) {
      const retryAfterMs = this.#rate.bucket.take();
      if (retryAfterMs > 0) {
        this.#refuseRateLimited(this.#rate, buffer, { isBinary, retryAfterMs });
        return undefined;
      }
    }
    if (isBinary) {
      this.#dispatcher.sendError(connection, undefined, { code: 'HALYARD_ERR_WS_BINARY_UNSUPPORTED' });
      return undefined;
    }
    return buffer.toString('utf8');
  }

  /**
   * A frame over the rate limit: counted, answered when it has an `id` (a message with an id gets
   * exactly one answer; the close after `closeAfter` bounds how many) or when it is the first of
   * its window, and logged once per window. `closeAfter` within the window closes with 1008.
   */
  #refuseRateLimited(
    rate: RateGate,
    buffer: Buffer,
    { isBinary, retryAfterMs }: { isBinary: boolean; retryAfterMs: number },
  ): void {
    const connection = this.#connection;
    const id = isBinary ? undefined : peekMessageId(buffer);
    const details = { retryAfterMs };
    const error = codedError('HALYARD_ERR_WS_RATE_LIMITED', details, details);
    const message = error.message;
    const count = rate.rejections.note(Date.now(), message, {
      ...(id !== undefined && { messageId: id }),
      details,
    });
    this.#reporter.frameRefused(connection, 'HALYARD_ERR_WS_RATE_LIMITED');
    if (id !== undefined || count === 1) connection.sendFrame(errorFrame(id, error));
    if (count >= rate.closeAfter) {
      rate.rejections.end('closing the connection with 1008');
      const { closeCode, reason } = closeOf('HALYARD_ERR_WS_RATE_LIMITED');
      connection.close(closeCode, reason);
    }
  }
}
