// Per-origin politeness through a whole run, measured on the loop's virtual clock: `rate`, `delay`
// and `jitter` space request starts, `origins:` rules win over a task's settings and the defaults,
// and a 503 with `Retry-After` holds every queued fetch to its origin and no other.
import { assert, assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { all, defineConfig, fetchTask, loadConfig, run, task } from "../mod.ts";
import type { FetchTaskOptions } from "../lib/config/define.ts";
import type { RunEvent } from "../lib/tasks/mod.ts";
import { startRouteServer } from "./fixtures/route_server.ts";
import type { ScriptedServer } from "./fixtures/scripted_server.ts";
import { withTempDir } from "./fixtures/temp_dir.ts";

const withOutDir = withTempDir("corun-politeness-");

/**
 * Fetch-task options whose `onResponse` logs each response's path: a log event's `atMs` is the
 * loop-clock time the fetch started at (the virtual clock stands still while a fetch is pending).
 */
function logged(options: FetchTaskOptions = {}): FetchTaskOptions {
  return { ...options, onResponse: (response, ctx) => ctx.log(new URL(response.url).pathname) };
}

/** Runs `config` in virtual time and returns each logged path with its loop-clock time. */
async function startTimes(config: Parameters<typeof run>[0]): Promise<[string, number][]> {
  const events: RunEvent[] = [];
  const report = await run(config, {
    virtualTime: true,
    state: false,
    onEvent: (event) => events.push(event),
  });
  assertEquals(report.counts.failed, 0, JSON.stringify(report.tasks));
  return events.flatMap((event) => event.type === "log" ? [[event.message, event.atMs]] : []);
}

/** The start times of the logged paths that begin with `prefix`. */
function timesOf(starts: [string, number][], prefix: string): number[] {
  return starts.filter(([path]) => path.startsWith(prefix)).map(([, atMs]) => atMs);
}

const okRoutes = (prefix: string, count: number) =>
  Object.fromEntries(
    Array.from({ length: count }, (_, i) => [`${prefix}${i + 1}`, { body: "ok" }]),
  );

Deno.test("rate: 5/s starts one request to the origin every 200 ms of loop time", async () => {
  await using server = startRouteServer(okRoutes("/p/", 6));
  await withOutDir(async (outDir) => {
    const starts = await startTimes(defineConfig({
      outDir,
      metadata: false,
      tasks: [fetchTask("paced", server.url("/p/[1-6]"), logged({ rate: "5/s" }))],
    }));
    assertEquals(starts, [
      ["/p/1", 0],
      ["/p/2", 200],
      ["/p/3", 400],
      ["/p/4", 600],
      ["/p/5", 800],
      ["/p/6", 1000],
    ]);
  });
});

Deno.test("rate: 30/min spaces starts by 2 s, and delay by its own length", async () => {
  await using server = startRouteServer(okRoutes("/r/", 3));
  await using other = startRouteServer(okRoutes("/d/", 3));
  await withOutDir(async (outDir) => {
    const starts = await startTimes(defineConfig({
      outDir,
      metadata: false,
      tasks: [
        fetchTask("per-minute", server.url("/r/[1-3]"), logged({ rate: "30/min" })),
        fetchTask("delayed", other.url("/d/[1-3]"), logged({ delay: "750ms" })),
      ],
    }));
    assertEquals(timesOf(starts, "/r/"), [0, 2000, 4000]);
    assertEquals(timesOf(starts, "/d/"), [0, 750, 1500]);
  });
});

Deno.test("jitter adds up to its length to each delay, never less than the delay", async () => {
  await using server = startRouteServer(okRoutes("/j/", 8));
  await withOutDir(async (outDir) => {
    const starts = await startTimes(defineConfig({
      outDir,
      metadata: false,
      tasks: [
        fetchTask("jittered", server.url("/j/[1-8]"), logged({ delay: "1s", jitter: "500ms" })),
      ],
    }));
    const times = timesOf(starts, "/j/");
    assertEquals(times.length, 8);
    for (let i = 1; i < times.length; i++) {
      const gap = times[i] - times[i - 1];
      assert(gap >= 1000 && gap <= 1500, `gap ${gap} ms between starts ${i} and ${i + 1}`);
    }
  });
});

Deno.test("an origins: rule wins over the task's setting, and a task's over the defaults (YAML)", async () => {
  await using x = startRouteServer(okRoutes("/x/", 3));
  await using y = startRouteServer(okRoutes("/y/", 3));
  await using z = startRouteServer(okRoutes("/z/", 3));
  await withOutDir(async (outDir) => {
    const origin = (server: ScriptedServer) => new URL(server.url()).origin;
    const tasks = (prefix: string, server: ScriptedServer, extra: string) =>
      [1, 2, 3].map((i) =>
        `  - name: ${prefix}${i}\n    fetch: ${server.url(`/${prefix}/${i}`)}\n${extra}`
      ).join("");
    const yaml = `outDir: ${JSON.stringify(outDir)}
metadata: false
defaults:
  delay: 500ms
origins:
  ${JSON.stringify(origin(x))}:
    delay: 100ms
tasks:
${tasks("x", x, "    delay: 2s\n")}${tasks("y", y, "")}${tasks("z", z, "    delay: 200ms\n")}`;
    const path = `${outDir}/politeness.yaml`;
    await Deno.writeTextFile(path, yaml);
    const events: RunEvent[] = [];
    const report = await run(await loadConfig(path), {
      virtualTime: true,
      state: false,
      onEvent: (event) => events.push(event),
    });
    assertEquals(report.counts.done, 9, JSON.stringify(report.tasks));
    // A single-URL task starts with its fetch: its start event's time is the request's.
    const startOf = (name: string) =>
      events.find((event) => event.type === "task-start" && event.name === name)!.atMs;
    assertEquals(["x1", "x2", "x3"].map(startOf), [0, 100, 200], "origins: beats the task's 2s");
    assertEquals(["y1", "y2", "y3"].map(startOf), [0, 500, 1000], "the defaults' 500ms");
    assertEquals(["z1", "z2", "z3"].map(startOf), [0, 200, 400], "the task's 200ms beats defaults");
  });
});

Deno.test("an origins: perHost above the run's perHost opens that many connections to it", async () => {
  // Each request is held until three are in at once (or a second has passed): the server sees
  // how many the run sends in parallel to the origin.
  let inFlight = 0;
  let maxInFlight = 0;
  let arrived = Promise.withResolvers<void>();
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, async () => {
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    if (inFlight >= 3) arrived.resolve();
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([arrived.promise, new Promise((ok) => timer = setTimeout(ok, 1000))]);
    clearTimeout(timer);
    inFlight--;
    if (inFlight === 0) arrived = Promise.withResolvers<void>();
    return new Response("ok");
  });
  try {
    const base = `http://127.0.0.1:${server.addr.port}`;
    await withOutDir(async (outDir) => {
      const report = await run(
        defineConfig({
          outDir,
          metadata: false,
          perHost: 1,
          origins: { [base]: { perHost: 3 } },
          tasks: [fetchTask("wide", `${base}/w/[1-3]`)],
        }),
        { state: false },
      );
      assertEquals(report.counts.done, 1, JSON.stringify(report.tasks));
      assertEquals(maxInFlight, 3, "three requests in parallel to the origin");
    });
  } finally {
    await server.shutdown();
  }
});

