// `@halyard/client/rest`: the run-time code of the modules `halyard client` generates (REST calls
// over `fetch`, path and query filling, socket URLs). A separate entry so that an app using only
// `connect` bundles none of it, and the socket bundle does not grow with it.
export { restCall } from './rest-call.js';
export type { RestClientOptions, CallOptions, RestRequest } from './rest-call.js';
export { RestProblemError } from './rest-problem-error.js';
export { fillPath, queryString, socketUrl } from './url-parts.js';
export type { RestParams, RestQuery } from './url-parts.js';
