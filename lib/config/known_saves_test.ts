import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { knownSaves } from "./known_saves.ts";

const DAY = new Date("2026-12-07T12:00:00Z");

function rendered(task: Record<string, unknown>, budget = { left: 100 }): string[] {
  return knownSaves(task, "t", DAY, budget).map((known) => known.rendered);
}

Deno.test("a task's own URL, and each of a pattern's, rendered as the run renders them", () => {
  assertEquals(rendered({ fetch: "https://x.example/a/?q", save: "{host}/{path}-{date}" }), [
    "x.example/a/index-2026-12-07",
  ]);
  assertEquals(rendered({ fetch: "https://x.example/[1-3].html", save: "{name}/{1}.{ext}" }), [
    "t/1.html",
    "t/2.html",
    "t/3.html",
  ]);
  assertEquals(
    rendered({ fetch: { url: "https://x.example/[1-3].html", glob: false }, save: "{path}" }),
    ["[1-3].html"],
  );
});

Deno.test("what the response or chance decides, and a list's URLs, are not known before the run", () => {
  for (const save of ["{path}.{ext}", "{uuid}", "{sha256}", "{filename}"]) {
    assertEquals(rendered({ fetch: "https://x.example/a", save }), [], save);
  }
  assertEquals(rendered({ fetch: { urls: "urls.txt" }, save: "{path}" }), []);
  // A bad pattern, or a part it lacks, is another check's to report.
  assertEquals(rendered({ fetch: "https://x.example/[1-", save: "{path}" }), []);
  assertEquals(rendered({ fetch: "https://x.example/a", save: "{1}" }), []);
});

Deno.test("patterns share one budget past each one's first URL: the rest are the run's to check", () => {
  const budget = { left: 2 };
  const task = { fetch: "https://x.example/[1-5]", save: "{1}" };
  assertEquals(rendered(task, budget), ["1", "2", "3"]);
  assertEquals(budget.left, 0);
  assertEquals(rendered(task, budget), ["1"]);
  assertEquals(rendered({ fetch: "https://x.example/one", save: "{path}" }, budget), ["one"]);
});
