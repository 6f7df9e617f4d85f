/**
 * The forms messages keep across lib/, checked on the code: a new message written the other way
 * fails here, not in a user's grep.
 */
import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { codeOf, libPath, sourceFiles } from "./fixtures/lib_sources.ts";

/** A warning given as text where it is said: `warn("…")`, `view.warning(`…`)`, `warningLine('…')`. */
const SAID_WARNING =
  /\b(?:warn|warning|warningLine|warnOnStderr)\(\s*(["'`])((?:(?!\1)[^\\]|\\.)*)/g;

Deno.test("a warning starts with a capital and says what cannot be done in the present: warning: Cannot …", async () => {
  const offending: string[] = [];
  for await (const file of sourceFiles()) {
    for (const [, , text] of codeOf(await Deno.readTextFile(file)).matchAll(SAID_WARNING)) {
      // `${…}` first: what it holds is checked where it is made.
      if (/^[a-z]/.test(text) || /\b(could|did) not\b/.test(text)) {
        offending.push(`${libPath(file)}: ${text.slice(0, 60)}`);
      }
    }
  }
  assertEquals(offending, []);
});
