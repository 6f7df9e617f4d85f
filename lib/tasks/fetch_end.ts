/**
 * Where a fetch ended, as its metadata line, the run report and the trace tell it: the URL of its
 * last answer, that answer's status, and the redirects followed to it. A fetch that failed after a
 * redirect has no response to tell it: the URL its request had reached and the redirects followed
 * to it come from the request's progress, and the status of an answer refused (a redirect, a body
 * too large by its Content-Length) from the error.
 * @module
 */
import { type FollowedRedirects, HttpError, type HttpResponse } from "../http/mod.ts";

/** Where a fetch ended. */
export interface FetchEnd {
  /** The URL that answered last, or was being fetched when the fetch failed. */
  finalUrl: string;
  /** The status that URL answered, or null when no answer came. */
  status: number | null;
  /** Redirects followed to `finalUrl`. */
  redirects: number;
}

/**
 * Where a fetch ended.
 *
 * @param url The URL as asked for.
 * @param response The final response, when one arrived.
 * @param redirected The redirects the failed request had followed (`RequestProgress.redirected`).
 * @param error Why the fetch failed, when it did.
 * @returns The final response's URL, status and redirects; without one, the URL the redirects led
 *   to (else `url`), the status of an answer refused there (else null), and their count.
 */
export function fetchEndOf(
  url: string,
  response: HttpResponse | undefined,
  redirected: FollowedRedirects | undefined,
  error?: unknown,
): FetchEnd {
  if (response !== undefined) {
    return { finalUrl: response.url, status: response.status, redirects: response.redirects };
  }
  return {
    finalUrl: redirected?.url ?? url,
    status: refusedStatusOf(error) ?? null,
    redirects: redirected?.count ?? 0,
  };
}

/**
 * The status of the answer an error refused, which no response carries: a redirect that cannot be
 * followed (too many, a downgrade, a bad Location), a success whose Content-Length passes
 * `maxBodySize`.
 *
 * @param error What a fetch failed with.
 * @returns The status, or undefined for an error that came with no answer.
 */
export function refusedStatusOf(error: unknown): number | undefined {
  return error instanceof HttpError ? error.status : undefined;
}
