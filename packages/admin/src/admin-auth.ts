import { createHash, timingSafeEqual } from 'node:crypto';
import { httpErrorFromTable, UnauthorizedError, type HttpError } from '@halyard/core';
import type { FastifyRequest } from 'fastify';
import type { AdminGuard } from './admin-options.js';
import { adminErrorTable } from './errors.js';
import { foreignSource, ownOrigin } from './request-origin.js';

/**
 * The login form's cookie. Not plain `token`: an app may well have a cookie of that name at `/`,
 * and the browser would send both to the admin paths.
 */
export const adminCookieName = 'halyard_admin_token';
const cookieMaxAgeSeconds = 12 * 60 * 60;

type CredentialSource = 'header' | 'cookie';
interface Credential {
  readonly value: string;
  readonly source: CredentialSource;
}

/** Why a request was refused: the page answers a browser's `missing` or `wrong` with the login form. */
export type AuthFailure = 'missing' | 'wrong' | 'origin' | 'guard';

export type AuthOutcome =
  { readonly ok: true } | { readonly ok: false; readonly reason: AuthFailure; readonly error: HttpError };

function sha256(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const separator = part.indexOf('=');
    if (separator === -1 || part.slice(0, separator).trim() !== name) continue;
    try {
      return decodeURIComponent(part.slice(separator + 1).trim());
    } catch {
      return undefined; // a malformed escape counts as no cookie, so the answer is "token required"
    }
  }
  return undefined;
}

/**
 * The first credential the request carries: the header wins over the cookie. A `?token=` is not
 * read: a URL ends up in request logs, proxy logs, browser history and `Referer` headers.
 */
function presented(request: FastifyRequest): Credential | undefined {
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '');
  if (bearer?.[1]) return { value: bearer[1], source: 'header' };
  const cookie = readCookie(request.headers.cookie, adminCookieName);
  if (cookie) return { value: cookie, source: 'cookie' };
  return undefined;
}

/** Checks the admin token (in constant time) and the custom guard for every admin request. */
export class AdminAuth {
  readonly #tokenDigest: Buffer | undefined;
  readonly #guard: AdminGuard | undefined;

  constructor(options: { readonly token: string | undefined; readonly guard: AdminGuard | undefined }) {
    this.#tokenDigest = options.token === undefined ? undefined : sha256(options.token);
    this.#guard = options.guard;
  }

  get usesToken(): boolean {
    return this.#tokenDigest !== undefined;
  }

  /** Compares digests so neither the length nor the content of the token leaks through timing. */
  matches(candidate: string): boolean {
    return this.#tokenDigest !== undefined && timingSafeEqual(sha256(candidate), this.#tokenDigest);
  }

  async check(request: FastifyRequest): Promise<AuthOutcome> {
    if (this.#tokenDigest !== undefined) {
      const credential = presented(request);
      if (!credential)
        return {
          ok: false,
          reason: 'missing',
          error: new UnauthorizedError(
            'Admin token required: send "Authorization: Bearer <token>" or log in on the admin page',
          ),
        };
      if (!this.matches(credential.value))
        return { ok: false, reason: 'wrong', error: new UnauthorizedError('Admin token is not valid') };
      // The browser sends the cookie on its own, so a request carrying it must come from the
      // admin's origin: a page elsewhere cannot borrow it (a form post, a WebSocket).
      const origin = credential.source === 'cookie' ? foreignSource(request) : undefined;
      if (origin !== undefined)
        return {
          ok: false,
          reason: 'origin',
          error: httpErrorFromTable(adminErrorTable, 'HALYARD_ERR_ADMIN_ORIGIN_REJECTED', {
            origin,
            expected: ownOrigin(request),
          }),
        };
    }
    if (this.#guard && !(await this.#guard(request)))
      return { ok: false, reason: 'guard', error: new UnauthorizedError('Admin access denied') };
    return { ok: true };
  }
}

export function loginCookie(token: string, options: { path: string; secure: boolean }): string {
  return [
    `${adminCookieName}=${encodeURIComponent(token)}`,
    `Path=${options.path}`,
    `Max-Age=${cookieMaxAgeSeconds}`,
    'HttpOnly',
    'SameSite=Strict',
    ...(options.secure ? ['Secure'] : []),
  ].join('; ');
}

export function logoutCookie(path: string): string {
  return `${adminCookieName}=; Path=${path}; Max-Age=0; HttpOnly; SameSite=Strict`;
}
