/**
 * "Did you mean …?" for misspelt keys and task names.
 * @module
 */
import { quoteReceived, unseenHint } from "../http/mod.ts";
import { editDistance } from "../loop/mod.ts";

/**
 * Finds the candidate closest to a misspelt word, if one is close enough to be what was meant.
 *
 * Distance is counted in edits (insert, delete, replace, swap two neighbours), ignoring case; a candidate
 * qualifies within one edit per three letters (at least one), or within `maxEdits` when given.
 *
 * @example
 * ```ts
 * import { closestMatch } from "./suggest.ts";
 * closestMatch("sav", ["save", "sleep", "fetch"]); // "save"
 * ```
 * @param word The unknown word.
 * @param candidates The words it may have meant.
 * @param maxEdits The most edits a candidate may be away.
 * @returns The closest candidate, or `undefined` when none is close.
 */
export function closestMatch(
  word: string,
  candidates: Iterable<string>,
  maxEdits: number = Math.max(1, Math.floor(word.length / 3)),
): string | undefined {
  const lower = word.toLowerCase();
  let best: string | undefined;
  let bestEdits = Infinity;
  for (const candidate of candidates) {
    // Each edit changes the length by one at most: a word much longer or shorter is not close.
    if (Math.abs(candidate.length - lower.length) > maxEdits) continue;
    const edits = editDistance(lower, candidate.toLowerCase());
    if (edits <= maxEdits && edits < bestEdits) {
      best = candidate;
      bestEdits = edits;
    }
  }
  return best;
}

/**
 * Config keys by the names other tools give them (GitHub Actions' `needs`, Compose's `depends_on`,
 * curl's `--user`, `--output`, `--data` and `--limit-rate`, requests' `verify`, wget's
 * `--read-timeout`, Scrapy's `allowed_domains`), none of them close enough in spelling for
 * `closestMatch`. A name may stand for several keys, tried in order; `crawl.origins` is `origins`
 * only inside a `crawl`.
 */
export const KEY_OTHER_NAMES: Readonly<Record<string, string | readonly string[]>> = {
  depends: "after",
  depends_on: "after",
  dependson: "after",
  needs: "after",
  requires: "after",
  wait: "sleep",
  output: "save",
  save_as: "save",
  saveas: "save",
  retry: "retries",
  user: "username",
  pass: "password",
  token: "bearer",
  verify: "insecure", // requests' and httpx's verify=False
  verify_ssl: "insecure",
  proxy_url: "proxy",
  proxyurl: "proxy",
  follow_redirects: "maxRedirects",
  followredirects: "maxRedirects",
  fail: "failure",
  failed: "failure",
  data: "body",
  maxbody: "maxBodySize",
  max_body: "maxBodySize",
  connect_timeout: ["timeout.connect", "timeout"],
  connecttimeout: ["timeout.connect", "timeout"],
  read: "timeout.idle",
  read_timeout: ["timeout.idle", "timeout"],
  readtimeout: ["timeout.idle", "timeout"],
  allowed_domains: "crawl.origins",
  alloweddomains: "crawl.origins",
  depth: "crawl.maxDepth",
  obey_robots: "crawl.robots",
  robotstxt_obey: "crawl.robots",
  tz: "timezone",
  // curl's and wget's --limit-rate
  "limit-rate": "bandwidth",
  limit_rate: "bandwidth",
  limitrate: "bandwidth",
};

/** Where an unknown key was found, for the hints that depend on it. */
export interface KeyContext {
  /** The key of the object that holds it (`"timeout"`, `"crawl"`), if it has one. */
  parent?: string;
  /** Keys that go elsewhere, with where (`it goes …`): suggested when the object does not take them. */
  places?: ReadonlyMap<string, string>;
}

/**
 * Appends ` (it holds an invisible character U+200B)` when the word is a candidate once its
 * invisible characters are gone; else ` (did you mean "x"?)` when a close candidate exists, or one the word is another name for;
 * failing those, a key it is close to, or another name for, that goes elsewhere, with where.
 *
 * @param word The unknown word.
 * @param candidates The words it may have meant.
 * @param otherNames Other names of candidates, lower case (`KEY_OTHER_NAMES`), suggested only when
 *   no candidate is close in spelling and the one named is among the candidates.
 * @param context The object's own key and the keys that go elsewhere.
 * @returns The hint with a leading space, or an empty string.
 */
export function didYouMean(
  word: string,
  candidates: Iterable<string>,
  otherNames: Readonly<Record<string, string | readonly string[]>> = {},
  context: KeyContext = {},
): string {
  const keys = new Set(candidates);
  const unseen = unseenHint(word, (visible) => keys.has(visible));
  if (unseen !== "") return unseen;
  const named = Object.hasOwn(otherNames, word.toLowerCase())
    ? [otherNames[word.toLowerCase()]].flat()
    : [];
  // `crawl.origins` names `origins` in a `crawl` only; a plain name, the key wherever it is.
  const here = named.flatMap((name) => {
    const dot = name.lastIndexOf(".");
    return dot === -1 ? [name] : name.slice(0, dot) === context.parent ? [name.slice(dot + 1)] : [];
  });
  const match = closestMatch(word, keys) ?? here.find((name) => keys.has(name));
  if (match !== undefined) return ` (did you mean ${quoteReceived(match)}?)`;
  const places = context.places ?? new Map<string, string>();
  const elsewhere = here.find((name) => places.has(name)) ?? closestMatch(word, places.keys());
  return elsewhere === undefined
    ? ""
    : ` (did you mean ${quoteReceived(elsewhere)}? it goes ${places.get(elsewhere)})`;
}
