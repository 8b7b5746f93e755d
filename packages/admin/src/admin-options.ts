import type { FastifyRequest } from 'fastify';
import { AdminError } from './errors.js';

/** Decides whether a request may use the admin page, its API and its live feed. */
export type AdminGuard = (request: FastifyRequest) => boolean | Promise<boolean>;

export interface AdminPanelOptions {
  /** Where the page lives; the API is under `{prefix}/api/`, the live feed at `{prefix}/live`. Default `/admin`. */
  readonly prefix?: string;
  /**
   * The shared secret: requests carry `Authorization: Bearer <token>`, or the cookie the page's login
   * form sets (never `?token=`: URLs are logged). Required unless `guard` is given; with both, both
   * must pass.
   */
  readonly token?: string;
  /** Your own check (an IP allow-list, a session lookup); `false` answers 401. */
  readonly guard?: AdminGuard;
  /** Recent frames the live feed keeps and replays to a page that opens, and the page shows. Default 200. */
  readonly trafficBuffer?: number;
  /** How often the live feed sends stats, connections and rooms. Default 1000 ms. */
  readonly snapshotIntervalMs?: number;
  /**
   * Handler-duration percentiles per route and message type (`GET {prefix}/api/latency`, the page's
   * Latency table). Measured from boot, so it observes every message; `false` turns it off.
   * Default `true`.
   */
  readonly latency?: boolean;
}

export interface ResolvedAdminOptions {
  readonly prefix: string;
  readonly token: string | undefined;
  readonly guard: AdminGuard | undefined;
  readonly trafficBuffer: number;
  readonly snapshotIntervalMs: number;
  readonly latency: boolean;
}

function invalid(detail: string): AdminError {
  return new AdminError('HALYARD_ERR_ADMIN_OPTIONS_INVALID', { detail });
}

function integerIn(name: string, value: unknown, { min, max }: { min: number; max: number }): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max)
    throw invalid(`${name} must be an integer from ${min} to ${max} (got ${String(value)})`);
  return value;
}

function resolvePrefix(value: unknown): string {
  if (typeof value !== 'string') throw invalid(`prefix must be a string like "/admin" (got ${typeof value})`);
  const prefix = value.replace(/\/+$/, '');
  if (!/^(\/[A-Za-z0-9._~-]+)+$/.test(prefix))
    throw invalid(
      `prefix must be a path like "/admin" or "/ops/admin": segments of letters, digits, ".", "_", "~", "-" (got "${value}")`,
    );
  return prefix;
}

/** Checks the options once, when `adminPanel()` is called, so a missing token fails at boot. */
export function resolveAdminOptions(options: AdminPanelOptions): ResolvedAdminOptions {
  if (typeof options !== 'object' || options === null)
    throw invalid('pass an options object, e.g. adminPanel({ token: process.env.ADMIN_TOKEN })');
  const { token, guard } = options;
  if (guard !== undefined && typeof guard !== 'function')
    throw invalid('guard must be a function (request) => boolean | Promise<boolean>');
  if (token === undefined && guard === undefined)
    throw invalid(
      'token is required unless guard is given; token is undefined (is the environment variable you read it from set?)',
    );
  if (token !== undefined && (typeof token !== 'string' || token.length === 0))
    throw invalid('token must be a non-empty string');
  const latency = options.latency ?? true;
  if (typeof latency !== 'boolean') throw invalid(`latency must be true or false (got ${typeof latency})`);
  return {
    prefix: resolvePrefix(options.prefix ?? '/admin'),
    token,
    guard,
    trafficBuffer: integerIn('trafficBuffer', options.trafficBuffer ?? 200, { min: 1, max: 10_000 }),
    snapshotIntervalMs: integerIn('snapshotIntervalMs', options.snapshotIntervalMs ?? 1_000, {
      min: 50,
      max: 60_000,
    }),
    latency,
  };
}
