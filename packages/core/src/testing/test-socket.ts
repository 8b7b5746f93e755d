import type { FastifyInstance } from 'fastify';
import WebSocket from 'ws';
import { contractFor, type FrameContract } from './frame-contract.js';
import type { ContractViolation } from '@halyard/client/contract';

/** A frame the server sent, parsed. */
export interface Frame {
  readonly type: string;
  readonly id?: string | number;
  readonly to?: string;
  readonly data?: unknown;
  /** On a push to a stream room (`websocket.streams`): the room and the push's position. */
  readonly room?: string;
  readonly pos?: { readonly offset: number; readonly epoch: string };
  readonly error?: {
    readonly code: string;
    readonly message: string;
    readonly details?: unknown;
    readonly errorsOmitted?: number;
  };
}

export interface ConnectOptions {
  readonly headers?: Record<string, string>;
  readonly query?: Record<string, string>;
  /** Sent as the `Origin` header. */
  readonly origin?: string;
  /** Do not answer pings (to test the heartbeat). */
  readonly ignorePings?: boolean;
  readonly timeoutMs?: number;
  /**
   * Check every frame sent and received against the app's AsyncAPI document (`true`), or against
   * the given document. A violation makes the next `next`/`request`/`close` reject with a
   * `ContractViolationError` naming the frame, the schema path and the difference. Needs `ajv`
   * and `ajv-formats`. See docs/contract-testing.md.
   */
  readonly contract?: boolean | object;
}

async function baseUrl(app: FastifyInstance): Promise<string> {
  if (!app.server.listening) await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('the app is not listening on a TCP port');
  return `ws://127.0.0.1:${address.port}`;
}

function url(base: string, path: string, query?: Record<string, string>): string {
  const search = query ? `?${new URLSearchParams(query).toString()}` : '';
  return `${base}${path}${search}`;
}

/**
 * A real `ws` client for tests: connects to the app (listening on an ephemeral port if needed),
 * records every frame, and lets a test await replies, pushes and the close.
 *
 * @example
 * ```ts
 * const socket = await connectSocket(app, '/ws/chat/general');
 * const reply = await socket.request('chat', { text: 'hi' });
 * t.equal(reply.type, 'reply');
 * await socket.close();
 * ```
 */
