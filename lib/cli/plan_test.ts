import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { validateConfig } from "../config/mod.ts";
import type { RunReport } from "../tasks/mod.ts";
import { addUrlCounts, buildPlan, planOrigins, recordStartOrder } from "./plan.ts";
import { planReach } from "./plan_reach.ts";
import { ProxyRouter } from "../http/mod.ts";
import { proxyEnvironmentFrom } from "../net/mod.ts";

const CONFIG = validateConfig({
  outDir: "/srv/out",
  tasks: [
    { name: "task-1", sleep: "3s" },
    { name: "task-2", sleep: "2s" },
    { name: "blog", fetch: "https://blog.example/", save: "blog.html", after: ["task-2"] },
  ],
}, "tasks.yaml");

const REPORT: RunReport = {
  source: "tasks.yaml",
  startedAt: "",
  endedAt: "",
  durationMs: 3000,
  virtualTime: true,
  interrupted: false,
  warnings: [],
  counts: { done: 3, failed: 0, cancelled: 0, skipped: 0 },
  tasks: [
    { name: "task-1", kind: "sleep", outcome: "done", startMs: 0, endMs: 3000 },
    { name: "task-2", kind: "sleep", outcome: "done", startMs: 0, endMs: 2000 },
    { name: "blog", kind: "fetch", outcome: "done", startMs: 2000, endMs: 2000 },
  ],
};

Deno.test("buildPlan() joins each declared task with its dry-run times", () => {
  assertEquals(buildPlan(CONFIG, REPORT, ["task-2", "task-1", "blog"]), {
    source: "tasks.yaml",
    outDir: "/srv/out",
    durationMs: 3000,
    plusUnknown: true,
    startOrder: ["task-2", "task-1", "blog"],
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
        // The dry run ends a fetch as it starts: when it ends is the network's to tell.
        endMs: null,
        outcome: "done",
        endsBy: "network",
      },
    ],
  });
});

Deno.test("buildPlan() leaves the end of fetch and custom tasks to the run, and marks what starts after one as later by that much", () => {
  const config = validateConfig({
    tasks: [
      { name: "nap", sleep: "1s" },
      { name: "page", fetch: "https://a.example/", after: ["nap"] },
      { name: "read", sleep: "2s", after: ["page"] },
      { name: "then", sleep: "1s", after: ["read", "nap"] },
      { name: "apart", sleep: "5s", after: ["nap"] },
      { name: "never", fetch: "https://a.example/n", after: ["then"] },
    ],
  }, "tasks.yaml");
  const report: RunReport = {
    ...REPORT,
    durationMs: 6000,
    tasks: [
      { name: "nap", kind: "sleep", outcome: "done", startMs: 0, endMs: 1000 },
      { name: "page", kind: "fetch", outcome: "done", startMs: 1000, endMs: 1000 },
      { name: "read", kind: "sleep", outcome: "done", startMs: 1000, endMs: 3000 },
      { name: "then", kind: "sleep", outcome: "done", startMs: 3000, endMs: 4000 },
      { name: "apart", kind: "sleep", outcome: "done", startMs: 1000, endMs: 6000 },
      { name: "never", kind: "fetch", outcome: "skipped", startMs: null, endMs: null },
    ],
  };
  const plan = buildPlan(config, report, []);
  assertEquals(plan.plusUnknown, true);
  assertEquals(
    plan.tasks.map((task) => [task.name, task.endMs, task.endsBy, task.plusUnknown]),
    [
      ["nap", 1000, undefined, undefined],
      ["page", null, "network", undefined],
      ["read", 3000, undefined, true],
      ["then", 4000, undefined, true],
      ["apart", 6000, undefined, undefined],
      ["never", null, undefined, undefined],
    ],
  );
  const custom = validateConfig({
    tasks: [{ name: "code", run: function* () {} }, {
      name: "after",
      sleep: "1s",
      after: ["code"],
    }],
  }, "tasks.ts");
  const customReport: RunReport = {
    ...REPORT,
    tasks: [
      { name: "code", kind: "custom", outcome: "done", startMs: 0, endMs: 0 },
      { name: "after", kind: "sleep", outcome: "done", startMs: 0, endMs: 1000 },
    ],
  };
  assertEquals(
    buildPlan(custom, customReport, []).tasks.map((task) => [task.endsBy, task.plusUnknown]),
    [["code", undefined], [undefined, true]],
  );
});