Deno.test("a 503 with Retry-After holds every queued fetch to its origin until then, and no other", async () => {
  let answered503 = false;
  await using held = startRouteServer({
    ...okRoutes("/h/", 4),
    "/h/1": () => {
      if (answered503) return { body: "ok" };
      answered503 = true;
      return { status: 503, headers: { "Retry-After": "3" } };
    },
  });
  await using free = startRouteServer(okRoutes("/f/", 4));
  await withOutDir(async (outDir) => {
    const events: RunEvent[] = [];
    const report = await run(
      defineConfig({
        outDir,
        metadata: false,
        // One connection to the held origin, so its other fetches are queued when the 503 comes.
        origins: { [new URL(held.url()).origin]: { perHost: 1 } },
        tasks: [
          fetchTask("held", held.url("/h/[1-4]"), logged()),
          fetchTask("free", free.url("/f/[1-4]"), logged({ rate: "1/s" })),
        ],
      }),
      { virtualTime: true, state: false, onEvent: (event) => events.push(event) },
    );
    assertEquals(report.counts.done, 2, JSON.stringify(report.tasks));
    const starts = events.flatMap((event) =>
      event.type === "log" ? [[event.message, event.atMs] as [string, number]] : []
    );
    const retries = events.filter((event) => event.type === "retry");
    assertEquals(retries.map((event) => [event.url, event.atMs]), [[held.url("/h/1"), 0]]);
    // The held origin's queued fetches wait for the pause; the retry goes after them.
    assertEquals(starts.filter(([path]) => path.startsWith("/h/")), [
      ["/h/2", 3000],
      ["/h/3", 3000],
      ["/h/4", 3000],
      ["/h/1", 3000],
    ]);
    // The other origin keeps its own pace through the pause.
    assertEquals(timesOf(starts, "/f/"), [0, 1000, 2000, 3000]);
    assertEquals(held.requests.map((request) => request.path), [
      "/h/1",
      "/h/2",
      "/h/3",
      "/h/4",
      "/h/1",
    ]);
  });
});

