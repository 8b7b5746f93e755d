/**
 * What every fuzz suite watches while it runs: the process (unhandled rejections, uncaught
 * exceptions), the event loop (the longest stall) and a bystander connection that keeps asking
 * for `$ping` and an echo. The settings (runs, seed) come from the environment like the
 * differential suite's.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import fc from 'fast-check';
import type { Test } from 'tap';
import { connectSocket, emptyRuntime, whenRuntimeIdle, type TestSocket } from '../../src/testing/index.js';
import { createFuzzApp, type FuzzApp } from './fuzz-app.js';
import { errorLines, type LogLine } from '../helpers/logged-app.js';

export const fuzzRuns = (fallback: number): number => Number(process.env['HALYARD_FUZZ_RUNS'] ?? fallback);
// Chosen here rather than by fast-check so that a passing run can be replayed too.
export const fuzzSeed = Number(process.env['HALYARD_FUZZ_SEED'] ?? Math.floor(Math.random() * 2 ** 31));

/**
 * The longest the event loop may be blocked by one request. One hostile request costs the server
 * a few milliseconds; the bound is generous because the client, fast-check and the server share
 * one process on a 2-core CI machine that runs other suites at the same time, and a garbage
 * collection of a few hundred MB or a scheduler hiccup shows up as a stall too. What it catches is
 * the class of bug it was made for: issue 11's quadratic fallback blocked for ~3 s.
 */
export const maxLoopStallMs = Number(process.env['HALYARD_FUZZ_MAX_STALL_MS'] ?? 250);

/**
 * Runs `work` and returns the longest event-loop stall it caused, in ms. A stall above the bound
 * is checked once more on the same input after a quiet moment, and the smaller of the two counts:
 * a request that blocks the loop does so every time, a busy machine's hiccup does not.
 */
export async function stallOf(loop: LoopWatch, work: () => Promise<void>): Promise<number> {
  loop.takeMaxMs();
  await work();
  const first = loop.takeMaxMs();
  if (first <= maxLoopStallMs) return first;
  await new Promise((resolve) => setTimeout(resolve, 100));
  loop.takeMaxMs();
  await work();
  return Math.min(first, loop.takeMaxMs());
}

