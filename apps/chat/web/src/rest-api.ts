import { createRestClient, RestProblemError } from './api-client.js';

let bearer: () => string | undefined = () => undefined;

/** Where REST calls get the session token they send (`Authorization: Bearer`). */
export function useBearer(token: () => string | undefined): void {
  bearer = token;
}

/** The chat's REST side, relative to the page's own origin (typed by the generated api-client.ts). */
export const restApi = createRestClient({
  headers: (): Record<string, string> => {
    const token = bearer();
    return token ? { authorization: `Bearer ${token}` } : {};
  },
});

/** What the page shows for a failed call: the failed constraints of a 400, else the problem's detail. */
export function problemText(error: Error): string {
  if (error instanceof RestProblemError && error.problem?.errors?.length)
    return error.problem.errors.map((failure) => failure.message).join('; ');
  return error.message;
}
