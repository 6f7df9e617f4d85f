/**
 * `ctx.enqueue`: a URL a task's code found, put into the task when its crawl rules let it in
 * (`crawl_rules.ts`). A page's link is resolved against the page; a custom task's own URL must be
 * absolute.
 * @module
 */
import type { Effect } from "../loop/mod.ts";
import type { EnqueueRefusal } from "./crawl_rules.ts";
import { enqueuedUrl, ownEnqueuedUrl } from "./ctx_arguments.ts";
import type { ContextScope } from "./ctx_scope.ts";
import { urlLengthProblem } from "../http/mod.ts";

/**
 * `ctx.enqueue`.
 *
 * @param scope The context's state.
 * @param url The URL, as the call gave it.
 * @param options Its own save template.
 * @returns Whether it was queued (false: seen before, or left out by the crawl rules).
 */
export function* enqueueCall(
  scope: ContextScope,
  url: string | URL,
  options: { save?: string } | undefined,
): Generator<Effect, boolean> {
  const { name, place } = scope;
  scope.refuseIfEnded(`enqueue ${JSON.stringify(url)}`);
  const asked = enqueuedUrl(name, url, options);
  // A page's link that is no URL, or one longer than any URL corun fetches, is left out, as a
  // crawler skips it; a custom task's own URL is the task's to get right.
  const absolute = place.within === undefined
    ? ownEnqueuedUrl(name, asked)
    : URL.parse(asked, place.within.url)?.href;
  if (absolute === undefined || urlLengthProblem(absolute) !== undefined) return false;
  const refusal: EnqueueRefusal | undefined = yield* place.book.enqueue(
    place.index,
    place.within?.depth ?? -1,
    absolute,
    options?.save,
    place.within?.id,
  );
  return refusal === undefined;
}
