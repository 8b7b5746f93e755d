import type { FastifyInstance } from 'fastify';
import type { Test } from 'tap';
import { createApp, type CreateAppOptions } from '../../src/index.js';

/** One parsed pino line. */
export type LogLine = Record<string, unknown>;

/** pino's numeric level of `error`: a line at this level or above is the server's own fault, never a client's. */
export const errorLevel = 50;

/** The lines logged at error level or above. */
export function errorLines(lines: readonly LogLine[]): LogLine[] {
  return lines.filter((line) => (line['level'] as number) >= errorLevel);
}

/** A pino destination that keeps every line it is given, parsed, in `lines`. */
export function logLines(): { lines: LogLine[]; stream: { write: (line: string) => void } } {
  const lines: LogLine[] = [];
  return { lines, stream: { write: (line: string) => void lines.push(JSON.parse(line) as LogLine) } };
}

/**
 * `createApp(options)` logging at info into `lines` (the other `fastify` options are kept), closed
 * when the test ends: for tests that assert what the server logged.
 */
export async function createLoggedApp(
  t: Test,
  options: CreateAppOptions,
): Promise<{ app: FastifyInstance; lines: LogLine[] }> {
  const { lines, stream } = logLines();
  const app = await createApp({
    ...options,
    fastify: { ...options.fastify, logger: { level: 'info', stream } },
  });
  t.teardown(() => app.close());
  return { app, lines };
}

/** `createApp(options)` without a logger (the other `fastify` options are kept), closed when the test ends. */
export async function createQuietApp(t: Test, options: CreateAppOptions): Promise<FastifyInstance> {
  const app = await createApp({ ...options, fastify: { ...options.fastify, logger: false } });
  t.teardown(() => app.close());
  return app;
}
