import { clientError, type HalyardClientError } from './errors.js';

/**
 * `connect(url, { auth })`: returns the credential (a token) for the next upgrade or `$auth`.
 * Called before every connection attempt and whenever the server warns that the identity expires.
 *
 * @example `connect(url, { auth: async () => (await (await fetch('/login/refresh')).json()).token })`
 */
export type AuthProvider = () => string | Promise<string>;

/** What a successful `reauthenticate()` resolves with: the new identity's expiry, as the server sent it. */
export interface AuthInfo {
  /** ISO time at which the server closes the socket unless it is re-authenticated, or `null`: no expiry. */
  readonly expiresAt: string | null;
}

/** The longest credential the server accepts in a `$auth` frame. */
const maxCredentialLength = 8_192;

/**
 * Where a re-authentication failed: `provider` (the `auth` function threw, or returned something
 * that is not a non-empty string of at most 8192 characters) or `server` (the server refused the
 * credential, or the socket closed before it answered).
 */
export type AuthFailureStage = 'provider' | 'server';

/** `HALYARD_ERR_CLIENT_AUTH_FAILED`, with `details: { stage, code?, reason? }` and the original as `cause`. */
export function authFailed(stage: AuthFailureStage, detail: string, cause?: unknown): HalyardClientError {
  // A closed client's error carries the close: `{ cause, code, reason, httpStatus? }`.
  const { code, reason } = ((cause as HalyardClientError | undefined)?.details ?? {}) as Record<
    string,
    unknown
  >;
  return clientError(
    'HALYARD_ERR_CLIENT_AUTH_FAILED',
    { detail },
    { details: typeof code === 'number' ? { stage, code, reason } : { stage }, cause },
  );
}

/** Calls the provider once; rejects with `HALYARD_ERR_CLIENT_AUTH_FAILED` (stage `provider`). */
export async function fetchCredential(provider: AuthProvider): Promise<string> {
  let credential: unknown;
  try {
    credential = await provider();
  } catch (error) {
    throw authFailed(
      'provider',
      `The auth provider failed: ${String((error as Error)?.message ?? error)}`,
      error,
    );
  }
  if (typeof credential !== 'string' || credential.length === 0 || credential.length > maxCredentialLength)
    throw authFailed(
      'provider',
      `The auth provider must return a string of 1 to ${maxCredentialLength} characters`,
    );
  return credential;
}

/** The reply to `$auth`: `{ expiresAt: string | null }`. */
export function authInfo(reply: unknown): AuthInfo {
  const expiresAt = (reply as { expiresAt?: unknown } | null)?.expiresAt;
  return { expiresAt: typeof expiresAt === 'string' ? expiresAt : null };
}
