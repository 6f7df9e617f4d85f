import { assert, assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { validateConfig } from "../config/mod.ts";
import { createFakeWorld } from "../../tests/fixtures/fake_host.ts";
import { EXIT_CODES } from "./exit_codes.ts";
import { main } from "./main.ts";
import type { Plan } from "./plan.ts";
import { renderPlan } from "./plan_render.ts";

const PLAN: Plan = {
  source: "tasks.yaml",
  outDir: "/srv/out",
  durationMs: 3000,
  startOrder: ["task-1", "task-2", "blog"],
  tasks: [
    {
      name: "task-1",
      kind: "sleep",
      after: [],
      does: "sleep 3s",
      startMs: 0,
      endMs: 3000,
      outcome: "done",
    },
    {
      name: "task-2",
      kind: "sleep",
      after: [],
      does: "sleep 2s",
      startMs: 0,
      endMs: 2000,
      outcome: "done",
    },
    {
      name: "blog",
      kind: "fetch",
      after: ["task-2"],
      does: "GET https://blog.example/ → blog.html",
      startMs: 2000,
      endMs: null,
      outcome: "done",
      endsBy: "network",
    },
    {
      name: "never",
      kind: "sleep",
      after: ["blog", "task-1"],
      does: "sleep 1s",
      startMs: null,
      endMs: null,
      outcome: "skipped",
    },
  ],
};

Deno.test("renderPlan() shows the tasks, their start order and a timeline where overlap is visible", () => {
  assertEquals(renderPlan(PLAN, 60).split("\n"), [
    "plan for tasks.yaml: 4 tasks, files under /srv/out",
    "",
    "  name    kind   after        does",
    "  task-1  sleep  -            sleep 3s",
    "  task-2  sleep  -            sleep 2s",
    "  blog    fetch  task-2       GET https://blog.example/ → blog.html",
    "  never   sleep  blog,task-1  sleep 1s",
    "",
    "start order: task-1 (0ms), task-2 (0ms), blog (2s)",
    "",
    "timeline (virtual time; ? is time only the run can tell):",
    "  task-1 |########################| 0ms -> 3s",
    "  task-2 |################        | 0ms -> 2s",
    "  blog   |                #?      | 2s -> ? (network)",
    "  never  |                        | never starts (skipped)",
    "          0ms               3s + ?",
    "",
  ]);
});

Deno.test("renderPlan() shows what starts after a fetch as later by its time, and a custom task's end as its code's", () => {
  const plan: Plan = {
    ...PLAN,
    plusUnknown: true,
    startOrder: ["task-1", "blog", "task-2", "code"],
    tasks: [
      PLAN.tasks[0],
      { ...PLAN.tasks[2], startMs: 0 },
      { ...PLAN.tasks[1], after: ["blog"], plusUnknown: true },
      {
        ...PLAN.tasks[2],
        name: "code",
        kind: "custom",
        after: ["task-2"],
        does: "custom coroutine",
        startMs: 2000,
        endsBy: "code",
        plusUnknown: true,
      },
      // At the end of the chart: its mark and "?" still fit.
      { ...PLAN.tasks[2], name: "late", after: ["task-1"], startMs: 3000 },
    ],
  };
  const lines = renderPlan(plan, 60).split("\n");
  assertEquals(lines[9], "start order: task-1 (0ms), blog (0ms), task-2 (0ms + ?), code (2s + ?)");
  assertEquals(lines.slice(11), [
    "timeline (virtual time; ? is time only the run can tell):",
    "  task-1 |########################| 0ms -> 3s",
    "  blog   |#?                      | 0ms -> ? (network)",
    "  task-2 |################        | 0ms + ? -> 2s + ?",
    "  code   |                #?      | 2s + ? -> ? (its code)",
    "  late   |                      #?| 3s -> ? (network)",
    "          0ms               3s + ?",
    "",
  ]);
});

Deno.test("renderPlan() draws a plan of sleeps as exactly as before: no mark of what only the run tells", () => {
  const sleeps: Plan = { ...PLAN, tasks: PLAN.tasks.slice(0, 2), startOrder: ["task-1", "task-2"] };
  assertEquals(renderPlan(sleeps, 60).split("\n").slice(8), [
    "timeline (virtual time):",
    "  task-1 |########################| 0ms -> 3s",
    "  task-2 |################        | 0ms -> 2s",
    "          0ms                   3s",
    "",
  ]);
});

Deno.test("renderPlan() keeps the timeline within 10 to 60 characters whatever the terminal width", () => {
  for (const columns of [0, 40, 80, 500]) {
    const bars = renderPlan(PLAN, columns).split("\n").filter((line) =>
      line.startsWith("  task-1 |")
    );
    const width = bars[0].indexOf("|", 10) - bars[0].indexOf("|") - 1;
    assert(width >= 10 && width <= 60, `${columns} columns: ${width}`);
  }
});

Deno.test("renderPlan() draws a run that takes no time as one mark per task at the start", () => {
  const instant: Plan = {
    ...PLAN,
    durationMs: 0,
    tasks: [{ ...PLAN.tasks[0], name: "nap", does: "sleep 0ms", startMs: 0, endMs: 0 }],
  };
  const bar = renderPlan(instant, 80).split("\n").find((line) => line.startsWith("  nap |"));
  assert(bar?.startsWith("  nap |#   "), bar);
  assert(bar?.endsWith("| 0ms -> 0ms"), bar);
});

Deno.test("renderPlan() adds each task's URL count and download settings to what it does, and a table of each origin's rules", () => {
  const plan: Plan = {
    ...PLAN,
    tasks: [
      {
        ...PLAN.tasks[2],
        name: "pages",
        does: "GET https://a.example/[1-1000] → {1}.html",
        urls: 1000,
      },
      {
        ...PLAN.tasks[2],
        name: "listed",
        does: "GET each URL in urls.txt → {path}",
        urls: 1,
        downloads: ["resume", "checksums /srv/SHA256SUMS"],
      },
    ],
    startOrder: [],
    cookies: "/srv/jar.json",
    notify: { start: "hc.example", failure: "hc.example" },
    bandwidth: 2 * 1024 * 1024,
    origins: [
      {
        origin: "https://a.example",
        perHost: 2,
        rate: { count: 1, perMs: 1000 },
        delayMs: 500,
        jitterMs: 0,
        from: "origins",
        proxy: "http://***@proxy.test:3128",
        pipeline: 8,
        tasks: ["pages"],
      },
      {
        origin: "*",
        perHost: 6,
        rate: "per task",
        delayMs: 0,
        jitterMs: "per task",
        from: "defaults",
        proxy: "environment",
        pipeline: 1,
        tasks: ["listed", "x"],
      },
    ],
  };
  const lines = renderPlan(plan, 80).split("\n");
  assertEquals(lines.slice(2, 5), [
    "  name    kind   after   does",
    "  pages   fetch  task-2  GET https://a.example/[1-1000] → {1}.html (1,000 URLs)",
    "  listed  fetch  task-2  GET each URL in urls.txt → {path} (1 URL; resume; checksums /srv/SHA256SUMS)",
  ]);
  // A list with no URL: the run fails its task, which the plan says before it runs.
  const listed = plan.tasks.find((task) => task.name === "listed")!;
  const empty = { ...plan, tasks: [{ ...listed, downloads: undefined, urls: 0 }] };
  assertEquals(
    renderPlan(empty, 80).split("\n")[3],
    "  listed  fetch  task-2  GET each URL in urls.txt → {path} (no URLs: a run fails the task, unless allowEmptyList: true)",
  );
  // Unless the task allows an empty list: the run ends it done.
  const allowed = { ...empty, tasks: [{ ...empty.tasks[0], allowEmptyList: true as const }] };
  assertEquals(
    renderPlan(allowed, 80).split("\n")[3],
    "  listed  fetch  task-2  GET each URL in urls.txt → {path} (no URLs: a run ends the task done, as allowEmptyList allows)",
  );
  // A list's URLs on origins past the first 100 it names: the plan counts them.
  const spread = {
    ...plan,
    tasks: [{ ...listed, downloads: undefined, urls: 5000, otherOriginUrls: 1200 }],
  };
  assertEquals(
    renderPlan(spread, 80).split("\n")[3],
    "  listed  fetch  task-2  GET each URL in urls.txt → {path} (5,000 URLs; 1,200 on origins past its first 100)",
  );
  const origins = lines.indexOf(
    "origins (each rule is an origins: entry's, else its tasks' (per task when they differ)):",
  );
  assertEquals(lines.slice(origins + 1, origins + 4), [
    "  origin             perHost  rate      delay  jitter    proxy                       pipeline  rules     tasks",
    "  https://a.example  2        1/s       500ms  0ms       http://***@proxy.test:3128  8         origins:  pages",
    "  any other          6        per task  0ms    per task  environment                 1         defaults  listed,x",
  ]);
  assertEquals(lines.slice(origins + 4, origins + 8), [
    "",
    "bandwidth: 2.0 MiB/s, the run's bodies all together",
    "cookies: /srv/jar.json",
    "notify: start -> hc.example, failure -> hc.example",
  ]);
});

Deno.test("renderPlan() shows a plan of 200,000 tasks (no 'Maximum call stack size exceeded')", () => {
  const count = 200_000;
  const tasks = Array.from({ length: count }, (_, index) => ({
    name: `task-${index + 1}`,
    kind: "sleep" as const,
    after: [],
    does: `sleep ${index % 7}s`,
    startMs: 0,
    endMs: (index % 7) * 1000,
    outcome: "done" as const,
  }));
  tasks[count - 1].name = "the-longest-name";
  const plan: Plan = { outDir: "/srv/out", durationMs: 6000, startOrder: [], tasks };
  const lines = renderPlan(plan, 80).split("\n");
  assertEquals(lines[0], "plan: 200000 tasks, files under /srv/out");
  assertEquals(lines[2 + count], "  the-longest-name  sleep  -      sleep 2s");
  const axis = lines[lines.length - 2];
  assert(axis.endsWith("6s"), axis);
});

Deno.test("plan escapes a task name's bidirectional controls as a run's plain lines do, in every place it names the task", async () => {
  const config = validateConfig({
    tasks: [
      { name: "a\u202eb", sleep: "1s" },
      { name: "x", sleep: "1s", after: ["a\u202eb"] },
      { name: "f\u202eg", fetch: "https://h.example/", retries: 5 },
    ],
  }, "c.yaml");
  const world = createFakeWorld({ configs: { "c.yaml": config } });
  assertEquals(await main(["plan", "c.yaml"], world.host), EXIT_CODES.ok);
  const text = world.stdout();
  assert(!text.includes("\u202e"), text);
  const lines = text.split("\n");
  const has = (line: string) => assert(lines.includes(line), `${line}\nnot in\n${text}`);
  has("  a\\u202eb  sleep  -         sleep 1s");
  has("  x         sleep  a\\u202eb  sleep 1s");
  assert(lines.some((line) => line.startsWith("start order: a\\u202eb (0ms), ")), text);
  assert(lines.some((line) => line.startsWith("  a\\u202eb |")), text);
  has("  task f\\u202eg: retries 5");
  assert(
    lines.some((line) => line.startsWith("  https://h.example") && line.endsWith("f\\u202eg")),
    text,
  );
  // --json keeps the names as they are.
  const json = createFakeWorld({ configs: { "c.yaml": config } });
  assertEquals(await main(["plan", "--json", "c.yaml"], json.host), EXIT_CODES.ok);
  assertEquals(JSON.parse(json.stdout()).tasks[0].name, "a\u202eb");
});

Deno.test("plan names the first tasks a task runs after and counts the rest, so a task after 2,000 others pads no row wide", async () => {
  const count = 2000;
  const names = Array.from({ length: count - 1 }, (_, index) => `t${index}`);
  const config = validateConfig({
    tasks: [
      ...names.map((name) => ({ name, sleep: "1ms" })),
      { name: "report", sleep: "1ms", after: names },
    ],
  }, "c.yaml");
  const world = createFakeWorld({ configs: { "c.yaml": config } });
  assertEquals(await main(["plan", "c.yaml"], world.host), EXIT_CODES.ok);
  const lines = world.stdout().split("\n");
  assertEquals(lines.slice(2, 4), [
    "  name    kind   after                                   does",
    "  t0      sleep  -                                       sleep 1ms",
  ]);
  assertEquals(
    lines[2 + count],
    "  report  sleep  t0,t1,t2,t3,t4,t5,t6,t7,t8 +1,990 more  sleep 1ms",
  );
  // Every row of the table as wide as a few names: before, each was padded to 12 KB.
  for (const line of lines.slice(2, 3 + count)) assert(line.length <= 80, line);
  // --json still lists every name.
  const json = createFakeWorld({ configs: { "c.yaml": config } });
  assertEquals(await main(["plan", "--json", "c.yaml"], json.host), EXIT_CODES.ok);
  assertEquals(JSON.parse(json.stdout()).tasks[count - 1].after, names);
});

Deno.test("renderPlan() shows a long name a task runs after whole, and counts the others", () => {
  const long = "a-task-whose-name-is-longer-than-the-after-column-allows";
  const plan: Plan = {
    ...PLAN,
    tasks: [{ ...PLAN.tasks[0], after: [long, "b", "c"] }, { ...PLAN.tasks[1], after: ["b", "c"] }],
  };
  const lines = renderPlan(plan, 80).split("\n");
  assertEquals(lines[3].split(/ {2,}/)[3], `${long} +2 more`);
  assertEquals(lines[4].split(/ {2,}/)[3], "b,c");
});
