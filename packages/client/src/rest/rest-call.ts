import { RestProblemError } from './rest-problem-error.js';
import { fillPath, queryString, type RestParams, type RestQuery } from './url-parts.js';

/** What a generated `createRestClient` is given. */
export interface RestClientOptions {
  /** Put before every path, e.g. `https://api.example.com`; default: none (the page's own origin). */
  readonly baseUrl?: string;
  /** Default: the global `fetch`. */
  readonly fetch?: typeof fetch;
  /** Sent with every request, e.g. an `authorization` header; a function is called per request. */
  readonly headers?: Record<string, string> | (() => Record<string, string>);
}

/** Per call: an abort signal and extra headers. */
export interface CallOptions {
  readonly signal?: AbortSignal;
  readonly headers?: Record<string, string>;
}

/** One operation of the OpenAPI document, as a generated function describes it. */
export interface RestRequest {
  readonly method: string;
  /** The OpenAPI path, e.g. `/api/rooms/{id}`. */
  readonly address: string;
  readonly params?: RestParams;
  readonly query?: RestQuery;
  /** Sent as JSON when defined. */
  readonly body?: unknown;
}

/**
 * One `fetch` of a generated REST function: resolves with the JSON body of a 2xx (`undefined` for
 * a 204 or a body that is not JSON) and rejects with a `RestProblemError` holding the
 * problem+json body otherwise. Generated modules call it; an app seldom does.
 *
 * @example
 * ```ts
 * const rooms = (await restCall({ baseUrl: 'http://localhost:3000' }, { method: 'GET', address: '/api/rooms' }, undefined)) as Room[];
 * ```
 */
export async function restCall(
  options: RestClientOptions,
  request: RestRequest,
  init: CallOptions | undefined,
): Promise<unknown> {
  const url =
    (options.baseUrl ?? '') + fillPath(request.address, request.params ?? {}) + queryString(request.query);
  const headers: Record<string, string> = {
    accept: 'application/json, application/problem+json',
    ...(typeof options.headers === 'function' ? options.headers() : options.headers),
    ...init?.headers,
  };
  if (request.body !== undefined) headers['content-type'] = 'application/json';
  const response = await (options.fetch ?? fetch)(url, {
    method: request.method,
    headers,
    ...(request.body !== undefined && { body: JSON.stringify(request.body) }),
    ...(init?.signal !== undefined && { signal: init.signal }),
  });
  const type = response.headers.get('content-type') ?? '';
  const json = /[/+]json\b/.test(type);
  if (!response.ok) {
    const problem: unknown = json ? await response.json() : (await response.text(), undefined);
    throw new RestProblemError(response.status, problem, response.statusText);
  }
  if (response.status === 204 || !json) {
    await response.text();
    return undefined;
  }
  return response.json();
}

/** What a generated REST function takes first, when its operation has parameters or a body. */
export interface RestArgs {
  readonly params?: RestParams;
  readonly query?: RestQuery;
  readonly body?: unknown;
}

/**
 * Makes the functions of a generated `createRestClient`: each is one operation (method and
 * OpenAPI path) bound to the client's options, and calls `restCall`.
 */
export interface RestCaller {
  /** An operation without parameters or body: `(init?) => Promise<TResult>`. */
  call<TResult>(method: string, address: string): (init?: CallOptions) => Promise<TResult>;
  /**
   * An operation that takes `{ params?, query?, body? }` first; `TArgs` includes `void` when all
   * of them are optional.
   */
  callWith<TArgs extends RestArgs | void, TResult>(
    method: string,
    address: string,
  ): (args: TArgs, init?: CallOptions) => Promise<TResult>;
}

/**
 * The `call` / `callWith` pair a generated `createRestClient` builds its functions with, so a
 * generated module holds one line per operation.
 *
 * @example
 * ```ts
 * const { call, callWith } = restCaller({ baseUrl: 'http://localhost:3000' });
 * const list = call<Room[]>('GET', '/api/rooms');
 * const get = callWith<{ params: { roomId: string } }, Room>('GET', '/api/rooms/{roomId}');
 * const room = await get({ params: { roomId: 'general' } });
 * ```
 */
export function restCaller(options: RestClientOptions): RestCaller {
  return {
    call:
      <TResult>(method: string, address: string) =>
      (init?: CallOptions) =>
        restCall(options, { method, address }, init) as Promise<TResult>,
    callWith:
      <TArgs extends RestArgs | void, TResult>(method: string, address: string) =>
      (args: TArgs, init?: CallOptions) => {
        const given = (args ?? {}) as RestArgs;
        return restCall(
          options,
          { method, address, params: given.params, query: given.query, body: given.body },
          init,
        ) as Promise<TResult>;
      },
  };
}
