/**
 * The few lines of run-time code every generated client module carries: filling a path, writing
 * a query string, one `fetch` call with the problem+json errors turned into `RestProblemError`.
 * Written into the module (not imported) so it depends on nothing, not even `@halyard/client`.
 */
export const clientRuntime = `type QueryInput = { readonly [name: string]: unknown } | undefined;

function fillPath(address: string, params: { readonly [name: string]: string | number }): string {
  return address.replace(
    /\\{([^}]+)\\}|:(\\w+)/g,
    (_whole, braced: string | undefined, colon: string | undefined) => {
      const value = params[(braced ?? colon) as string];
      if (value === undefined)
        throw new TypeError(\`missing path parameter "\${braced ?? colon}" of \${address}\`);
      return encodeURIComponent(String(value));
    },
  );
}

function queryString(query: QueryInput): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(query ?? {})) {
    for (const item of Array.isArray(value) ? value : [value]) {
      if (item === undefined || item === null) continue;
      search.append(name, item instanceof Date ? item.toISOString() : String(item));
    }
  }
  const text = search.toString();
  return text ? \`?\${text}\` : '';
}

function socketUrl(target: {
  address: string;
  params: { readonly [name: string]: string | number };
  query: QueryInput;
  base: string | undefined;
}): string {
  const path = fillPath(target.address, target.params) + queryString(target.query);
  return target.base === undefined ? path : new URL(path, target.base).href;
}

/** What \`createRestClient\` is given. */
export interface RestClientOptions {
  /** Put before every path, e.g. \`https://api.example.com\`; default: none (the page's own origin). */
  readonly baseUrl?: string;
  /** Default: the global \`fetch\`. */
  readonly fetch?: typeof fetch;
  /** Sent with every request, e.g. an \`authorization\` header; a function is called per request. */
  readonly headers?: Record<string, string> | (() => Record<string, string>);
}

/** Per call: an abort signal and extra headers. */
export interface CallOptions {
  readonly signal?: AbortSignal;
  readonly headers?: Record<string, string>;
}

function problemMessage(status: number, problem: Problem | undefined, statusText: string): string {
  const fields = problem as { readonly detail?: unknown; readonly title?: unknown } | undefined;
  const text = [fields?.detail, fields?.title].find((value) => typeof value === 'string');
  return typeof text === 'string' ? text : \`HTTP \${status} \${statusText}\`.trim();
}

/**
 * A response outside 2xx. \`problem\` is the server's RFC 9457 body (\`application/problem+json\`),
 * \`undefined\` when the body was something else.
 */
export class RestProblemError extends Error {
  override readonly name = 'RestProblemError';
  readonly status: number;
  readonly problem: Problem | undefined;

  constructor(status: number, problem: Problem | undefined, statusText: string) {
    super(problemMessage(status, problem, statusText));
    this.status = status;
    this.problem = problem;
  }
}

interface RestRequest {
  readonly method: string;
  readonly address: string;
  readonly params?: { readonly [name: string]: string | number };
  readonly query?: QueryInput;
  readonly body?: unknown;
}

async function call(
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
  const json = /[/+]json\\b/.test(type);
  if (!response.ok) {
    const problem = json ? ((await response.json()) as Problem) : (await response.text(), undefined);
    throw new RestProblemError(response.status, problem, response.statusText);
  }
  if (response.status === 204 || !json) {
    await response.text();
    return undefined;
  }
  return response.json();
}
`;
