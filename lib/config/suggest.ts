/**
 * "Did you mean …?" for misspelt keys and task names.
 * @module
 */
import { editDistance } from "../loop/mod.ts";

/**
 * Finds the candidate closest to a misspelt word, if one is close enough to be what was meant.
 *
 * Distance is counted in edits (insert, delete, replace, swap two neighbours), ignoring case; a candidate
 * qualifies within one edit per three letters (at least one).
 *
 * @example
 * ```ts
 * import { closestMatch } from "./suggest.ts";
 * closestMatch("sav", ["save", "sleep", "fetch"]); // "save"
 * ```
 * @param word The unknown word.
 * @param candidates The words it may have meant.
 * @returns The closest candidate, or `undefined` when none is close.
 */
export function closestMatch(word: string, candidates: Iterable<string>): string | undefined {
  const lower = word.toLowerCase();
  const maxEdits = Math.max(1, Math.floor(word.length / 3));
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
 * curl's `--user` and `--output`, requests' `verify`), none of them close enough in spelling for
 * `closestMatch`.
 */
export const KEY_OTHER_NAMES: Readonly<Record<string, string>> = {
  depends: "after",
  depends_on: "after",
  dependson: "after",
  needs: "after",
  requires: "after",
  wait: "sleep",
  output: "save",
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
};

/**
 * Appends ` (did you mean "x"?)` when a close candidate exists, or one the word is another name for.
 *
 * @param word The unknown word.
 * @param candidates The words it may have meant.
 * @param otherNames Other names of candidates, lower case (`KEY_OTHER_NAMES`), suggested only when
 *   no candidate is close in spelling and the one named is among the candidates.
 * @returns The hint with a leading space, or an empty string.
 */
export function didYouMean(
  word: string,
  candidates: Iterable<string>,
  otherNames: Readonly<Record<string, string>> = {},
): string {
  let match = closestMatch(word, candidates);
  if (match === undefined && Object.hasOwn(otherNames, word.toLowerCase())) {
    const named = otherNames[word.toLowerCase()];
    for (const candidate of candidates) if (candidate === named) match = named;
  }
  return match === undefined ? "" : ` (did you mean ${JSON.stringify(match)}?)`;
}
