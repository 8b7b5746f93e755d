import 'reflect-metadata';
import { createApp, type CreateAppOptions } from '@halyard/core';
import type { FastifyInstance } from 'fastify';
import { appOptions } from './app-options.js';

/** Builds the app: `main.ts` listens, tests `inject()` requests and connect sockets. */
export function buildApp(overrides: Partial<CreateAppOptions> = {}): Promise<FastifyInstance> {
  return createApp({ ...appOptions, ...overrides });
}
