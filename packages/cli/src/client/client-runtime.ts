/**
 * What a generated client module takes from `@halyard/client/rest`, its run time: the `fetch`
 * call with problem+json errors, the `call` / `callWith` each REST function is made with, socket
 * URLs. Imported (not written into each module) so every app runs the same tested code; the entry
 * holds no server code and is separate from `connect`'s, so a page that only uses sockets bundles
 * none of it.
 */
export const runtimeImport = `import { RestProblemError as RestError, restCaller, socketUrl } from '@halyard/client/rest';
import type { RestClientOptions, RestProblemErrorClass } from '@halyard/client/rest';

export type { CallOptions, RestClientOptions } from '@halyard/client/rest';
`;

/**
 * `RestProblemError` typed with the app's `Problem` schema, as a value (for `instanceof`) and a type:
 * the run time's own class (what the REST functions throw), declared as a `RestProblemErrorClass`.
 */
export const problemErrorExport = `/**
 * A response outside 2xx. \`problem\` is the server's RFC 9457 body (\`application/problem+json\`),
 * \`undefined\` when the body was something else.
 */
export const RestProblemError: RestProblemErrorClass<Problem> = RestError;
export type RestProblemError = RestError<Problem>;
`;
