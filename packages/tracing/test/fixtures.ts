import 'reflect-metadata';
import { createApp, UnauthorizedError, type Class, type UpgradeGuardContext } from '@halyard/core';
import { trace } from '@opentelemetry/api';
import type { BasicTracerProvider, InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import type { FastifyInstance } from 'fastify';
import type { Test } from 'tap';
import { tracing } from '../src/index.js';
import { ChatSocket } from '../../integration/test/helpers/chat-socket.js';
import { NotesController } from '../../integration/test/helpers/notes-controller.js';
import { memoryTracing } from './otel-setup.js';

/** Reads `Authorization: Bearer <name>` after a lookup span of its own (as a database client's instrumentation makes one). */
export class TokenGuard {
  static security = { type: 'http', scheme: 'bearer' } as const;

  async canActivate(context: UpgradeGuardContext): Promise<boolean> {
    await trace.getTracer('token-store').startActiveSpan('lookup token', async (span) => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      span.end();
    });
    const name = context.request.headers.authorization?.replace('Bearer ', '');
    if (name === undefined) throw new UnauthorizedError('token required');
    if (name === 'crash') throw new Error('the token store is down');
    context.setIdentity({ name });
    return true;
  }
}

export class NotMalloryGuard {
  canActivate(context: UpgradeGuardContext): boolean {
    return (context.identity as { name: string }).name !== 'mallory';
  }
}

export interface TracedAppOptions {
  /** The app's controllers; ChatSocket and NotesController by default. */
  readonly controllers?: readonly Class[];
  /** Registers the provider globally too, as an app's SDK setup does (a guard's own spans use the global API). */
  readonly globalTracer?: boolean;
  /** Runs before the app is created, e.g. to attach an instrumentation to the provider. */
  readonly beforeCreate?: (provider: BasicTracerProvider) => void;
}

/** An app with the tracing extension whose spans land in memory; closed when the test ends. */
export async function tracedApp(
  t: Test,
  options: TracedAppOptions = {},
): Promise<{ app: FastifyInstance; exporter: InMemorySpanExporter; provider: BasicTracerProvider }> {
  const { provider, exporter } = memoryTracing();
  if (options.globalTracer === true) {
    trace.setGlobalTracerProvider(provider);
    t.teardown(() => trace.disable());
  }
  options.beforeCreate?.(provider);
  const app = await createApp({
    controllers: options.controllers ?? [ChatSocket, NotesController],
    fastify: { logger: false },
    extensions: [tracing({ tracerProvider: provider })],
  });
  t.teardown(() => app.close());
  return { app, exporter, provider };
}
