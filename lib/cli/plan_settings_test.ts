import { assert, assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { loadConfig, validateConfig } from "../config/mod.ts";
import { createFakeWorld } from "../../tests/fixtures/fake_host.ts";
import { withTempDir } from "../../tests/fixtures/temp_dir.ts";
import { EXIT_CODES } from "./exit_codes.ts";
import { main } from "./main.ts";
import type { Plan } from "./plan.ts";
import { writePlanJson } from "./plan_json.ts";
import { MAX_GROUP_NAMES } from "./plan_settings_render.ts";

const withDir = withTempDir("corun-plan-settings-");

/** Defaults, task overrides and a YAML merge key, an origins: entry over a task's own rate. */
const CONFIG_YAML = [
  "concurrency: 4",
  "keepRuns: 5",
  "maxIdleConnections: 300",
  "x-slow: &slow { timeout: 2m, retries: 5 }",
  "origins:",
  '  "https://fast.example": { rate: 100/s }',
  "defaults:",
  "  delay: 250ms",
  "  timeout: { total: 10m }",
  "  maxBodySize: 4GiB",
  "tasks:",
  "  - { name: merged, fetch: https://a.example/1, <<: *slow }",
  "  - { name: twin, fetch: https://a.example/2, <<: *slow }",
  "  - name: own",
  "    fetch: https://a.example/3",
  "    <<: *slow",
  "    retries: 1",
  "    rate: 2/90s",
  "  - { name: fast, fetch: 'https://fast.example/[1-3]', rate: 1/10s }",
  "  - { name: mixed, fetch: 'https://{fast,slow}.example/x', rate: 1/10s }",
  "  - { name: plain, fetch: https://a.example/4 }",
  "  - { name: direct, fetch: https://a.example/5, noProxy: intranet.local }",
  "",
].join("\n");

/** Plans the YAML config above, as text or `--json`. */
async function plan(json: boolean): Promise<string> {
  return await withDir(async (dir) => {
    await Deno.writeTextFile(`${dir}/c.yaml`, CONFIG_YAML);
    const config = await loadConfig(`${dir}/c.yaml`);
    const world = createFakeWorld({ configs: { "c.yaml": config } });
    const args = json ? ["plan", "--json", "c.yaml"] : ["plan", "c.yaml"];
    assertEquals(await main(args, world.host), EXIT_CODES.ok);
    return world.stdout();
  });
}

Deno.test("plan shows the settings that differ from corun's built-in, each where it comes from: defaults, a task's own (a YAML merge key's among them), an origins: entry", async () => {
  const lines = (await plan(false)).split("\n");
  const start = lines.findIndex((line) => line.startsWith("settings ("));
  assert(start > 0, lines.join("\n"));
  assertEquals(lines.slice(start, start + 9), [
    "settings (only those not corun's built-in; a fetch task not named here runs with the defaults):",
    "  run: concurrency 4, maxIdleConnections 300, keepRuns 5; built-in perHost 6, keepHistory 1000",
    "  defaults: timeout.total 10m, maxBodySize 4GiB, delay 250ms",
    "  tasks merged, twin: timeout.headers 2m, timeout.idle 2m, retries 5",
    // The delay is the defaults', not "own"; the merge key's retries give way to the task's.
    "  task own: timeout.headers 2m, timeout.idle 2m, retries 1, rate 2/90s",
    // Every URL of it goes to an origin whose entry sets a rate: the task's own is not the one used.
    "  task fast: rate 100/s (origins:, not its own 1/10s)",
    "  task mixed: rate 1/10s (origins: 100/s at https://fast.example)",
    "  task direct: noProxy intranet.local",
    "",
  ]);
  // A task's line says what it does, not its settings.
  assert(!lines.some((line) => line.includes("own rate")), lines.join("\n"));
});

Deno.test("plan --json has every setting of every fetch task, in ms and bytes, with where it comes from", async () => {
  const json: Plan = JSON.parse(await plan(true));
  assertEquals(json.run, {
    concurrency: { value: 4, from: "config" },
    perHost: { value: 6, from: "built-in" },
    maxIdleConnections: { value: 300, from: "config" },
    keepRuns: { value: 5, from: "config" },
    keepHistory: { value: 1000, from: "built-in" },
  });
  const settingsOf = (name: string) => json.tasks.find((task) => task.name === name)!.settings!;
  const own = settingsOf("own");
  assertEquals(Object.keys(own).length, 34);
  assertEquals(own["timeout.connect"], { value: 10_000, unit: "ms", from: "built-in" });
  assertEquals(own["timeout.headers"], { value: 120_000, unit: "ms", from: "task" });
  assertEquals(own["timeout.total"], { value: 600_000, unit: "ms", from: "defaults" });
  assertEquals(own.retries, { value: 1, from: "task" });
  assertEquals(own.retryOn, { value: [429, 500, 502, 503, 504], from: "built-in" });
  assertEquals(own.maxBodySize, { value: 4 * 2 ** 30, unit: "bytes", from: "defaults" });
  assertEquals(own.delay, { value: 250, unit: "ms", from: "defaults" });
  assertEquals(own.rate, { value: { count: 2, perMs: 90_000 }, from: "task" });
  assertEquals(own["crawl.maxFetches"], { value: 10_000, from: "built-in" });
  assertEquals(own.proxy, { value: "environment", from: "built-in" });
  // The merge key's values are the task's own.
  assertEquals(settingsOf("merged").retries, { value: 5, from: "task" });
  assertEquals(settingsOf("plain").retries, { value: 2, from: "built-in" });
  assertEquals(settingsOf("plain").noProxy, { value: null, from: "built-in" });
  assertEquals(settingsOf("direct").noProxy, { value: "intranet.local", from: "task" });
  assertEquals(settingsOf("fast").rate, {
    value: { count: 100, perMs: 1000 },
    from: "origins",
    replaces: { value: { count: 1, perMs: 10_000 }, from: "task" },
  });
  assertEquals(settingsOf("mixed").rate, {
    value: { count: 1, perMs: 10_000 },
    from: "task",
    byOrigin: { "https://fast.example": { count: 100, perMs: 1000 } },
  });
  // What a custom task's ctx.fetch runs with, and every fetch task starts from.
  assertEquals(json.defaults?.delay, { value: 250, unit: "ms", from: "defaults" });
  assertEquals(json.defaults?.retries, { value: 2, from: "built-in" });
});

Deno.test("plan names the headers of the defaults and of each task that sends its own, never their values", async () => {
  const config = validateConfig({
    defaults: { headers: { "User-Agent": "my-bot/1.0" } },
    tasks: [
      // Another value of the same header is the task's own, though its name reads the same.
      { name: "agent", fetch: "https://a.example/1", headers: { "user-agent": "other-bot" } },
      { name: "keyed", fetch: "https://a.example/2", headers: { "X-Api-Key": "k3y-secret" } },
      { name: "same", fetch: "https://a.example/3", headers: { "User-Agent": "my-bot/1.0" } },
      { name: "plain", fetch: "https://a.example/4" },
    ],
  }, "c.yaml");
  const world = createFakeWorld({ configs: { "c.yaml": config } });
  assertEquals(await main(["plan", "c.yaml"], world.host), EXIT_CODES.ok);
  const lines = world.stdout().split("\n");
  const start = lines.findIndex((line) => line.startsWith("settings ("));
  assertEquals(lines.slice(start + 2, start + 6), [
    "  defaults: headers [User-Agent] (values not shown)",
    "  task agent: headers [user-agent] (values not shown)",
    "  task keyed: headers [User-Agent, X-Api-Key] (values not shown)",
    "",
  ]);
  const jsonWorld = createFakeWorld({ configs: { "c.yaml": config } });
  assertEquals(await main(["plan", "--json", "c.yaml"], jsonWorld.host), EXIT_CODES.ok);
  const json: Plan = JSON.parse(jsonWorld.stdout());
  const headersOf = (name: string) =>
    json.tasks.find((task) => task.name === name)!.settings!.headers;
  assertEquals(json.defaults?.headers, { value: ["User-Agent"], from: "defaults" });
  assertEquals(headersOf("keyed"), { value: ["User-Agent", "X-Api-Key"], from: "task" });
  assertEquals(headersOf("same"), { value: ["User-Agent"], from: "defaults" });
  assertEquals(headersOf("plain"), { value: ["User-Agent"], from: "defaults" });
  for (const text of [world.stdout(), jsonWorld.stdout()]) {
    for (const value of ["my-bot", "other-bot", "k3y-secret"]) assert(!text.includes(value), text);
  }
});

Deno.test("plan lists a proxy, resume and sha256 of the defaults, and a task that turns them off, under settings (the proxy's password hidden)", async () => {
  const config = validateConfig({
    defaults: { proxy: "http://me:s3cret@proxy.example:3128", resume: true, sha256: true },
    tasks: [
      { name: "plain", fetch: "https://a.example/1", save: "1.html" },
      { name: "direct", fetch: "https://a.example/2", save: "2.html", proxy: false, sha256: false },
    ],
  }, "c.yaml");
  const world = createFakeWorld({ configs: { "c.yaml": config } });
  assertEquals(await main(["plan", "c.yaml"], world.host), EXIT_CODES.ok);
  const lines = world.stdout().split("\n");
  const start = lines.findIndex((line) => line.startsWith("settings ("));
  // Before, "defaults: all built-in", and no line for "direct", which the header says runs with them.
  assertEquals(lines.slice(start + 2, start + 5), [
    "  defaults: proxy http://***@proxy.example:3128, resume true, sha256 true",
    "  task direct: proxy direct, sha256 false",
    "",
  ]);
  assert(!world.stdout().includes("s3cret"), world.stdout());
});

Deno.test("plan shows a callbackTimeout of the defaults and of a task that sets its own, in ms in --json", async () => {
  const config = validateConfig({
    defaults: { callbackTimeout: "10m" },
    tasks: [
      { name: "plain", fetch: "https://a.example/1" },
      { name: "quick", fetch: "https://a.example/2", callbackTimeout: "30s" },
    ],
  }, "c.yaml");
  const world = createFakeWorld({ configs: { "c.yaml": config } });
  assertEquals(await main(["plan", "c.yaml"], world.host), EXIT_CODES.ok);
  const lines = world.stdout().split("\n");
  const start = lines.findIndex((line) => line.startsWith("settings ("));
  assertEquals(lines.slice(start + 2, start + 5), [
    "  defaults: callbackTimeout 10m",
    "  task quick: callbackTimeout 30s",
    "",
  ]);
  const json = createFakeWorld({ configs: { "c.yaml": config } });
  assertEquals(await main(["plan", "--json", "c.yaml"], json.host), EXIT_CODES.ok);
  const plan: Plan = JSON.parse(json.stdout());
  const settingsOf = (name: string) => plan.tasks.find((task) => task.name === name)!.settings!;
  assertEquals(settingsOf("quick").callbackTimeout, { value: 30_000, unit: "ms", from: "task" });
  assertEquals(settingsOf("plain").callbackTimeout, {
    value: 600_000,
    unit: "ms",
    from: "defaults",
  });
});

Deno.test("plan shows pipeline 1, and why, for a task whose requests are never pipelined, whatever its settings and origins: ask", async () => {
  const config = validateConfig({
    defaults: { pipeline: 4 },
    origins: { "https://b.example": { pipeline: 8 } },
    tasks: [
      { name: "get", fetch: "https://a.example/1" },
      { name: "post", fetch: { url: "https://a.example/2", method: "POST", body: "x" } },
      { name: "callback", fetch: "https://b.example/3", onResponse: function* () {} },
    ],
  }, "c.yaml");
  const world = createFakeWorld({ configs: { "c.yaml": config } });
  assertEquals(await main(["plan", "c.yaml"], world.host), EXIT_CODES.ok);
  const lines = world.stdout().split("\n");
  const start = lines.findIndex((line) => line.startsWith("settings ("));
  // Before, the POST ran with "pipeline 4" of the defaults, as far as the plan told.
  assertEquals(lines.slice(start + 2, start + 6), [
    "  defaults: pipeline 4",
    "  task post: pipeline 1 (only GET and HEAD are pipelined)",
    "  task callback: pipeline 1 (onResponse gets its body unread)",
    "",
  ]);
  // An origin's tasks agree on what their requests get: 4 for the GET, 1 for the POST.
  const origin = lines.find((line) => line.startsWith("  https://a.example "));
  assert(origin?.includes(" per task "), origin);
  const json = createFakeWorld({ configs: { "c.yaml": config } });
  assertEquals(await main(["plan", "--json", "c.yaml"], json.host), EXIT_CODES.ok);
  const plan: Plan = JSON.parse(json.stdout());
  const pipelineOf = (name: string) =>
    plan.tasks.find((task) => task.name === name)!.settings!.pipeline;
  assertEquals(pipelineOf("get"), { value: 4, from: "defaults" });
  assertEquals(pipelineOf("post"), {
    value: 1,
    from: "request",
    why: "only GET and HEAD are pipelined",
  });
  assertEquals(pipelineOf("callback"), {
    value: 1,
    from: "request",
    why: "onResponse gets its body unread",
  });
});

Deno.test("plan shows resume false, and why, for a task whose fetches are never continued, whatever its settings ask", async () => {
  const config = validateConfig({
    defaults: { resume: true },
    tasks: [
      { name: "get", fetch: "https://a.example/1", save: "1" },
      { name: "post", fetch: { url: "https://a.example/2", method: "POST", body: "x" }, save: "2" },
      {
        name: "ranged",
        fetch: { url: "https://a.example/3", headers: { Range: "bytes=0-9" } },
        save: "3",
      },
      { name: "unsaved", fetch: "https://a.example/4" },
      { name: "callback", fetch: "https://a.example/5", save: "5", onResponse: function* () {} },
    ],
  }, "c.yaml");
  const world = createFakeWorld({ configs: { "c.yaml": config } });
  assertEquals(await main(["plan", "--json", "c.yaml"], world.host), EXIT_CODES.ok);
  const plan: Plan = JSON.parse(world.stdout());
  const resumeOf = (name: string) =>
    plan.tasks.find((task) => task.name === name)!.settings!.resume;
  assertEquals(resumeOf("get"), { value: true, from: "defaults" });
  // Before, they said resume true of the defaults, which they never do (the last saves nothing).
  const never = (why: string) => ({ value: false, from: "request", why });
  assertEquals([resumeOf("post"), resumeOf("ranged"), resumeOf("unsaved"), resumeOf("callback")], [
    never("only a GET is resumed"),
    never("it asks for a Range of its own"),
    never('corun saves no file of its body (no save, or save "-")'),
    never("onResponse takes its body"),
  ]);
});

Deno.test("plan groups the tasks that set the same on one line, and names the first few of many", async () => {
  const count = 1000;
  const config = validateConfig({
    defaults: { retries: 4 },
    tasks: [
      ...Array.from({ length: count }, (_, index) => ({
        name: `t${index}`,
        fetch: `https://h${index % 7}.example/${index}`,
        ...(index % 2 === 0 ? { timeout: { total: "1h" } } : {}),
      })),
      { name: "odd", fetch: "https://h1.example/odd", maxRedirects: 0, insecure: true },
    ],
  }, "c.yaml");
  const world = createFakeWorld({ configs: { "c.yaml": config } });
  assertEquals(await main(["plan", "c.yaml"], world.host), EXIT_CODES.ok);
  const lines = world.stdout().split("\n");
  const start = lines.findIndex((line) => line.startsWith("settings ("));
  const first = Array.from({ length: MAX_GROUP_NAMES }, (_, index) => `t${index * 2}`);
  assertEquals(lines.slice(start + 1, start + 6), [
    "  run: built-in concurrency 16, perHost 6, maxIdleConnections 1024, keepRuns 30, keepHistory 1000",
    "  defaults: retries 4",
    `  tasks ${first.join(", ")} and ${count / 2 - MAX_GROUP_NAMES} more: timeout.total 1h`,
    "  task odd: maxRedirects 0, insecure true",
    "",
  ]);
});

Deno.test("plan --json writes what JSON.stringify writes, a task at a time", () => {
  const shared = { retries: { value: 2, from: "built-in" as const } };
  const plan: Plan = {
    source: "c.yaml",
    outDir: "/srv/out",
    durationMs: 0,
    startOrder: ["a"],
    tasks: ["a", "b", "c"].map((name) => ({
      name,
      kind: "fetch" as const,
      after: [],
      does: `GET https://x.example/${name}\n"quoted"`,
      startMs: 0,
      endMs: null,
      outcome: "done" as const,
      settings: shared,
    })),
    run: {
      concurrency: { value: 1, from: "config" },
      perHost: { value: 6, from: "built-in" },
      maxIdleConnections: { value: 1024, from: "built-in" },
      keepRuns: { value: 30, from: "built-in" },
      keepHistory: { value: 1000, from: "built-in" },
    },
  };
  for (const shown of [plan, { ...plan, tasks: [] }]) {
    const writes: string[] = [];
    writePlanJson(shown, { write: (text) => void writes.push(text) });
    assertEquals(writes.join(""), `${JSON.stringify(shown, null, 2)}\n`);
  }
});