export class TestSocket {
  readonly frames: Frame[] = [];
  /** Frames that were not JSON, as text; any of them makes `next` / `request` reject. */
  readonly rawFrames: string[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  readonly #socket: WebSocket;
  readonly #consumed = new Set<Frame>();
  #waiters: Array<() => void> = [];
  #nextId = 1;
  readonly #contract: FrameContract | undefined;

  constructor(socket: WebSocket, contract?: FrameContract) {
    this.#socket = socket;
    this.#contract = contract;
    this.closed = new Promise((resolve) =>
      socket.once('close', (code, reason) => resolve({ code, reason: reason.toString('utf8') })),
    );
    socket.on('message', (data) => {
      const text = String(data);
      try {
        const frame = JSON.parse(text) as Frame;
        this.#contract?.received(frame);
        this.frames.push(frame);
      } catch (error) {
        // A protocol bug on the server: keep the text and fail the waiting test with it, instead of
        // an exception thrown from the ws event that would crash the test process.
        if (!(error instanceof SyntaxError)) throw error;
        this.rawFrames.push(text);
      }
      const waiters = this.#waiters;
      this.#waiters = [];
      for (const wake of waiters) wake();
    });
    socket.on('close', () => {
      for (const wake of this.#waiters.splice(0)) wake();
    });
  }

  /** Every contract violation so far (with `contract` on), those taken by `offContract` included. */
  get violations(): readonly ContractViolation[] {
    return this.#contract?.violations ?? [];
  }

  /**
   * Runs `send` (which sends frames that break the contract on purpose, e.g. invalid data to test
   * a validation error) without failing on them; the server's answers are still checked.
   * Resolves with what `send` resolves with.
   */
  async offContract<T>(send: () => T | Promise<T>): Promise<T> {
    if (!this.#contract) return send();
    return this.#contract.allowingSent(send);
  }

  get raw(): WebSocket {
    return this.#socket;
  }

  get isOpen(): boolean {
    return this.#socket.readyState === WebSocket.OPEN;
  }

  /** Sends `{ type, id?, data }`. */
  send(type: string | undefined, data?: unknown, id?: string | number): void {
    const frame = {
      ...(type !== undefined && { type }),
      ...(id !== undefined && { id }),
      ...(data !== undefined && { data }),
    };
    this.#contract?.sent(frame);
    this.#socket.send(JSON.stringify(frame));
  }

  /** Sends raw text or bytes, for malformed-input tests. */
  sendRaw(data: string | Buffer, options: { binary?: boolean } = {}): void {
    this.#contract?.sentRaw(data);
    this.#socket.send(data, { binary: options.binary ?? typeof data !== 'string' });
  }

  /** Sends a message with a fresh id and resolves with the reply or error frame carrying that id. */
  async request(type: string | undefined, data?: unknown, timeoutMs = 5_000): Promise<Frame> {
    const id = `t${this.#nextId++}`;
    this.send(type, data, id);
    return this.next(
      (frame) => frame.id === id && (frame.type === 'reply' || frame.type === 'error'),
      timeoutMs,
    );
  }

  /** Resolves with the first frame not yet taken that matches (all frames when no predicate). */
  async next(predicate: (frame: Frame) => boolean = () => true, timeoutMs = 5_000): Promise<Frame> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      this.#contract?.throwIfViolated();
      const raw = this.rawFrames[0];
      if (raw !== undefined) throw new Error(`server sent a frame that is not JSON: ${raw.slice(0, 200)}`);
      const found = this.frames.find((frame) => !this.#consumed.has(frame) && predicate(frame));
      if (found) {
        this.#consumed.add(found);
        return found;
      }
      if (!this.isOpen)
        throw new Error(
          `socket closed before a matching frame arrived; frames: ${JSON.stringify(this.frames)}`,
        );
      const left = deadline - Date.now();
      if (left <= 0)
        throw new Error(`no matching frame within ${timeoutMs} ms; frames: ${JSON.stringify(this.frames)}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.#waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** The next push of an event type. */
  nextPush(type: string, timeoutMs?: number): Promise<Frame> {
    return this.next((frame) => frame.type === type, timeoutMs);
  }

  /** Closes and resolves with the close code and reason. */
  async close(code = 1000, reason = ''): Promise<{ code: number; reason: string }> {
    if (this.#socket.readyState === WebSocket.OPEN || this.#socket.readyState === WebSocket.CONNECTING)
      this.#socket.close(code, reason);
    const closed = await this.closed;
    this.#contract?.throwIfViolated();
    return closed;
  }
}

/** Connects a `TestSocket`; rejects if the upgrade is refused (see `expectUpgradeRejected`). */
export async function connectSocket(
  app: FastifyInstance,
  path: string,
  options: ConnectOptions = {},
): Promise<TestSocket> {
  const contract = options.contract ? await contractFor(app, path, options.contract) : undefined;
  const socket = new WebSocket(url(await baseUrl(app), path, options.query), {
    headers: { ...options.headers, ...(options.origin !== undefined && { origin: options.origin }) },
    autoPong: !options.ignorePings,
  });
  const testSocket = new TestSocket(socket, contract);
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`no upgrade within ${options.timeoutMs ?? 5_000} ms`)),
      options.timeoutMs ?? 5_000,
    );
    socket.once('open', () => {
      clearTimeout(timer);
      resolve();
    });
    socket.once('unexpected-response', (_request, response) => {
      clearTimeout(timer);
      reject(new Error(`upgrade refused with HTTP ${response.statusCode}`));
    });
    socket.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
  return testSocket;
}

/** Attempts an upgrade that should be refused; resolves with the HTTP status and the problem body. */
export async function expectUpgradeRejected(
  app: FastifyInstance,
  path: string,
  options: ConnectOptions = {},
): Promise<{ status: number; body: Record<string, unknown> }> {
  const socket = new WebSocket(url(await baseUrl(app), path, options.query), {
    headers: { ...options.headers, ...(options.origin !== undefined && { origin: options.origin }) },
  });
  return new Promise((resolve, reject) => {
    socket.once('open', () => {
      socket.terminate();
      reject(new Error(`upgrade to ${path} was accepted`));
    });
    socket.once('error', (error) => reject(error));
    socket.once('unexpected-response', (_request, response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('end', () => {
        response.socket?.destroy();
        socket.terminate();
        let body: Record<string, unknown>;
        try {
          body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
        } catch (error) {
          // Not a problem+json answer (a proxy's page, say): hand the text back instead of crashing.
          body = { raw: text, parseError: (error as Error).message };
        }
        resolve({ status: response.statusCode ?? 0, body });
      });
    });
  });
}
