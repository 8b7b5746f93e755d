// `@halyard/client/rest`: the run-time code of the modules `halyard client` generates (REST calls
// over `fetch` and the functions made of them, path and query filling, socket URLs). A separate
// entry so that an app using only `connect` bundles none of it, and the socket bundle does not
// grow with it.
export { restCall, restCaller } from './rest-call.js';
export type { RestArgs, RestCaller, RestClientOptions, CallOptions, RestRequest } from './rest-call.js';
export { RestProblemError } from './rest-problem-error.js';
export type { RestProblemErrorClass } from './rest-problem-error.js';
export { fillPath, queryString, socketUrl } from './url-parts.js';
export type { RestParams, RestQuery } from './url-parts.js';
