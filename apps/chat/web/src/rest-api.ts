import { createRestClient, RestProblemError } from './api-client.js';

/** The chat's REST side, relative to the page's own origin (typed by the generated api-client.ts). */
export const restApi = createRestClient();

/** What the page shows for a failed call: the failed constraints of a 400, else the problem's detail. */
export function problemText(error: Error): string {
  if (error instanceof RestProblemError && error.problem?.errors?.length)
    return error.problem.errors.map((failure) => failure.message).join('; ');
  return error.message;
}
