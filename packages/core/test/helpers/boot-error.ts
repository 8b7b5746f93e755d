import type { Test } from 'tap';
import { createApp, HalyardError, type CreateAppOptions, type HalyardErrorCode } from '../../src/index.js';

/** The boot error a test expects: its code, and its message after the `<code>: ` prefix. */
export interface ExpectedBootError {
  readonly code: HalyardErrorCode;
  readonly message: string;
}

/**
 * Asserts `createApp(options)` (without a logger) fails at boot with a `HalyardError` of `code`
 * whose message is exactly `<code>: <message>`.
 */
export async function expectAppBootError(
  t: Test,
  options: CreateAppOptions,
  { code, message }: ExpectedBootError,
): Promise<void> {
  try {
    await createApp({ ...options, fastify: { logger: false } });
    t.fail(`expected ${code}`);
  } catch (error) {
    t.ok(error instanceof HalyardError, 'a HalyardError');
    t.equal((error as HalyardError).code, code);
    t.equal((error as HalyardError).message, `${code}: ${message}`);
  }
}

/** `expectAppBootError` for an app of only `controllers`. */
export async function expectBootError(
  t: Test,
  controllers: unknown[],
  expected: ExpectedBootError,
): Promise<void> {
  await expectAppBootError(t, { controllers: controllers as never }, expected);
}
