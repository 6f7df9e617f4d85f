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

/** corun's files, as messages name them: by what they are to the run, then the path. */
const FILE_ROLES = [
  "state file",
  "URL list",
  "checksums file",
  "cookie jar",
  "metadata(?! lines)", // the log, not its lines
  "body file",
  "log file",
  "trace",
  "report",
  "run history",
  "history",
  "CA file",
];
const ROLE_WITHOUT_ARTICLE = new RegExp(
  `\\b[Cc]annot [a-z]+(?: to)? (?:${FILE_ROLES.join("|")})\\b`,
);

Deno.test('a message names one of corun\'s files as the file it is: Cannot read the state file "…"', async () => {
  const offending: string[] = [];
  for await (const file of sourceFiles()) {
    for (const line of codeOf(await Deno.readTextFile(file)).split("\n")) {
      const found = ROLE_WITHOUT_ARTICLE.exec(line);
      if (found !== null) offending.push(`${libPath(file)}: ${found[0]}`);
    }
  }
  assertEquals(offending, []);
});