Deno.test("buildPlan() marks a chain of 50,000 tasks after a fetch, declared last first (no 'Maximum call stack size exceeded')", () => {
  const count = 50_000;
  // Each task after the one declared next: walking from the first goes the whole chain deep.
  const config = validateConfig({
    tasks: [
      ...Array.from({ length: count - 1 }, (_, i) => ({
        name: `t${i}`,
        sleep: "1s",
        after: [`t${i + 1}`],
      })),
      { name: `t${count - 1}`, fetch: "https://a.example/" },
    ],
  }, "tasks.yaml");
  const report: RunReport = {
    ...REPORT,
    tasks: Array.from({ length: count }, (_, i) => ({
      name: `t${i}`,
      kind: i === count - 1 ? "fetch" as const : "sleep" as const,
      outcome: "done" as const,
      startMs: (count - 2 - i) * 1000,
      endMs: (count - 1 - i) * 1000,
    })),
  };
  const plan = buildPlan(config, report, []);
  assertEquals(plan.tasks[0].plusUnknown, true);
  assertEquals(plan.tasks.filter((task) => task.plusUnknown).length, count - 1);
});

Deno.test("buildPlan() keeps a plan of sleeps exact: no task's end is left to the run", () => {
  const config = validateConfig({
    tasks: [{ name: "a", sleep: "1s" }, { name: "b", sleep: "1s", after: ["a"] }],
  }, "tasks.yaml");
  const report: RunReport = {
    ...REPORT,
    durationMs: 2000,
    tasks: [
      { name: "a", kind: "sleep", outcome: "done", startMs: 0, endMs: 1000 },
      { name: "b", kind: "sleep", outcome: "done", startMs: 1000, endMs: 2000 },
    ],
  };
  const plan = buildPlan(config, report, []);
  assertEquals(plan.plusUnknown, undefined);
  assertEquals(plan.tasks.map((task) => [task.endMs, task.endsBy, task.plusUnknown]), [
    [1000, undefined, undefined],
    [2000, undefined, undefined],
  ]);
});

Deno.test("buildPlan() names a list by its path from the config's folder, and says its URLs are fetched, not the file", async () => {
  const dir = await Deno.makeTempDir({ prefix: "corun-plan-" });
  const far = await Deno.makeTempDir({ prefix: "corun-plan-far-" });
  try {
    await Deno.mkdir(`${dir}/lists`);
    await Deno.writeTextFile(`${dir}/lists/urls.txt`, "https://a.example/1\n");
    await Deno.writeTextFile(`${dir}/lists/SHA256SUMS`, "");
    await Deno.writeTextFile(`${far}/urls.txt`, "https://a.example/1\n");
    const config = validateConfig({
      tasks: [
        {
          name: "listed",
          fetch: { urls: "lists/urls.txt" },
          checksums: "lists/SHA256SUMS",
          save: "{path}",
        },
        // Outside the config's folder: the whole path says where.
        { name: "far", fetch: { urls: `${far}/urls.txt` }, save: "far/{path}" },
      ],
    }, `${dir}/tasks.yaml`);
    const plan = buildPlan(config, NO_RUN, []);
    planOrigins(plan, config, new Map());
    assertEquals(plan.tasks.map((task) => [task.does, task.downloads]), [
      ["GET each URL in lists/urls.txt → {path}", ["checksums lists/SHA256SUMS"]],
      [`GET each URL in ${far}/urls.txt → far/{path}`, undefined],
    ]);
  } finally {
    await Deno.remove(dir, { recursive: true });
    await Deno.remove(far, { recursive: true });
  }
});

Deno.test("buildPlan() orders starts by start time, ties in declaration order, when no events were seen", () => {
  const report: RunReport = {
    ...REPORT,
    tasks: [
      { ...REPORT.tasks[0], startMs: 500 },
      REPORT.tasks[1],
      { ...REPORT.tasks[2], outcome: "skipped", startMs: null, endMs: null },
    ],
  };
  assertEquals(buildPlan(CONFIG, report, []).startOrder, ["task-2", "task-1"]);
});

