import type { FastifyBaseLogger } from 'fastify';
import type { RawData } from 'ws';
import { CloseCodes } from './close-codes.js';
import type { Connection } from './connection.js';
import type { Hub } from './hub.js';
import type { MessageDispatcher } from './message-dispatcher.js';
import { TokenBucket } from './rate-limiter.js';
import type { ResolvedLimits } from './socket-limits.js';
import { peekMessageId } from './message-id-peek.js';

/** Frames that may wait while `@OnConnect` runs; more closes the connection with 1008. */
export const connectBacklog = Object.freeze({ frames: 64, payloads: 4 });

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
  readonly #bucket: TokenBucket | undefined;
  #violations = 0;
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
  }) {
    this.#connection = options.connection;
    this.#limits = options.limits;
    this.#dispatcher = options.dispatcher;
    this.#hub = options.hub;
    this.#log = options.log;
    this.#ready = !options.waitForConnect;
    const rate = options.limits.rateLimit;
    this.#bucket = rate ? new TokenBucket(rate.perSecond, rate.burst) : undefined;
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
    if (this.#bucket && limits.rateLimit) {
      const retryAfterMs = this.#bucket.take();
      if (retryAfterMs > 0) {
        this.#violations++;
        this.#dispatcher.sendError(
          connection,
          isBinary ? undefined : peekMessageId(buffer),
          'HALYARD_ERR_WS_RATE_LIMITED',
          `Rate limit exceeded; retry after ${retryAfterMs} ms`,
          { retryAfterMs },
        );
        if (this.#violations >= limits.rateLimit.closeAfter)
          connection.close(CloseCodes.POLICY_VIOLATION, 'Rate limit exceeded');
        return undefined;
      }
      this.#violations = 0;
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
}
