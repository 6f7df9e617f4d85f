import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { renderSaves } from "./known_saves.ts";

const DAY = new Date("2026-12-07T12:00:00Z");

/** The files each task's save is known to render, by task. */
function rendered(...tasks: Record<string, unknown>[]): string[][] {
  const { tasks: saves } = renderSaves(
    { tasks: tasks.map((task) => ({ name: "t", ...task })) },
    DAY,
  );
  return tasks.map((_, index) => saves[index]?.known.map((known) => known.rendered) ?? []);
}

Deno.test("a task's own URL, and each of a pattern's, rendered as the run renders them", () => {
  assertEquals(rendered({ fetch: "https://x.example/a/?q", save: "{host}/{path}-{date}" }), [[
    "x.example/a/index-2026-12-07",
  ]]);
  assertEquals(rendered({ fetch: "https://x.example/[1-3].html", save: "{name}/{1}.{ext}" }), [[
    "t/1.html",
    "t/2.html",
    "t/3.html",
  ]]);
  assertEquals(
    rendered({ fetch: { url: "https://x.example/[1-3].html", glob: false }, save: "{path}" }),
    [["[1-3].html"]],
  );
  assertEquals(renderSaves({ tasks: [] }, DAY).day, "2026-12-07");
});

Deno.test("what the response or chance decides, and a list's URLs, are not known before the run", () => {
  for (const save of ["{path}.{ext}", "{uuid}", "{sha256}", "{filename}"]) {
    assertEquals(rendered({ fetch: "https://x.example/a", save }), [[]], save);
  }
  assertEquals(rendered({ fetch: { urls: "urls.txt" }, save: "{path}" }), [[]]);
  // A bad pattern, or a part it lacks, is another check's to report.
  assertEquals(rendered({ fetch: "https://x.example/[1-", save: "{path}" }), [[]]);
  assertEquals(rendered({ fetch: "https://x.example/a", save: "{1}" }), [[]]);
});

Deno.test("patterns share one budget past each one's first URL: the rest are the run's to check", () => {
  // 100 patterns of 1,000 URLs take 99,900 of the 100,000; the next takes the last 100.
  const thousand = { fetch: "https://x.example/[1-1000]", save: "{1}" };
  const long = "a".repeat(250);
  const tasks = [
    ...Array.from({ length: 101 }, () => thousand),
    { fetch: "https://x.example/[1-5]", save: "{1}" },
    { fetch: `https://x.example/{b,${long}}`, save: "{1}-{1}" },
    { fetch: "https://x.example/one", save: "{path}" },
  ];
  const saves = renderSaves({ tasks }, DAY).tasks;
  assertEquals(saves[0]?.known.length, 1_000);
  assertEquals(saves[100]?.known.length, 101);
  assertEquals(saves[101]?.known.map((known) => known.rendered), ["1"]);
  // Past the budget, a name too long is still found for each of a pattern's URLs.
  assertEquals(saves[102]?.known.map((known) => known.rendered), ["b-b"]);
  assertEquals(
    saves[102]?.tooLong?.startsWith(`Cannot save https://x.example/${long} as "{1}-{1}"`),
    true,
  );
  assertEquals(saves[103]?.known.map((known) => known.rendered), ["one"]);
});

Deno.test("a name too long shows the day it always has, whatever the run's", () => {
  const url = `https://x.example/${"d".repeat(199)}`;
  const { tasks } = renderSaves({
    tasks: [{ fetch: url, save: "{date}-{path}-{path}" }],
  }, DAY);
  assertEquals(tasks[0]?.known, []);
  assertEquals(tasks[0]?.tooLong?.includes('the name "1970-01-01-ddd'), true, tasks[0]?.tooLong);
});