Deno.test("recordStartOrder() keeps task-start names in the order they arrive", () => {
  const starts = recordStartOrder();
  starts.onEvent({ type: "task-start", name: "b", kind: "sleep", atMs: 0 });
  starts.onEvent({ type: "warning", message: "x", atMs: 0 });
  starts.onEvent({ type: "task-start", name: "a", kind: "sleep", atMs: 0 });
  assertEquals(starts.names, ["b", "a"]);
});

const NO_RUN: RunReport = { ...REPORT, tasks: [] };

Deno.test("addUrlCounts() counts a pattern's URLs from the pattern and a list's by its lines; one URL gets no count", async () => {
  const dir = await Deno.makeTempDir({ prefix: "corun-plan-" });
  try {
    await Deno.writeTextFile(
      `${dir}/urls.txt`,
      "# two URLs\nhttps://a.example/1\n\nhttps://b.example/2\tb.html\n",
    );
    const config = validateConfig({
      tasks: [
        { name: "pages", fetch: "https://a.example/[1-100]/{x,y}", save: "{1}{2}" },
        { name: "listed", fetch: { urls: "urls.txt" }, save: "{path}" },
        { name: "one", fetch: "https://a.example/" },
        { name: "nap", sleep: "1s" },
      ],
    }, `${dir}/tasks.yaml`);
    const plan = buildPlan(config, NO_RUN, []);
    assertEquals(addUrlCounts(plan, config, await planReach(config)), []);
    assertEquals(plan.tasks.map((task) => [task.name, task.urls]), [
      ["pages", 200],
      ["listed", 2],
      ["one", undefined],
      ["nap", undefined],
    ]);
    const failing = buildPlan(config, NO_RUN, []);
    const unread = await planReach(config, () => {
      throw new Error("gone");
    });
    assertEquals(addUrlCounts(failing, config, unread), [
      'Cannot count the URLs of task "listed": gone',
    ]);
    assertEquals(failing.tasks[1].urls, undefined);
    // Its URLs may go anywhere: under "*".
    const origins = planOrigins(failing, config, unread);
    assertEquals(origins.find((origin) => origin.origin === "*")?.tasks, ["listed"]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("planOrigins() lists origins: entries, then the tasks' origins, then any other; each with its rules from origins: over its tasks'", async () => {
  const config = validateConfig({
    perHost: 6,
    origins: {
      "https://B.example": {
        perHost: 2,
        rate: "1/s",
        proxy: "http://me:pw@proxy.test:3128",
        pipeline: 4,
      },
      "https://idle.example": { proxy: false },
    },
    defaults: { rate: "30/min", delay: "1s" },
    tasks: [
      { name: "a", fetch: "https://a.example/x" },
      {
        name: "b",
        fetch: "https://b.example/y",
        save: "y",
        jitter: "2s",
        resume: true,
        sha256: true,
        proxy: false,
        checksum: `sha512:${"0".repeat(128)}`,
      },
      { name: "hosts", fetch: "https://{a,b,c}.example/[1-9]", save: "{host}/{2}" },
      { name: "many", fetch: "https://h[1-200].example/", save: "{host}" },
      { name: "nap", sleep: "1s" },
    ],
  }, "tasks.yaml");
  const plan = buildPlan(config, NO_RUN, []);
  const defaults = { rate: { count: 30, perMs: 60_000 }, delayMs: 1000, jitterMs: 0 };
  const origins = planOrigins(plan, config, await planReach(config));
  assertEquals(origins.slice(0, 4), [
    {
      origin: "https://b.example",
      perHost: 2,
      rate: { count: 1, perMs: 1000 },
      delayMs: 1000,
      jitterMs: "per task", // b's own 2s, hosts' 0 from the defaults
      from: "origins",
      proxy: "http://***@proxy.test:3128",
      pipeline: 4,
      tasks: ["b", "hosts"],
    },
    {
      origin: "https://idle.example",
      perHost: 6,
      ...defaults,
      from: "origins",
      proxy: "direct",
      pipeline: 1,
      tasks: [],
    },
    {
      origin: "https://a.example",
      perHost: 6,
      ...defaults,
      from: "defaults",
      proxy: "environment",
      pipeline: 1,
      tasks: ["a", "hosts"],
    },
    {
      origin: "https://c.example",
      perHost: 6,
      ...defaults,
      from: "defaults",
      proxy: "environment",
      pipeline: 1,
      tasks: ["hosts"],
    },
  ]);
  // A pattern's first 100 origins are named; its URLs on the others are under "*".
  assertEquals(
    origins.slice(4, -1).map((origin) => [origin.origin, origin.tasks]),
    Array.from({ length: 100 }, (_, i) => [`https://h${i + 1}.example`, ["many"]]),
  );
  assertEquals(origins[origins.length - 1], {
    origin: "*",
    perHost: 6,
    ...defaults,
    from: "defaults",
    proxy: "environment",
    pipeline: 1,
    tasks: ["many"],
  });
  assertEquals(plan.tasks.map((task) => [task.name, task.downloads]), [
    ["a", undefined],
    ["b", ["proxy direct", "resume", "sha256", "checksum sha512"]],
    ["hosts", undefined],
    ["many", undefined],
    ["nap", undefined],
  ]);
});

Deno.test("planOrigins() gives nothing for a config that fetches nothing and names no origin", async () => {
  const config = validateConfig({ tasks: [{ sleep: "1s" }] }, "tasks.yaml");
  assertEquals(planOrigins(buildPlan(config, NO_RUN, []), config, await planReach(config)), []);
});

Deno.test("planOrigins() shows the proxy an origin's tasks set when no origins: entry names one", async () => {
  const config = validateConfig({
    defaults: { proxy: "http://proxy.test:3128" },
    tasks: [
      { name: "intranet", fetch: "https://intranet.example/a", proxy: false },
      { name: "one", fetch: "https://mixed.example/1" },
      { name: "two", fetch: "https://mixed.example/2", proxy: false },
      { name: "report", fetch: "https://data.example/r" },
    ],
  }, "tasks.yaml");
  const origins = planOrigins(buildPlan(config, NO_RUN, []), config, await planReach(config));
  assertEquals(origins.map((origin) => [origin.origin, origin.proxy]), [
    ["https://intranet.example", "direct"],
    ["https://mixed.example", "per task"],
    ["https://data.example", "http://proxy.test:3128"],
    ["*", "http://proxy.test:3128"],
  ]);
});

Deno.test("planOrigins() names the proxy the environment gives an origin with its variable, never its credentials", async () => {
  const config = validateConfig({
    tasks: [
      { name: "s", fetch: "https://data.example/s" },
      { name: "p", fetch: "http://data.example/p" },
      { name: "l", fetch: "http://local.example/l" },
    ],
  }, "tasks.yaml");
  const env: Record<string, string> = {
    HTTPS_PROXY: "http://alice:s3cret@stale.proxy.test:3128",
    all_proxy: "http://all.proxy.test:8080",
    no_proxy: "local.example",
  };
  const origins = planOrigins(
    buildPlan(config, NO_RUN, []),
    config,
    await planReach(config),
    new ProxyRouter(proxyEnvironmentFrom((name) => env[name])),
  );
  assertEquals(origins.map((origin) => [origin.origin, origin.proxy]), [
    ["https://data.example", "http://stale.proxy.test:3128 (from HTTPS_PROXY)"],
    ["http://data.example", "http://all.proxy.test:8080 (from all_proxy)"],
    ["http://local.example", "direct"],
    ["*", "environment"],
  ]);
});

Deno.test("planOrigins() shows an origin whose host noProxy (else no_proxy) lists as direct, as the run reaches it", async () => {
  const config = validateConfig({
    // An origin no task names: its crawled links go as the defaults say.
    origins: { "https://links.corp.example": { rate: "1/s" } },
    defaults: { proxy: "http://me:s3cret@proxy.test:3128", noProxy: ".corp.example, 10.0.0.0/8" },
    tasks: [
      { name: "intranet", fetch: "https://wiki.corp.example/a" },
      { name: "address", fetch: "http://10.1.2.3:8080/b" },
      { name: "report", fetch: "https://data.example/r" },
      { name: "own", fetch: "https://data.example/s", noProxy: "data.example" },
      { name: "env", fetch: "https://env.example/t", proxy: "http://proxy.test:3128", noProxy: "" },
    ],
  }, "tasks.yaml");
  // The environment's no_proxy applies where a task has no noProxy of its own, as in the run.
  const environment = proxyEnvironmentFrom((name) =>
    name === "no_proxy" ? "env.example, data.example" : undefined
  );
  const origins = planOrigins(
    buildPlan(config, NO_RUN, []),
    config,
    await planReach(config),
    new ProxyRouter(environment),
  );
  assertEquals(origins.map((origin) => [origin.origin, origin.proxy]), [
    ["https://links.corp.example", "direct"],
    ["https://wiki.corp.example", "direct"],
    ["http://10.1.2.3:8080", "direct"],
    ["https://data.example", "per task"],
    ["https://env.example", "http://proxy.test:3128"],
    ["*", "http://***@proxy.test:3128"],
  ]);
  const inEnvironment = validateConfig({
    tasks: [{ name: "local", fetch: "http://data.example/a" }],
  }, "tasks.yaml");
  const local = planOrigins(
    buildPlan(inEnvironment, NO_RUN, []),
    inEnvironment,
    await planReach(inEnvironment),
    new ProxyRouter(environment),
  );
  assertEquals(local.map((origin) => [origin.origin, origin.proxy]), [
    ["http://data.example", "direct"],
    ["*", "environment"],
  ]);
  // noProxy "*" sends every host direct: the origins the plan does not name too.
  const everyHost = validateConfig({
    defaults: { proxy: "http://proxy.test:3128", noProxy: "*" },
    tasks: [{ name: "any", fetch: "http://data.example/a" }],
  }, "tasks.yaml");
  const all = planOrigins(
    buildPlan(everyHost, NO_RUN, []),
    everyHost,
    await planReach(everyHost),
    new ProxyRouter(environment),
  );
  assertEquals(all.map((origin) => [origin.origin, origin.proxy]), [
    ["http://data.example", "direct"],
    ["*", "direct"],
  ]);
});

Deno.test("planOrigins() shows the pipelining depth an origin's tasks set, as the run uses it", async () => {
  const config = validateConfig({
    origins: { "https://set.example": { pipeline: 2 } },
    defaults: { pipeline: 3 },
    tasks: [
      { name: "deep", fetch: "https://deep.example/a", pipeline: 8 },
      { name: "one", fetch: "https://mixed.example/1", pipeline: 4 },
      { name: "two", fetch: "https://mixed.example/2" },
      { name: "entry", fetch: "https://set.example/x", pipeline: 16 },
      { name: "plain", fetch: "https://plain.example/" },
    ],
  }, "tasks.yaml");
  const origins = planOrigins(buildPlan(config, NO_RUN, []), config, await planReach(config));
  assertEquals(origins.map((origin) => [origin.origin, origin.pipeline]), [
    ["https://set.example", 2],
    ["https://deep.example", 8],
    ["https://mixed.example", "per task"],
    ["https://plain.example", 3],
    ["*", 3],
  ]);
});

Deno.test("planOrigins() shows resume only on fetches that can be continued: a GET saved to a file by corun", async () => {
  // A list's lines may name their files: its task saves though it has no save of its own.
  const list = Deno.makeTempFileSync({ suffix: ".txt" });
  Deno.writeTextFileSync(list, "https://x.example/a\ta.bin\n");
  const config = validateConfig({
    defaults: { resume: true },
    tasks: [
      { name: "file", fetch: "https://x.example/iso", save: "x.iso" },
      { name: "login", fetch: { url: "https://x.example/login", method: "POST" }, save: "l" },
      { name: "unsaved", fetch: "https://x.example/ping" },
      { name: "stdout", fetch: "https://x.example/out", save: "-" },
      {
        name: "ranged",
        fetch: { url: "https://x.example/r", headers: { Range: "bytes=0-9" } },
        save: "r",
      },
      { name: "list", fetch: { urls: list } },
      { name: "pattern", fetch: "https://x.example/p[1-3].iso" },
    ],
  }, "tasks.yaml");
  const plan = buildPlan(config, NO_RUN, []);
  planOrigins(plan, config, await planReach(config));
  Deno.removeSync(list);
  assertEquals(plan.tasks.map((task) => [task.name, task.downloads]), [
    ["file", ["resume"]],
    ["login", undefined],
    ["unsaved", undefined],
    ["stdout", undefined],
    ["ranged", undefined],
    ["list", ["resume"]],
    ["pattern", undefined],
  ]);
});
