/**
 * Which headers hold a credential by the config's word (a value given as `{ env }` or `{ file }`:
 * `RequestSpec.credentialHeaders`) once headers are laid over others, as `headersOver` lays them
 * (a header given again replaces the other in any case): one rule for a task's headers over the
 * defaults' (normalize.ts) and a custom task's `ctx.fetch` headers over them (context.ts).
 * @module
 */

/**
 * The declared credential headers after `given` is laid over headers that had `declared`: a
 * header given again is no longer one, unless it is among `givenDeclared`.
 *
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { credentialHeadersOver } from "./credential_headers.ts";
 * assertEquals(
 *   credentialHeadersOver(["x-api-key", "cookie"], { "X-Api-Key": "text" }, ["x-token"]),
 *   ["cookie", "x-token"],
 * );
 * ```
 *
 * @param declared The lower-case names declared under the headers laid over (absent: none).
 * @param given The headers laid over them, as given (any case).
 * @param givenDeclared Those of `given` that are declared themselves, lower case.
 * @returns The lower-case names: `declared` that `given` leaves, then `givenDeclared`.
 */
export function credentialHeadersOver(
  declared: readonly string[] = [],
  given: Readonly<Record<string, unknown>> = {},
  givenDeclared: readonly string[] = [],
): string[] {
  const replaced = new Set(Object.keys(given).map((name) => name.toLowerCase()));
  return [...declared.filter((name) => !replaced.has(name)), ...givenDeclared];
}
