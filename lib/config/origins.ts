/**
 * Origins as written in configs (the keys of `origins:`, a crawl's `origins` list): an `http:` or
 * `https:` scheme, a host and maybe a port, nothing after. They are compared the way URLs are:
 * lower-case, default port left out (`new URL(text).origin`).
 * @module
 */
import { quoteReceived } from "../http/mod.ts";
import type { PathIssue } from "./path_issue.ts";
import { describeValue } from "./describe.ts";
import { isRecord } from "./shape/mod.ts";
import {
  CREDENTIALS_NOT_ENCODED,
  hasCredentials,
  hasUnencodedCredentials,
  urlTextWithoutCredentials,
} from "../net/mod.ts";

/** What an origin looks like, for messages ("expected …"). */
export const ORIGIN_EXPECTED = 'an http: or https: origin such as "https://example.org"';

/** Why an origin with a `*` in its host is refused. */
const NO_WILDCARDS =
  'origins are exact, not wildcards: "*" matches no host (list each origin in full)';

/**
 * Tells what is wrong with text given as an origin.
 *
 * @param text Text found where an origin belongs.
 * @returns `undefined` for an origin (a `/` after it is allowed), otherwise the problem.
 */
export function originProblem(text: string): string | undefined {
  // What a problem shows of it: an origin mistyped with credentials (`http:/u:pw@host`) is no URL
  // the URL redaction would find.
  const shown = describeValue(urlTextWithoutCredentials(text));
  const url = URL.parse(text);
  if (url === null || (url.protocol !== "http:" && url.protocol !== "https:")) {
    return `expected ${ORIGIN_EXPECTED}, got ${shown}`;
  }
  // `new URL` gives every http(s) URL the path "/": only the text tells whether one was written.
  const head = /^[a-z]+:\/\/[^/?#\\]*/i.exec(text);
  if (head === null) return `expected ${ORIGIN_EXPECTED}, got ${shown}`;
  // URLs allow `*` in a host, so `https://*.x.org` parses; but origins are compared exactly, so
  // such a key would silently match no fetch.
  if (hasUnencodedCredentials(text)) return `${shown} is not an origin: ${CREDENTIALS_NOT_ENCODED}`;
  if (url.hostname.includes("*")) return `${shown} is not an origin: ${NO_WILDCARDS}`;
  const fix = `write ${quoteReceived(url.origin)}`;
  if (hasCredentials(url)) {
    return `${shown} is not an origin: an origin has no credentials (${fix})`;
  }
  // A lone "/" is allowed; what follows it (or the host) says which part is there: a bare `?` or
  // `#` leaves no trace in the parsed URL, so the text decides.
  const afterHost = text.slice(head[0].length).replace(/^\/(?=[?#])/, "");
  if (afterHost !== "" && afterHost !== "/") {
    const what = afterHost[0] === "?" ? "query" : afterHost[0] === "#" ? "fragment" : "path";
    return `${shown} is not an origin: an origin has no ${what} (${fix})`;
  }
  return undefined;
}

/**
 * The origin named by text that `originProblem` accepts, as URLs compare it.
 *
 * @example
 * ```ts
 * import { normalizeOrigin } from "./origins.ts";
 * normalizeOrigin("HTTPS://Example.ORG:443/"); // "https://example.org"
 * ```
 * @param text An origin as written.
 * @returns The origin, such as `"https://example.org"` or `"http://localhost:8080"`.
 */
export function normalizeOrigin(text: string): string {
  return new URL(text).origin;
}

/**
 * Finds keys of `origins:` that name one origin twice (`https://x.org` and `HTTPS://X.org:443`).
 * Keys that are not origins are the schema's to report.
 *
 * @param input A raw config, valid or not, or only its settings.
 * @returns One issue per repeated origin, at its key, naming the first key.
 */
export function checkOriginKeys(input: unknown): PathIssue[] {
  if (!isRecord(input) || !isRecord(input.origins)) return [];
  const issues: PathIssue[] = [];
  const firstKey = new Map<string, string>();
  for (const key of Object.keys(input.origins)) {
    if (originProblem(key) !== undefined) continue;
    const origin = normalizeOrigin(key);
    const first = firstKey.get(origin);
    if (first === undefined) firstKey.set(origin, key);
    else {
      issues.push({
        path: ["origins", key],
        at: "key",
        message: `${quoteReceived(key)} is the origin ${quoteReceived(origin)}, as ${
          quoteReceived(first)
        } is: give its rules once`,
      });
    }
  }
  return issues;
}
