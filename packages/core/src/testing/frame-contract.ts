import type { FastifyInstance } from 'fastify';
import {
  ContractChecker,
  ContractViolationError,
  type ChannelContract,
  type ContractViolation,
} from './contract-checker.js';

/** One compile per document: every socket of a test file shares it. */
const checkers = new WeakMap<object, Promise<ContractChecker>>();

/**
 * What a `TestSocket` with `contract` on records: the violations of its frames, and which of them
 * the test has allowed (`offContract`). A violation not allowed fails the next wait on the socket.
 */
export class FrameContract {
  readonly violations: ContractViolation[] = [];
  #failing: ContractViolation[] = [];
  #allowSent = 0;

  constructor(private readonly channel: ChannelContract) {}

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
    throw new ContractViolationError(failing);
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
  const document = contract === true ? (app.halyard.asyncapi as object) : contract;
  let checker = checkers.get(document);
  if (!checker) {
    checker = ContractChecker.create(document);
    checkers.set(document, checker);
  }
  const channel = (await checker).forPath(path);
  if (!channel)
    throw new Error(`contract: no channel of the AsyncAPI document has an address matching ${path}`);
  return new FrameContract(channel);
}
