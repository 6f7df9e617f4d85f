/**
 * Public suffixes (`com`, `co.uk`, `github.io`): names under which anyone can register a domain, so
 * a cookie for one of them would be sent to every site below it (RFC 6265 §5.3 step 5).
 * @module
 */
import { importPublicSuffixList } from "./deps.ts";

/** Whether a canonical domain is a public suffix. */
export type IsPublicSuffix = (domain: string) => boolean;

let loading: Promise<IsPublicSuffix> | undefined;

/**
 * Loads the public suffix list once per process: the ICANN section and the private one
 * (`github.io`, `s3.amazonaws.com`), as browsers use it. A single label that the list does not
 * know (`localhost`, `test`) counts as a public suffix too, by the list's default rule `*`.
 *
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { loadPublicSuffixes } from "./cookie_public_suffix.ts";
 * const isPublicSuffix = await loadPublicSuffixes();
 * assertEquals([isPublicSuffix("co.uk"), isPublicSuffix("example.co.uk")], [true, false]);
 * ```
 *
 * @returns The test.
 */
export function loadPublicSuffixes(): Promise<IsPublicSuffix> {
  loading ??= importPublicSuffixList().then(({ getPublicSuffix }) => {
    // Hosts come canonical from the URL parser: no URL to take apart, nothing to validate.
    const options = { allowPrivateDomains: true, extractHostname: false } as const;
    return (domain: string) => {
      // A fully qualified name ("co.uk.") is the same suffix: the list knows it without its dot.
      const name = domain.endsWith(".") ? domain.slice(0, -1) : domain;
      return getPublicSuffix(name, options) === name;
    };
  }, (error) => {
    loading = undefined; // the next jar tries again
    throw error;
  });
  return loading;
}