Deno.test("a Retry-After after a redirect holds the origin that answered, not the one asked", async () => {
  let answered429 = false;
  await using answering = startRouteServer({
    ...okRoutes("/b/", 2),
    "/busy": () => {
      if (answered429) return { body: "ok" };
      answered429 = true;
      return { status: 429, headers: { "Retry-After": "3" } };
    },
  });
  await using asked = startRouteServer({
    ...okRoutes("/a/", 2),
    "/r": { status: 302, headers: { Location: answering.url("/busy") } },
  });
  await withOutDir(async (outDir) => {
    const starts = await startTimes(defineConfig({
      outDir,
      metadata: false,
      tasks: [
        fetchTask("redirected", asked.url("/r"), { retries: 1 }),
        { name: "later", sleep: "1s" },
        fetchTask("asked", asked.url("/a/[1-2]"), logged({ after: ["later"] })),
        fetchTask("answering", answering.url("/b/[1-2]"), logged({ after: ["later"] })),
      ],
    }));
    assertEquals(timesOf(starts, "/a/"), [1000, 1000]);
    assertEquals(timesOf(starts, "/b/"), [3000, 3000]);
  });
});

Deno.test("a ctx.fetch answered 503 with Retry-After holds the task's other queued fetches to that origin", async () => {
  let answered503 = false;
  await using held = startRouteServer({
    ...okRoutes("/c/", 3),
    "/c/1": () => {
      if (answered503) return { body: "ok" };
      answered503 = true;
      return { status: 503, headers: { "Retry-After": "3" } };
    },
  });
  await withOutDir(async (outDir) => {
    const starts = await startTimes(defineConfig({
      outDir,
      metadata: false,
      origins: { [new URL(held.url()).origin]: { perHost: 1 } },
      tasks: [
        task("parallel", function* (ctx) {
          yield* all(["/c/1", "/c/2", "/c/3"].map((path) =>
            function* () {
              yield* ctx.fetch(held.url(path));
              ctx.log(path);
            }()
          ));
        }),
      ],
    }));
    assertEquals(starts, [["/c/2", 3000], ["/c/3", 3000], ["/c/1", 3000]]);
  });
});

Deno.test("origins: rules win field by field: an origin's rate with delay: 0 undoes a default delay", async () => {
  await using fast = startRouteServer(okRoutes("/fast/", 3));
  await using paced = startRouteServer(okRoutes("/paced/", 3));
  await using slow = startRouteServer(okRoutes("/slow/", 3));
  await withOutDir(async (outDir) => {
    const starts = await startTimes(defineConfig({
      outDir,
      metadata: false,
      // A careful default for every site; one's own site allowed 10 requests a second.
      defaults: { delay: "1s" },
      origins: {
        [new URL(fast.url()).origin]: { rate: "10/s", delay: 0 },
        // Rate alone: the default delay still holds, and the slower of the two wins.
        [new URL(paced.url()).origin]: { rate: "10/s" },
      },
      tasks: [
        fetchTask("fast", fast.url("/fast/[1-3]"), logged()),
        fetchTask("paced", paced.url("/paced/[1-3]"), logged()),
        fetchTask("slow", slow.url("/slow/[1-3]"), logged()),
      ],
    }));
    assertEquals(timesOf(starts, "/fast/"), [0, 100, 200]);
    assertEquals(timesOf(starts, "/paced/"), [0, 1000, 2000]);
    assertEquals(timesOf(starts, "/slow/"), [0, 1000, 2000]);
  });
});

