import { assert, assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { validateConfig } from "../config/mod.ts";
import { EXIT_CODES } from "./exit_codes.ts";
import { createFakeWorld, scriptedRun } from "../../tests/fixtures/fake_host.ts";
import { main } from "./main.ts";
import type { Plan } from "./plan.ts";

const CONFIG = validateConfig({
  outDir: "/srv/out",
  tasks: [
    { name: "task-1", sleep: "3s" },
    { name: "task-2", sleep: "2s" },
    { name: "search", fetch: "https://search.example/s?q=1", save: "{host}/{uuid}.html" },
  ],
}, "tasks.yaml");
const configs = { "tasks.yaml": CONFIG };

Deno.test("plan runs the config as a dry run in virtual time", async () => {
  const world = createFakeWorld({ configs });
  assertEquals(await main(["plan", "tasks.yaml"], world.host), EXIT_CODES.ok);
  const [{ options }] = world.runCalls;
  assertEquals([options.dryRun, options.virtualTime, options.signal], [true, true, undefined]);
});

Deno.test("plan prints the tasks, what each does, the start order and the timeline", async () => {
  const world = createFakeWorld({ configs });
  await main(["plan", "tasks.yaml"], world.host);
  const text = world.stdout();
  for (
    const expected of [
      "plan for tasks.yaml: 3 tasks, files under /srv/out\n",
      "  task-1  sleep  -      sleep 3s\n",
      "  search  fetch  -      GET https://search.example/s?q=1 → {host}/{uuid}.html\n",
      "start order: task-1 (0ms), task-2 (0ms), search (0ms)\n",
      "  task-1 |#",
    ]
  ) {
    assert(text.includes(expected), `missing ${JSON.stringify(expected)} in:\n${text}`);
  }
  assert(!text.includes("\x1b"));
});

Deno.test("plan shows a sleep of days in days, as a config writes it (25d, not 600h)", async () => {
  const config = validateConfig({
    outDir: "/srv/out",
    tasks: [{ name: "month", sleep: "25d" }, { name: "next", sleep: "36h", after: ["month"] }],
  }, "tasks.yaml");
  const world = createFakeWorld({ configs: { "tasks.yaml": config } });
  assertEquals(await main(["plan", "tasks.yaml"], world.host), EXIT_CODES.ok);
  const text = world.stdout();
  for (const expected of ["sleep 25d\n", "sleep 1d12h\n"]) {
    assert(text.includes(expected), `missing ${JSON.stringify(expected)} in:\n${text}`);
  }
});

Deno.test("plan --json prints the plan as JSON", async () => {
  const world = createFakeWorld({ configs });
  assertEquals(await main(["plan", "--json", "tasks.yaml"], world.host), EXIT_CODES.ok);
  const plan: Plan = JSON.parse(world.stdout());
  assertEquals(plan.startOrder, ["task-1", "task-2", "search"]);
  assertEquals(plan.tasks.map((task) => [task.name, task.startMs, task.endMs, task.endsBy]), [
    ["task-1", 0, 3000, undefined],
    ["task-2", 0, 2000, undefined],
    ["search", 0, null, "network"],
  ]);
  assertEquals(plan.plusUnknown, true);
});

Deno.test("plan exits 1 when a task would not end done even in a dry run", async () => {
  const world = createFakeWorld({
    configs,
    run: scriptedRun({ search: { outcome: "failed", message: "no" } }),
  });
  assertEquals(await main(["plan", "tasks.yaml"], world.host), EXIT_CODES.taskFailed);
});

Deno.test("plan writes the run's warnings (insecure: true) to stderr; the plan on stdout stays clean", async () => {
  const warning = 'Task "search": TLS hostname verification is OFF (insecure: true) for https://x/';
  for (const flags of [[], ["--json"]]) {
    const world = createFakeWorld({ configs, run: scriptedRun({}, [warning]) });
    assertEquals(await main(["plan", "tasks.yaml", ...flags], world.host), EXIT_CODES.ok);
    assertEquals(world.stderr(), `warning: ${warning}\n`);
    assert(!world.stdout().includes(warning));
  }
});

Deno.test("plan shows each task's URL count (a list's lines counted, nothing fetched) and each origin's rules; --json has them too", async () => {
  const dir = await Deno.makeTempDir({ prefix: "corun-plan-" });
  try {
    await Deno.writeTextFile(`${dir}/urls.txt`, "https://a.example/1\nhttps://b.example/2\n# c\n");
    const config = validateConfig({
      outDir: "/srv/out",
      origins: { "https://a.example": { rate: "2/s", perHost: 1 } },
      tasks: [
        { name: "pages", fetch: "https://a.example/[1-250].html", save: "{1}.html" },
        { name: "listed", fetch: { urls: "urls.txt" }, save: "{path}", delay: "1s" },
      ],
    }, `${dir}/tasks.yaml`);
    const world = createFakeWorld({ configs: { "tasks.yaml": config } });
    assertEquals(await main(["plan", "tasks.yaml"], world.host), EXIT_CODES.ok);
    const text = world.stdout();
    for (
      const expected of [
        "  pages   fetch  -      GET https://a.example/[1-250].html → {1}.html (250 URLs)\n",
        "  listed  fetch  -      GET each URL in urls.txt → {path} (2 URLs)\n",
        "  task listed: delay 1s\n",
        // pages' delay is 0, listed's 1s: a.example's entry sets no delay, so each task's holds.
        "  origin             perHost  rate  delay     jitter  proxy        pipeline  rules     tasks\n",
        "  https://a.example  1        2/s   per task  0ms     environment  1         origins:  pages,listed\n",
        "  https://b.example  6        none  1s        0ms     environment  1         defaults  listed\n",
        "  any other          6        none  0ms       0ms     environment  1         defaults  -\n",
      ]
    ) {
      assert(text.includes(expected), `missing ${JSON.stringify(expected)} in:\n${text}`);
    }
    const json = createFakeWorld({ configs: { "tasks.yaml": config } });
    await main(["plan", "--json", "tasks.yaml"], json.host);
    const plan: Plan = JSON.parse(json.stdout());
    assertEquals(plan.tasks.map((task) => task.urls), [250, 2]);
    assertEquals(
      plan.origins?.map((origin) => [origin.origin, origin.rate, origin.delayMs, origin.tasks]),
      [
        ["https://a.example", { count: 2, perMs: 1000 }, "per task", ["pages", "listed"]],
        ["https://b.example", null, 1000, ["listed"]],
        ["*", null, 0, []],
      ],
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("plan shows the rate, delay and jitter an origin's fetches use: its tasks' own where no origins: entry sets them; --json too", async () => {
  const config = validateConfig({
    outDir: "/srv/out",
    origins: { "http://127.0.0.1:18102": { rate: "10/s" } },
    defaults: { delay: "300ms", jitter: "100ms" },
    tasks: [
      // The origin's rate wins over b's own; b's delay: 0 still lifts the defaults' 300ms.
      {
        name: "b",
        fetch: "http://127.0.0.1:18102/b[1-6]",
        save: "b/{1}.txt",
        rate: "1/s",
        delay: "0s",
      },
      { name: "c", fetch: "http://127.0.0.1:18103/c", save: "c.txt", rate: "1/s", jitter: "0s" },
      { name: "d", fetch: "http://127.0.0.1:18104/d", save: "d.txt", delay: "1s" },
      { name: "e", fetch: "http://127.0.0.1:18104/e", save: "e.txt", delay: "2s" },
    ],
  }, "tasks.yaml");
  const world = createFakeWorld({ configs: { "tasks.yaml": config } });
  assertEquals(await main(["plan", "tasks.yaml"], world.host), EXIT_CODES.ok);
  const text = world.stdout();
  for (
    const expected of [
      "  origin                  perHost  rate  delay     jitter  proxy        pipeline  rules     tasks\n",
      "  http://127.0.0.1:18102  6        10/s  0ms       100ms   environment  1         origins:  b\n",
      "  http://127.0.0.1:18103  6        1/s   300ms     0ms     environment  1         defaults  c\n",
      "  http://127.0.0.1:18104  6        none  per task  100ms   environment  1         defaults  d,e\n",
      "  any other               6        none  300ms     100ms   environment  1         defaults  -\n",
    ]
  ) {
    assert(text.includes(expected), `missing ${JSON.stringify(expected)} in:\n${text}`);
  }
  const json = createFakeWorld({ configs: { "tasks.yaml": config } });
  await main(["plan", "--json", "tasks.yaml"], json.host);
  const plan: Plan = JSON.parse(json.stdout());
  assertEquals(
    plan.origins?.map(({ origin, rate, delayMs, jitterMs }) => [origin, rate, delayMs, jitterMs]),
    [
      ["http://127.0.0.1:18102", { count: 10, perMs: 1000 }, 0, 100],
      ["http://127.0.0.1:18103", { count: 1, perMs: 1000 }, 300, 0],
      ["http://127.0.0.1:18104", null, "per task", 100],
      ["*", null, 300, 100],
    ],
  );
});

Deno.test("plan warns, and still plans, when a list file cannot be counted", async () => {
  const dir = await Deno.makeTempDir({ prefix: "corun-plan-" });
  try {
    await Deno.writeTextFile(`${dir}/urls.txt`, "https://a.example/1\n");
    const config = validateConfig({
      tasks: [{ name: "listed", fetch: { urls: "urls.txt" }, save: "{path}" }],
    }, `${dir}/tasks.yaml`);
    await Deno.remove(`${dir}/urls.txt`);
    const world = createFakeWorld({ configs: { "tasks.yaml": config } });
    assertEquals(await main(["plan", "tasks.yaml"], world.host), EXIT_CODES.ok);
    assert(world.stderr().startsWith('warning: Cannot count the URLs of task "listed": '));
    assert(world.stdout().includes("GET each URL in urls.txt → {path}\n"), world.stdout());
    // Where its URLs go is unknown: anywhere, under "any other".
    assert(/\n {2}any other .* listed\n/.test(world.stdout()), world.stdout());
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("plan shows a sleep of 1000s as 16m40s, not 16.67m, in the table and the timeline", async () => {
  const config = validateConfig({
    outDir: "/srv/out",
    tasks: [{ name: "nap", sleep: "1000s" }, { name: "night", sleep: "1h30m" }],
  }, "long.yaml");
  const world = createFakeWorld({ configs: { "long.yaml": config } });
  assertEquals(await main(["plan", "long.yaml"], world.host), EXIT_CODES.ok);
  const text = world.stdout();
  for (
    const expected of [
      "  nap    sleep  -      sleep 16m40s\n",
      "  night  sleep  -      sleep 1h30m\n",
      "| 0ms -> 16m40s\n",
      "| 0ms -> 1h30m\n",
    ]
  ) {
    assert(text.includes(expected), `missing ${JSON.stringify(expected)} in:\n${text}`);
  }
});

Deno.test("plan says a list task fetches the URLs its file lists, puts it under their origins, leaves its end to the network, and fits 100 columns", async () => {
  const dir = await Deno.makeTempDir({ prefix: "corun-plan-" });
  try {
    await Deno.writeTextFile(`${dir}/urls.txt`, "https://example.org/a\nhttps://example.org/b\n");
    const config = validateConfig({
      defaults: { rate: "2/s" },
      origins: { "https://example.org": { rate: "1/s", delay: "500ms" } },
      tasks: [
        { name: "list", fetch: { urls: "urls.txt" }, save: "out/{path}" },
        { name: "one", fetch: "https://example.org/x", save: "out/x.html" },
      ],
    }, `${dir}/c.yaml`);
    const world = createFakeWorld({ configs: { "c.yaml": config } });
    assertEquals(await main(["plan", "c.yaml"], world.host), EXIT_CODES.ok);
    const lines = world.stdout().split("\n");
    for (
      const expected of [
        "  list  fetch  -      GET each URL in urls.txt → out/{path} (2 URLs)",
        "timeline (virtual time; ? is time only the run can tell):",
        "  https://example.org  6        1/s   500ms  0ms     environment  1         origins:  list,one",
        "  any other            6        2/s   0ms    0ms     environment  1         defaults  -",
      ]
    ) {
      assert(
        lines.includes(expected),
        `missing ${JSON.stringify(expected)} in:\n${lines.join("\n")}`,
      );
    }
    assert(lines.some((line) => /^ {2}list \|#\? +\| 0ms -> \? \(network\)$/.test(line)));
    assert(lines.some((line) => line.endsWith("0ms + ?")), lines.join("\n"));
    // But for the line that names the temporary folder, as long as the system makes it.
    for (const line of lines.filter((line) => !line.includes(dir))) {
      assert(line.length <= 100, `${line.length} columns: ${line}`);
    }
    // The JSON says the same.
    const json = createFakeWorld({ configs: { "c.yaml": config } });
    await main(["plan", "--json", "c.yaml"], json.host);
    const plan: Plan = JSON.parse(json.stdout());
    assertEquals(plan.tasks.map((task) => [task.does, task.endMs, task.endsBy]), [
      ["GET each URL in urls.txt → out/{path}", null, "network"],
      ["GET https://example.org/x → out/x.html", null, "network"],
    ]);
    assertEquals(plan.origins?.map((origin) => [origin.origin, origin.tasks]), [
      ["https://example.org", ["list", "one"]],
      ["*", []],
    ]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("plan refuses, as check and run do, an outDir that is a file and a metadata log outside the output directory: exit 2, no plan", async () => {
  const file = await Deno.makeTempFile({ prefix: "corun-plan-outdir-" });
  try {
    const tasks = [{ name: "a", fetch: "https://x.example/a", save: "a.txt" }];
    const configs = {
      "file.yaml": validateConfig({ outDir: file, tasks }, "file.yaml"),
      "meta.yaml": validateConfig(
        { outDir: "/srv/out", metadata: "/tmp/m.jsonl", tasks },
        "meta.yaml",
      ),
    };
    const world = createFakeWorld({ configs });
    assertEquals(await main(["plan", "file.yaml"], world.host), EXIT_CODES.usage);
    assertEquals(await main(["plan", "meta.yaml"], world.host), EXIT_CODES.usage);
    assertEquals(world.stdout(), "");
    assertEquals(world.runCalls.length, 0);
    assertEquals(
      world.stderr(),
      `file.yaml: outDir: ${JSON.stringify(file)} is a file, not a directory\n` +
        'meta.yaml: metadata: "/tmp/m.jsonl" leaves the output directory "/srv/out"; write a ' +
        "path inside it\n",
    );
  } finally {
    await Deno.remove(file);
  }
});
