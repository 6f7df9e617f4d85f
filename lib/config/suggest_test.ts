import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { closestMatch, didYouMean, KEY_OTHER_NAMES } from "./suggest.ts";

const TASK_KEYS = [
  "name",
  "sleep",
  "fetch",
  "run",
  "save",
  "after",
  "schedule",
  "timeout",
  "retries",
];

Deno.test("closestMatch() finds the key a typo meant", () => {
  const table: [string, string | undefined][] = [
    ["sav", "save"],
    ["slep", "sleep"],
    ["fecth", "fetch"],
    ["Name", "name"],
    ["retires", "retries"],
    ["timout", "timeout"],
    ["shedule", "schedule"],
    ["colour", undefined],
    ["x", undefined],
    ["", undefined],
  ];
  for (const [word, expected] of table) assertEquals(closestMatch(word, TASK_KEYS), expected, word);
});

Deno.test("closestMatch() prefers the nearest of several candidates", () => {
  assertEquals(closestMatch("outdir", ["outDir", "out"]), "outDir");
  assertEquals(closestMatch("blgo", ["bloggers", "blog", "log"]), "blog");
});

Deno.test("didYouMean() writes the hint only when there is a match", () => {
  assertEquals(didYouMean("sav", TASK_KEYS), ' (did you mean "save"?)');
  assertEquals(didYouMean("colour", TASK_KEYS), "");
});

Deno.test("didYouMean() knows keys by the names other tools give them, when the object has the key", () => {
  const table: [string, string][] = [
    ["depends_on", "after"],
    ["needs", "after"],
    ["dependsOn", "after"],
    ["wait", "sleep"],
    ["output", "save"],
    ["retry", "retries"],
  ];
  for (const [word, key] of table) {
    assertEquals(didYouMean(word, TASK_KEYS, KEY_OTHER_NAMES), ` (did you mean "${key}"?)`, word);
  }
  assertEquals(
    didYouMean("user", ["username", "password", "bearer"], KEY_OTHER_NAMES),
    ' (did you mean "username"?)',
  );
  // A name the object does not take is not suggested, and task names have no other names.
  assertEquals(didYouMean("user", TASK_KEYS, KEY_OTHER_NAMES), "");
  assertEquals(didYouMean("wait", TASK_KEYS), "");
});
