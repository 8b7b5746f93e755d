/**
 * `@halyard/client/contract`: development-mode checking of a client's traffic against the app's
 * AsyncAPI document. A separate entry, so the default bundle carries neither the checker nor ajv.
 */
import type { FrameObserver } from '../client-options.js';
import { clientError, type HalyardClientError } from '../errors.js';
import { ContractChecker, type ContractViolation } from './contract-checker.js';

export {
  ContractChecker,
  ContractViolationError,
  type ChannelContract,
  type ContractViolation,
  type ContractViolationKind,
} from './contract-checker.js';

/** Options of `withContract(document, options)`. */
export interface WithContractOptions {
  /** The URL path the client connects to (query ignored): it picks the document's channel. */
  readonly path: string;
  /** Called for each violation, besides the `onError` report. Default: none. */
  readonly onViolation?: (violation: ContractViolation) => void;
}

/** What `withContract` gives: the `onFrame` option for `connect`, and the violations so far. */
export interface ClientContract {
  /** Pass it as `connect(url, { onFrame })`. */
  readonly onFrame: FrameObserver;
  /** Every violation seen, in order: a test asserts it is empty. */
  readonly violations: readonly ContractViolation[];
}

/** At most this many violations are kept in `violations`; later ones are still reported. */
const maxKept = 1_000;

function reportOf(violation: ContractViolation): HalyardClientError {
  return clientError(
    'HALYARD_ERR_CLIENT_CONTRACT',
    {
      detail: `${violation.kind} (${violation.direction} on ${violation.channel}) at ${violation.schemaPath}: ${violation.difference}`,
    },
    { details: violation },
  );
}

/**
 * Checks every frame the client sends and receives against an AsyncAPI 3 document: a violation
 * (unknown message, payload not matching its schema, undocumented reply, undeclared push) is
 * reported on `onError` as `HALYARD_ERR_CLIENT_CONTRACT`, the violation as its `details`. The
 * frame still goes out or is still handled: checking observes, it does not change the traffic.
 * Needs `ajv` and `ajv-formats` (optional peer dependencies). For development and tests.
 *
 * @example
 * ```ts
 * import { connect } from '@halyard/client';
 * import { withContract } from '@halyard/client/contract';
 * const document = await (await fetch('/asyncapi.json')).json();
 * const contract = await withContract(document, { path: '/ws/rooms/general' });
 * const chat = connect('/ws/rooms/general', { onFrame: contract.onFrame });
 * chat.onError((error) => console.warn(error.code, error.message, error.details));
 * ```
 */
export async function withContract(document: object, options: WithContractOptions): Promise<ClientContract> {
  const channel = (await ContractChecker.create(document)).forPath(options.path);
  if (channel === undefined)
    throw clientError(
      'HALYARD_ERR_CLIENT_CONTRACT',
      { detail: `No channel of the AsyncAPI document has an address matching ${options.path}` },
      { details: { path: options.path } },
    );
  const violations: ContractViolation[] = [];
  const onFrame: FrameObserver = (direction, text, report) => {
    let frame: unknown;
    try {
      frame = JSON.parse(text);
    } catch (error) {
      if (!(error instanceof SyntaxError)) throw error;
      return; // not JSON: the client reports a bad server frame itself, and sends only JSON
    }
    const violation = direction === 'sent' ? channel.sent(frame) : channel.receivedFrame(frame);
    if (violation === undefined) return;
    if (violations.length < maxKept) violations.push(violation);
    options.onViolation?.(violation);
    report(reportOf(violation));
  };
  return { onFrame, violations };
}
