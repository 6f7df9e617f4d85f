import { assert, assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { join } from "npm:deno-std@1.4.0/path/mod.js";
import { validateConfig } from "../config/mod.ts";
import type { ConfigInput } from "../config/mod.ts";
import { run } from "../tasks/mod.ts";
import { createFakeWorld } from "../../tests/fixtures/fake_host.ts";
import { encodeResponse } from "../../tests/fixtures/route_server.ts";
import { pause, startScriptedServer, write } from "../../tests/fixtures/scripted_server.ts";
import { EXIT_CODES } from "./exit_codes.ts";
import { main } from "./main.ts";
import type { Plan } from "./plan.ts";

/** `plan --json` of a config, planned by a real dry run. */
async function planOf(input: ConfigInput, source = "c.yaml"): Promise<Plan> {
  const world = createFakeWorld({ configs: { "c.yaml": validateConfig(input, source) }, run });
  assertEquals(await main(["plan", "--json", "c.yaml"], world.host), EXIT_CODES.ok);
  return JSON.parse(world.stdout());
}

/** Each task's name, when it starts with `+ ?` added. */
function waiting(plan: Plan): string[] {
  return plan.tasks.filter((task) => task.plusUnknown).map((task) => task.name);
}

Deno.test("plan marks a fetch task that waits for its origin's perHost 0ms + ?, in the start order and the timeline", async () => {
  const config = validateConfig({
    perHost: 1,
    tasks: [
      { name: "a", fetch: "https://x.example/a", save: "a.bin" },
      { name: "b", fetch: "https://x.example/b", save: "b.html" },
      { name: "c", fetch: "https://y.example/c", save: "c.html" },
    ],
  }, "c.yaml");
  const world = createFakeWorld({ configs: { "c.yaml": config }, run });
  assertEquals(await main(["plan", "c.yaml"], world.host), EXIT_CODES.ok);
  const lines = world.stdout().split("\n");
  assert(lines.includes("start order: a (0ms), b (0ms + ?), c (0ms)"), lines.join("\n"));
  for (const [name, start] of [["a", "0ms"], ["b", "0ms + ?"], ["c", "0ms"]]) {
    const row = new RegExp(`^  ${name} \\|#\\? +\\| ${start.replace(/[+?]/g, "\\$&")} -> \\? `);
    assert(lines.some((line) => row.test(line)), `no ${name} at ${start} in:\n${lines.join("\n")}`);
  }
});

Deno.test("plan counts an origins: entry's perHost, and a pattern's or list's every URL on its origin", async () => {
  const dir = await Deno.makeTempDir({ prefix: "corun-plan-slots-" });
  try {
    await Deno.writeTextFile(
      join(dir, "urls.txt"),
      "https://x.example/1\nhttps://x.example/2\nhttps://y.example/3\n",
    );
    await Deno.writeTextFile(join(dir, "more.txt"), "https://x.example/9\n");
    const tasks = [
      { name: "listed", fetch: { urls: "urls.txt" }, save: "{path}" },
      { name: "x-list", fetch: { urls: "more.txt" }, save: "more/{path}" },
      { name: "y-pages", fetch: "https://y.example/p[1-5]", save: "p/{path}" },
      { name: "y-one", fetch: "https://y.example/one", save: "one.html" },
    ];
    const planWith = (origins: Record<string, { perHost: number }>) =>
      planOf({ origins, tasks }, join(dir, "c.yaml"));
    // A run starts single URLs, then patterns, then lists. With perHost 6 everywhere, x.example
    // gets 3 fetches at once and y.example 7, but every task's first finds a place.
    const roomy = await planWith({});
    assertEquals(roomy.startOrder, ["y-one", "y-pages", "listed", "x-list"]);
    assertEquals(waiting(roomy), []);
    // listed's two URLs on x.example take both its places.
    assertEquals(waiting(await planWith({ "https://x.example": { perHost: 2 } })), ["x-list"]);
    // y-one takes y.example's one; listed has x.example's free, and starts there.
    assertEquals(waiting(await planWith({ "https://y.example": { perHost: 1 } })), ["y-pages"]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("plan marks fetch tasks past the run's concurrency, counting an origin's fetches only up to its perHost", async () => {
  const tasks = [
    { name: "pages", fetch: "https://x.example/p[1-10]", save: "{path}" },
    { name: "other", fetch: "https://y.example/[1-2]", save: "y/{path}" },
  ];
  // Ten at once on x.example fill the 4 slots.
  assertEquals(waiting(await planOf({ concurrency: 4, perHost: 10, tasks })), ["other"]);
  // But only 2 of them run at once: other's fetch has a slot of the 4.
  assertEquals(waiting(await planOf({ concurrency: 4, perHost: 2, tasks })), []);
});

Deno.test("plan counts only the fetches that start at the same moment, and adds no second + ? to a task after a fetch", async () => {
  const plan = await planOf({
    perHost: 1,
    tasks: [
      { name: "first", fetch: "https://x.example/1", save: "1.html" },
      { name: "pause", sleep: "1s" },
      { name: "later", fetch: "https://x.example/2", save: "2.html", after: ["pause"] },
      { name: "then", fetch: "https://x.example/3", save: "3.html", after: ["first"] },
    ],
  });
  // later, alone at 1s; then is `+ ?` already, for waiting on first.
  assertEquals(plan.tasks.map((task) => [task.name, task.startMs, task.plusUnknown]), [
    ["first", 0, undefined],
    ["pause", 0, undefined],
    ["later", 1000, undefined],
    ["then", 0, true],
  ]);
});

Deno.test("a run starts later the task plan marks as waiting for its origin's perHost", async () => {
  const ok = (body: string) => write(encodeResponse({ body }));
  await using server = startScriptedServer({
    routes: { "/slow": [pause(300), ok("slow")], "/fast": [ok("fast")] },
  });
  const outDir = await Deno.makeTempDir({ prefix: "corun-plan-slots-run-" });
  try {
    const config = validateConfig({
      outDir,
      metadata: false,
      perHost: 1,
      tasks: [
        { name: "slow", fetch: server.url("/slow"), save: "slow.txt" },
        { name: "fast", fetch: server.url("/fast"), save: "fast.txt" },
      ],
    }, join(outDir, "c.yaml"));
    const report = await run(config, { state: false });
    const [slow, fast] = report.tasks;
    assertEquals([slow.outcome, fast.outcome], ["done", "done"]);
    // fast's one place at the origin frees once slow's answer, 300 ms late, is read.
    assert(fast.startMs! >= 290, `fast started at ${fast.startMs} ms`);
    const world = createFakeWorld({ configs: { "c.yaml": config }, run });
    await main(["plan", "--json", "c.yaml"], world.host);
    assertEquals(waiting(JSON.parse(world.stdout())), ["fast"]);
  } finally {
    await Deno.remove(outDir, { recursive: true });
  }
});
