import type { Test } from 'tap';
import { createApp, HalyardError, type HalyardErrorCode } from '../../src/index.js';

/**
 * Asserts `createApp({ controllers })` fails at boot with a `HalyardError` of `code` whose message
 * is exactly `<code>: <message>`.
 */
export async function expectBootError(
  t: Test,
  controllers: unknown[],
  { code, message }: { code: HalyardErrorCode; message: string },
): Promise<void> {
  try {
    await createApp({ controllers: controllers as never, fastify: { logger: false } });
    t.fail(`expected ${code}`);
  } catch (error) {
    t.ok(error instanceof HalyardError, 'a HalyardError');
    t.equal((error as HalyardError).code, code);
    t.equal((error as HalyardError).message, `${code}: ${message}`);
  }
}
