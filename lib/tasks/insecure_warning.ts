/**
 * The warning of a fetch task with `insecure: true`, saying where the hostname check is off: the
 * task's https connections, whatever its own URL. An http URL makes none itself, but a redirect to
 * https and a link its callback enqueues connect with the task's settings, so it is still warned of.
 * A custom task's `ctx.fetch` and enqueued links take the config's `defaults`, so `insecure: true`
 * there is warned of for each custom task.
 * @module
 */
import { withoutCredentials } from "../net/mod.ts";
import type { FetchTaskSpec } from "./spec.ts";

/**
 * Says what `insecure: true` turns off for a task, and for which URLs.
 *
 * @param spec The task: its name, its URL (or pattern), and its list, if it has one.
 * @returns The warning, without the credentials of any URL in it.
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { insecureWarning } from "./insecure_warning.ts";
 * assertEquals(
 *   insecureWarning({ name: "feed", request: { url: "http://x.org/feed" } }),
 *   'Task "feed": TLS hostname verification is OFF (insecure: true) for any https URL it ' +
 *     "reaches from http://x.org/feed (a redirect, an enqueued link); http itself has no TLS",
 * );
 * ```
 */
export function insecureWarning(
  spec: Pick<FetchTaskSpec, "name" | "urls"> & { request: { url: string } },
): string {
  const head = `Task "${spec.name}": TLS hostname verification is OFF (insecure: true)`;
  if (spec.urls?.kind === "list") {
    return `${head} for the https URLs it fetches from the list ${spec.urls.path}`;
  }
  const url = withoutCredentials(spec.request.url);
  if (/^https:/i.test(url)) return `${head} for ${url}`;
  if (/^http:/i.test(url)) {
    return `${head} for any https URL it reaches from ${url} (a redirect, an enqueued link); ` +
      "http itself has no TLS";
  }
  // A pattern whose scheme is a glob (`{http,https}://…`).
  return `${head} for the https URLs it fetches from ${url}`;
}

/**
 * Says that a custom task's requests skip the hostname check: its `ctx.fetch` calls and the links
 * it enqueues take `insecure: true` from the config's `defaults` (a call may still set it false).
 *
 * @param name The custom task's name.
 * @returns The warning.
 */
export function defaultsInsecureWarning(name: string): string {
  return `Task "${name}": TLS hostname verification is OFF (insecure: true in defaults) for the ` +
    "https requests of its ctx.fetch and the links it enqueues";
}