/** Collects process-level failures for the duration of a suite. */
export class ProcessWatch {
  readonly failures: string[] = [];
  readonly #onRejection = (reason: unknown): void => {
    this.failures.push(`unhandledRejection: ${describe(reason)}`);
  };
  readonly #onException = (error: unknown): void => {
    this.failures.push(`uncaughtException: ${describe(error)}`);
  };

  start(): this {
    process.on('unhandledRejection', this.#onRejection);
    process.on('uncaughtException', this.#onException);
    return this;
  }

  stop(): void {
    process.off('unhandledRejection', this.#onRejection);
    process.off('uncaughtException', this.#onException);
  }
}

function describe(value: unknown): string {
  return value instanceof Error ? (value.stack ?? value.message) : String(value);
}

/** The event loop's longest stall (ms) while the suite ran. */
export class LoopWatch {
  readonly #histogram = monitorEventLoopDelay({ resolution: 5 });

  start(): this {
    this.#histogram.enable();
    return this;
  }

  /** The longest delay seen so far, in ms, then starts a fresh measurement. */
  takeMaxMs(): number {
    const max = this.#histogram.max / 1e6;
    this.#histogram.reset();
    return max;
  }

  stop(): void {
    this.#histogram.disable();
  }
}

/**
 * A well-behaved client on its own socket: every `intervalMs` a `$ping` and an `echo` request;
 * records how long each took and which never came back.
 */
export class Bystander {
  readonly latenciesMs: number[] = [];
  readonly failures: string[] = [];
  #socket?: TestSocket;
  #timer?: NodeJS.Timeout;
  #inFlight = 0;
  #sent = 0;

  async start(app: FuzzApp, intervalMs = 40): Promise<this> {
    const socket = await connectSocket(app, '/fuzz/bystander');
    this.#socket = socket;
    this.#timer = setInterval(() => void this.#probe(socket), intervalMs);
    return this;
  }

  get served(): number {
    return this.latenciesMs.length;
  }

  async #probe(socket: TestSocket): Promise<void> {
    if (this.#inFlight > 0) return;
    this.#inFlight++;
    const started = performance.now();
    const n = ++this.#sent;
    try {
      socket.send('$ping', undefined, `b${n}`);
      await socket.next((frame) => frame.type === '$pong' && frame.id === `b${n}`, 2_000);
      const echo = await socket.request('echo', { text: `bystander ${n}` }, 2_000);
      if (echo.type !== 'reply') this.failures.push(`echo ${n} answered ${JSON.stringify(echo)}`);
      this.latenciesMs.push(performance.now() - started);
    } catch (error) {
      this.failures.push(`probe ${n}: ${(error as Error).message.slice(0, 300)}`);
    } finally {
      this.#inFlight--;
    }
  }

  /** Waits for the probe in flight, then closes the socket. */
  async stop(): Promise<void> {
    clearInterval(this.#timer);
    while (this.#inFlight > 0) await new Promise((resolve) => setTimeout(resolve, 10));
    await this.#socket?.close();
  }
}

/** What `whenRuntimeIdle` reports for the fuzz app once every socket closed: the memory adapter, one heartbeat timer. */
export const idleRuntime = { ...emptyRuntime, adapter: { rooms: 0, members: 0 }, heartbeatTimers: 1 };

/**
 * Runs one fuzz input through `stallOf` and returns its stall; throws (failing the property) when
 * the run blocked the event loop above the bound or logged at error level.
 */
export async function boundedRun(
  watch: { readonly loop: LoopWatch; readonly logs: LogLine[] },
  work: () => Promise<void>,
): Promise<number> {
  const logsBefore = watch.logs.length;
  const stallMs = await stallOf(watch.loop, work);
  if (stallMs > maxLoopStallMs)
    throw new Error(`event loop blocked ${stallMs.toFixed(0)} ms twice (bound ${maxLoopStallMs})`);
  const errors = errorLines(watch.logs.slice(logsBefore));
  if (errors.length > 0) throw new Error(`error-level log: ${JSON.stringify(errors[0]).slice(0, 600)}`);
  return stallMs;
}

/** Fails the test with the seed to replay when the property failed, passes with `summary` otherwise. */
export function reportCheck<Ts>(t: Test, details: fc.RunDetails<Ts>, summary: string): void {
  if (details.failed)
    t.fail(
      `fuzz failure; replay: HALYARD_FUZZ_SEED=${fuzzSeed} (path ${details.counterexamplePath ?? '?'})\n` +
        `${String(details.errorInstance)}\n${fc.defaultReportMessage(details)}`,
    );
  else t.pass(summary);
}

/** The suite-wide invariants once the runs are over: nothing failed, the bystander was served, the runtime is idle. */
export async function assertSuiteClean(
  t: Test,
  suite: {
    readonly app: FuzzApp;
    readonly logs: LogLine[];
    readonly watch: ProcessWatch;
    readonly bystander: Bystander;
  },
): Promise<void> {
  await suite.bystander.stop();
  t.strictSame(suite.watch.failures, [], 'no unhandled rejection or uncaught exception');
  t.strictSame(suite.bystander.failures, [], 'the bystander got every $pong and reply');
  t.ok(suite.bystander.served > 0, `the bystander was served ${suite.bystander.served} times`);
  t.strictSame(errorLines(suite.logs), [], 'no error-level log line');
  t.strictSame(await whenRuntimeIdle(suite.app), idleRuntime, 'the runtime is idle');
}

/** A running fuzz suite: the app under attack and everything that watches it. */
export interface FuzzSuite {
  readonly app: FuzzApp;
  readonly logs: LogLine[];
  readonly port: number;
  readonly watch: ProcessWatch;
  readonly bystander: Bystander;
  readonly loop: LoopWatch;
}

/** Starts the fuzz app, the process and loop watches and the bystander; all stop when the test ends. */
export async function startFuzzSuite(t: Test): Promise<FuzzSuite> {
  const { app, logs, port } = await createFuzzApp();
  t.teardown(() => app.close());
  const watch = new ProcessWatch().start();
  t.teardown(() => watch.stop());
  const bystander = await new Bystander().start(app);
  const loop = new LoopWatch().start();
  t.teardown(() => loop.stop());
  return { app, logs, port, watch, bystander, loop };
}

/** One fuzz suite's attack: what each generated input does to the app, and what the totals say. */
export interface FuzzAttack<Input> {
  readonly runs: number;
  readonly input: fc.Arbitrary<Input>;
  /** Sends one input; throws (failing the property) when an answer breaks the suite's invariant. */
  readonly attack: (suite: FuzzSuite, input: Input) => Promise<void>;
  /** What was sent in all, e.g. `120 requests`. */
  readonly sent: () => string;
  /** More to say in the closing comment, after the bystander's figures. */
  readonly more?: () => string;
}

/**
 * Starts a fuzz suite, runs `attack` on `runs` generated inputs (each through `boundedRun`), reports
 * the property with the seed to replay, asserts the suite-wide invariants and comments the totals.
 */
export async function runFuzzSuite<Input>(t: Test, fuzz: FuzzAttack<Input>): Promise<void> {
  const suite = await startFuzzSuite(t);
  const started = performance.now();
  let worstStallMs = 0;
  const property = fc.asyncProperty(fuzz.input, async (input) => {
    worstStallMs = Math.max(worstStallMs, await boundedRun(suite, () => fuzz.attack(suite, input)));
  });
  const details = await fc.check(property, { numRuns: fuzz.runs, seed: fuzzSeed, endOnFailure: false });
  reportCheck(t, details, `${fuzz.runs} runs, ${fuzz.sent()}, seed ${fuzzSeed}`);

  await assertSuiteClean(t, suite);
  const { bystander } = suite;
  t.comment(
    `seed ${fuzzSeed}: ${fuzz.runs} runs, ${fuzz.sent()} in ${((performance.now() - started) / 1000).toFixed(1)} s; ` +
      `worst event-loop stall ${worstStallMs.toFixed(0)} ms; bystander served ${bystander.served} times, ` +
      `slowest ${Math.max(...bystander.latenciesMs).toFixed(0)} ms${fuzz.more?.() ?? ''}`,
  );
}
