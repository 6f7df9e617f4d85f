// A URL pattern of more than 1,000 URLs has only its first URL checked when the config loads; the
// rest are checked as the run reaches them, and a bad one must fail with the reason loading gives
// (a port past 65535 is "expected an http: or https: URL, got ..."), not the HTTP client's bare
// "not an absolute URL".
import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { loadConfig } from "../mod.ts";
import { ItemProblemError } from "../lib/tasks/item_problem.ts";
import type { FetchItem } from "../lib/tasks/fetch_item.ts";
import type { FetchTaskSpec } from "../lib/tasks/spec.ts";
import { fetchItemsOf } from "../lib/tasks/task_items.ts";

const PATTERN = "http://{127.0.0.1:8080,127.0.0.1:70000}/page/[1-600]";

async function itemsOf(spec: FetchTaskSpec, baseDir: string): Promise<FetchItem[]> {
  const items: FetchItem[] = [];
  for await (const batch of fetchItemsOf(0, spec, baseDir)) items.push(...batch);
  return items;
}

Deno.test("a pattern's URL past those checked at load fails with the reason loading gives", async () => {
  const dir = await Deno.makeTempDir({ prefix: "corun-pattern-late-" });
  try {
    const path = `${dir}/late.yaml`;
    await Deno.writeTextFile(path, `tasks:\n  - name: pages\n    fetch: "${PATTERN}"\n`);
    const config = await loadConfig(path); // 1,200 URLs: only the first is checked here
    const items = await itemsOf(config.tasks[0] as FetchTaskSpec, dir);
    assertEquals(items.length, 1_200);
    assertEquals(items.slice(0, 600).filter((item) => item.problem !== undefined), []);
    const late = items[600];
    const problem = 'expected an http: or https: URL, got "http://127.0.0.1:70000/page/1": ' +
      "its port 70000 is past 65535 " +
      `(URL 601 of the pattern ${JSON.stringify(PATTERN)})`;
    assertEquals(late.problem, problem);
    assertEquals(new ItemProblemError({ name: "pages" }, late).message, `Task "pages": ${problem}`);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a list's bad line still names its line, and its file", () => {
  const item: FetchItem = { task: 0, url: "", depth: 0, line: 7, problem: 'not a URL: "x"' };
  assertEquals(
    new ItemProblemError({ name: "mirror" }, item).message,
    'Task "mirror": line 7: not a URL: "x"',
  );
  assertEquals(
    new ItemProblemError({ name: "mirror", urls: { kind: "list", path: "/srv/urls.txt" } }, item)
      .message,
    'Task "mirror": line 7 of /srv/urls.txt: not a URL: "x"',
  );
});

Deno.test("a pattern's late URL with credentials fails without them in its record or message", async () => {
  const dir = await Deno.makeTempDir({ prefix: "corun-pattern-late-" });
  try {
    const path = `${dir}/late.yaml`;
    const pattern = "https://{x.example,me:secret@x.example}/page/[1-600]";
    await Deno.writeTextFile(path, `tasks:\n  - name: pages\n    fetch: "${pattern}"\n`);
    const config = await loadConfig(path);
    const late = (await itemsOf(config.tasks[0] as FetchTaskSpec, dir))[600];
    assertEquals(late.url, "https://***@x.example/page/1");
    assertEquals(
      late.problem,
      "credentials in a URL are not sent and would be logged; use auth: { username, password } " +
        '(URL 601 of the pattern "https://***@x.example}/page/[1-600]")',
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
