import type { FastifyInstance } from 'fastify';
// Types only (erased from the build): the checker is `@halyard/client/contract`, an optional peer
// dependency loaded on first use, so `@halyard/core/testing` works without it until `contract` is on.
import type { ChannelContract, ContractChecker, ContractViolation } from '@halyard/client/contract';
import { HalyardError } from '../errors.js';

type ClientContract = typeof import('@halyard/client/contract');

/** One compile per document: every socket of a test file shares it. */
const checkers = new WeakMap<object, Promise<ContractChecker>>();
let clientContract: Promise<ClientContract> | undefined;

/** Node's codes for a package that is not installed, or too old to export `./contract`. */
const missingCodes = new Set(['ERR_MODULE_NOT_FOUND', 'ERR_PACKAGE_PATH_NOT_EXPORTED']);

async function importClientContract(): Promise<ClientContract> {
  try {
    return await import('@halyard/client/contract');
  } catch (error) {
    const { code, message } = error as NodeJS.ErrnoException;
    // Only the package itself missing is the user's to fix; a fault inside it is rethrown as is.
    if (code === undefined || !missingCodes.has(code) || !message.includes('@halyard/client')) throw error;
    throw new HalyardError('HALYARD_ERR_TESTING_CLIENT_MISSING', { cause: message }, { cause: error });
  }
}

/** `@halyard/client/contract`, imported once; a failed import is retried on the next call. */
function loadClientContract(): Promise<ClientContract> {
  clientContract ??= importClientContract().catch((error: unknown) => {
    clientContract = undefined;
    throw error;
  });
  return clientContract;
}

/**
 * What a `TestSocket` with `contract` on records: the violations of its frames, and which of them
 * the test has allowed (`offContract`). A violation not allowed fails the next wait on the socket.
 */
export class FrameContract {
  readonly violations: ContractViolation[] = [];
  #failing: ContractViolation[] = [];
  #allowSent = 0;

  constructor(
    private readonly channel: ChannelContract,
    private readonly ViolationError: ClientContract['ContractViolationError'],
  ) {}

  sent(frame: unknown): void {
    const violation = this.channel.sent(frame);
    if (violation) this.record(violation, this.#allowSent > 0);
  }

  /** Raw text is checked when it is JSON; anything else is deliberately malformed input. */
  sentRaw(data: string | Buffer): void {
    if (typeof data !== 'string' || this.#allowSent > 0) return;
    let frame: unknown;
    try {
      frame = JSON.parse(data);
    } catch (error) {
      if (!(error instanceof SyntaxError)) throw error;
      return; // malformed JSON on purpose: the server's error frame is what gets checked
    }
    this.sent(frame);
  }

  received(frame: unknown): void {
    const violation = this.channel.receivedFrame(frame);
    if (violation) this.record(violation, false);
  }

  async allowingSent<T>(send: () => T | Promise<T>): Promise<T> {
    this.#allowSent += 1;
    let pending: T | Promise<T>;
    try {
      pending = send(); // frames are sent synchronously, before the reply is awaited
    } finally {
      this.#allowSent -= 1;
    }
    return pending;
  }

  throwIfViolated(): void {
    if (this.#failing.length === 0) return;
    const failing = this.#failing;
    this.#failing = [];
    throw new this.ViolationError(failing);
  }

  private record(violation: ContractViolation, allowed: boolean): void {
    this.violations.push(violation);
    if (!allowed) this.#failing.push(violation);
  }
}

/** The contract of the channel `path` belongs to, from the app's document or the one given. */
export async function contractFor(
  app: FastifyInstance,
  path: string,
  contract: true | object,
): Promise<FrameContract> {
  const { ContractChecker, ContractViolationError } = await loadClientContract();
  const document = contract === true ? (app.halyard.asyncapi as object) : contract;
  let checker = checkers.get(document);
  if (!checker) {
    checker = ContractChecker.create(document);
    checkers.set(document, checker);
  }
  const channel = (await checker).forPath(path);
  if (!channel)
    throw new Error(`contract: no channel of the AsyncAPI document has an address matching ${path}`);
  return new FrameContract(channel, ContractViolationError);
}
