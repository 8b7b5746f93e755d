import type { FastifyBaseLogger } from 'fastify';
import type { RawData } from 'ws';
import { CloseCodes } from './close-codes.js';
import type { Connection } from './connection.js';
import type { Hub } from './hub.js';
import type { MessageDispatcher } from './message-dispatcher.js';
import { peekMessageId } from './message-id-peek.js';
import { TokenBucket } from './rate-limiter.js';
import { RejectionBurst, type BurstGauge } from './rejection-burst.js';
import type { ResolvedLimits } from './socket-limits.js';
import { errorFrame } from './wire-protocol.js';

/** Frames that may wait while `@OnConnect` runs; more closes the connection with 1008. */
export const connectBacklog = Object.freeze({ frames: 64, payloads: 4 });

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
  readonly #limits: ResolvedLimits;
  readonly #dispatcher: MessageDispatcher;
  readonly #hub: Hub;
  readonly #log: FastifyBaseLogger;
  readonly #rate: RateGate | undefined;
  #ready = false;
  #backlog: string[] = [];
  #backlogBytes = 0;

  constructor(options: {
    connection: Connection;
    limits: ResolvedLimits;
    dispatcher: MessageDispatcher;
    hub: Hub;
    log: FastifyBaseLogger;
    /** False when the route has no `@OnConnect`: frames are dispatched at once. */
    waitForConnect: boolean;
    bursts: BurstGauge;
  }) {
    this.#connection = options.connection;
    this.#limits = options.limits;
    this.#dispatcher = options.dispatcher;
    this.#hub = options.hub;
    this.#log = options.log;
    this.#ready = !options.waitForConnect;
    const rate = options.limits.rateLimit;
    this.#rate = rate
      ? {
          bucket: new TokenBucket(rate.perSecond, rate.burst),
          closeAfter: rate.closeAfter,
          rejections: new RejectionBurst({
            code: 'HALYARD_ERR_WS_RATE_LIMITED',
            windowMs: rate.windowMs,
            log: options.log,
            fields: { connection: options.connection.id, route: options.connection.route },
            gauge: options.bursts,
          }),
        }
      : undefined;
  }

  /** The socket closed: ends an open burst of rejections (its total is logged). */
  closed(): void {
    this.#rate?.rejections.end();
  }

  receive(data: RawData, isBinary: boolean): void {
    const connection = this.#connection;
    // Any frame proves the peer is alive, so a busy browser (which cannot answer pings itself
    // when the tab sleeps) is not terminated by the heartbeat while it is talking.
    connection.awaitingPong = false;
    const buffer = asBuffer(data);
    this.#hub.countIn(connection, buffer, buffer.length);
    // Frames still arriving after we started closing (policy, backlog) are counted, not answered.
    if (!connection.isOpen) return;
    const text = this.#admit(buffer, isBinary);
    if (text === undefined) return;
    if (this.#ready) {
      this.#dispatcher.dispatch(connection, text);
      return;
    }
    this.#backlogBytes += buffer.length;
    if (
      this.#backlog.length >= connectBacklog.frames ||
      this.#backlogBytes > connectBacklog.payloads * this.#limits.maxPayload
    ) {
      this.#hub.countError(connection, 'HALYARD_ERR_WS_CONNECT_BACKLOG');
      this.#log.info(
        {
          code: 'HALYARD_ERR_WS_CONNECT_BACKLOG',
          connection: connection.id,
          frames: this.#backlog.length + 1,
          bytes: this.#backlogBytes,
        },
        'too many frames while @OnConnect ran; closing with 1008',
      );
      this.#backlog = [];
      connection.close(CloseCodes.POLICY_VIOLATION, 'Too many messages before the connection was ready');
      return;
    }
    this.#backlog.push(text);
  }

  /** `@OnConnect` finished: dispatch what waited, in order (or log what is discarded if it refused). */
  opened(open: boolean): void {
    this.#ready = true;
    const waiting = this.#backlog;
    this.#backlog = [];
    if (!open) {
      if (waiting.length > 0)
        this.#log.info(
          { connection: this.#connection.id, discarded: waiting.length },
          `discarded ${waiting.length} frame(s) sent while @OnConnect ran: the connection was refused`,
        );
      return;
    }
    for (const text of waiting) this.#dispatcher.dispatch(this.#connection, text);
  }

  /** Size, rate and kind; returns the text to dispatch, or `undefined` when the frame was answered. */
  #admit(buffer: Buffer, isBinary: boolean): string | undefined {
    const connection = this.#connection;
    const limits = this.#limits;
    const bytes = buffer.length;
    if (bytes > limits.maxPayload) {
      this.#dispatcher.sendError(
        connection,
        undefined,
        'HALYARD_ERR_PAYLOAD_TOO_LARGE',
        `Payload exceeds ${limits.maxPayload} bytes`,
      );
      connection.close(CloseCodes.MESSAGE_TOO_BIG, 'Message too big');
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
      this.#dispatcher.sendError(
        connection,
        undefined,
        'HALYARD_ERR_WS_BINARY_UNSUPPORTED',
        'Binary frames are not accepted; send JSON text frames',
      );
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
    const message = `Rate limit exceeded; retry after ${retryAfterMs} ms`;
    const details = { retryAfterMs };
    const count = rate.rejections.note(Date.now(), message, {
      ...(id !== undefined && { messageId: id }),
      details,
    });
    this.#hub.countError(connection, 'HALYARD_ERR_WS_RATE_LIMITED');
    if (id !== undefined || count === 1)
      connection.sendFrame(errorFrame(id, { code: 'HALYARD_ERR_WS_RATE_LIMITED', message, details }));
    if (count >= rate.closeAfter) {
      rate.rejections.end('closing the connection with 1008');
      connection.close(CloseCodes.POLICY_VIOLATION, 'Rate limit exceeded');
    }
  }
}
