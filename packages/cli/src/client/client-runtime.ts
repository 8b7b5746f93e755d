/**
 * What a generated client module takes from `@halyard/client/rest`, its run time: the `fetch`
 * call with problem+json errors, path and query filling, socket URLs. Imported (not written into
 * each module) so every app runs the same tested code; the entry holds no server code and is
 * separate from `connect`'s, so a page that only uses sockets bundles none of it.
 */
export const runtimeImport = `import {
  RestProblemError as RestError,
  restCall,
  socketUrl,
  type CallOptions,
  type RestClientOptions,
} from '@halyard/client/rest';

export type { CallOptions, RestClientOptions };
`;

/**
 * `RestProblemError` typed with the app's `Problem` schema, as a value (for `instanceof`) and a type.
 * The value is the run time's own class (what `restCall` throws), declared with a typed `prototype`:
 * `instanceof` narrows through `prototype`, which an instantiation expression leaves untyped.
 */
export const problemErrorExport = `/**
 * A response outside 2xx. \`problem\` is the server's RFC 9457 body (\`application/problem+json\`),
 * \`undefined\` when the body was something else.
 */
export const RestProblemError: {
  new (status: number, problem: Problem | undefined, statusText: string): RestError<Problem>;
  readonly prototype: RestError<Problem>;
} = RestError;
export type RestProblemError = RestError<Problem>;
`;