Deno.test("a callback's ctx.fetch to its own origin is not stuck behind the origin's queued fetches", async () => {
  await using site = startRouteServer({ ...okRoutes("/n/", 3), "/side": { body: "side" } });
  await withOutDir(async (outDir) => {
    const got: string[] = [];
    const report = await run(
      defineConfig({
        outDir,
        metadata: false,
        // One request at a time to the origin: /n/2 and /n/3 are queued while /n/1's callback
        // runs, and the callback's own fetch must not wait for them (they wait for it).
        origins: { [new URL(site.url()).origin]: { perHost: 1 } },
        tasks: [
          fetchTask("nested", site.url("/n/[1-3]"), {
            *onResponse(response, ctx) {
              const page = yield* ctx.fetch(site.url("/side"));
              got.push(`${new URL(response.url).pathname} ${page.text()}`);
            },
          }),
        ],
      }),
      { virtualTime: true, state: false },
    );
    assertEquals(report.counts.done, 1, JSON.stringify(report.tasks));
    assertEquals(got, ["/n/1 side", "/n/2 side", "/n/3 side"]);
  });
});

Deno.test("a rate is the origin's: two tasks fetching from one origin share it", async () => {
  await using server = startRouteServer({ ...okRoutes("/a/", 3), ...okRoutes("/b/", 3) });
  await withOutDir(async (outDir) => {
    const starts = await startTimes(defineConfig({
      outDir,
      metadata: false,
      defaults: { rate: "5/s" },
      tasks: [
        fetchTask("a", server.url("/a/[1-3]"), logged()),
        fetchTask("b", server.url("/b/[1-3]"), logged()),
      ],
    }));
    assertEquals(starts, [
      ["/a/1", 0],
      ["/a/2", 200],
      ["/a/3", 400],
      ["/b/1", 600],
      ["/b/2", 800],
      ["/b/3", 1000],
    ]);
  });
});

Deno.test("with the run's perHost: 1, a callback's ctx.fetch to its own origin still gets a connection", async () => {
  await using site = startRouteServer({ ...okRoutes("/n/", 2), "/side": { body: "side" } });
  await withOutDir(async (outDir) => {
    const got: string[] = [];
    // Only a guard against a hang (the outer response holds the origin's one connection): the
    // test's verdict is the report, not the time.
    const guard = new AbortController();
    const timer = setTimeout(() => guard.abort(), 10_000);
    try {
      const report = await run(
        defineConfig({
          outDir,
          metadata: false,
          perHost: 1,
          tasks: [
            fetchTask("nested", site.url("/n/[1-2]"), {
              *onResponse(response, ctx) {
                const page = yield* ctx.fetch(site.url("/side"));
                got.push(`${new URL(response.url).pathname} ${page.text()}`);
              },
            }),
          ],
        }),
        { virtualTime: true, state: false, signal: guard.signal },
      );
      assertEquals(report.interrupted, false, "the run waited for a connection it held itself");
      assertEquals(report.counts.done, 1, JSON.stringify(report.tasks));
      assertEquals(got, ["/n/1 side", "/n/2 side"]);
    } finally {
      clearTimeout(timer);
    }
  });
});

Deno.test("a redirect to another origin waits for that origin's rules, not the first one's", async () => {
  await using target = startRouteServer(okRoutes("/t/", 4));
  // Every page of the first origin (which has no rule) moves to a page of the paced one.
  await using mover = startRouteServer(
    Object.fromEntries(
      [1, 2, 3, 4].map((i) => [
        `/m/${i}`,
        { status: 302, headers: { location: target.url(`/t/${i}`) }, body: "" },
      ]),
    ),
  );
  await withOutDir(async (outDir) => {
    const starts = await startTimes(defineConfig({
      outDir,
      metadata: false,
      origins: { [new URL(target.url()).origin]: { rate: "1/s" } },
      tasks: [fetchTask("moved", mover.url("/m/[1-4]"), logged())],
    }));
    // Before, all four reached the paced origin at once, at the first origin's pace.
    assertEquals(timesOf(starts, "/t/"), [0, 1000, 2000, 3000]);
  });
});
