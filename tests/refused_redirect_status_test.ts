/**
 * A redirect corun will not follow (a Location that is no URL, one redirect too many) fails its
 * fetch, and the fetch's metadata line still says what the server answered: its 3xx status. A fetch
 * that fails after following redirects (refused further on, a later hop's timeout or connect) says
 * where it stopped: that URL as `finalUrl`, and the redirects followed to it.
 */
import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { type AttemptEvent, defineConfig, fetchTask, run, task } from "../mod.ts";
import { encodeResponse, startRouteServer } from "./fixtures/route_server.ts";
import { stall, startScriptedServer, write } from "./fixtures/scripted_server.ts";

Deno.test("a refused redirect's metadata line has the status that asked for it", async () => {
  await using server = startRouteServer({
    "/bad": { status: 302, headers: { Location: "http://[nope/" } },
    "/loop": { status: 307, headers: { Location: "/loop" } },
  });
  const outDir = await Deno.makeTempDir({ prefix: "corun-refused-redirect-" });
  try {
    const report = await run(
      defineConfig({
        outDir,
        defaults: { maxRedirects: 2 },
        tasks: [fetchTask("bad", server.url("/bad")), fetchTask("loop", server.url("/loop"))],
      }),
      { state: false },
    );
    assertEquals(report.tasks.map((task) => [task.name, task.outcome, task.error?.code]), [
      ["bad", "failed", "BAD_REDIRECT"],
      ["loop", "failed", "TOO_MANY_REDIRECTS"],
    ]);
    const lines = (await Deno.readTextFile(`${outDir}/corun.jsonl`)).trim().split("\n")
      .map((line) => JSON.parse(line));
    assertEquals(lines.map((line) => [line.task, line.status, line.error.code]), [
      ["bad", 302, "BAD_REDIRECT"],
      ["loop", 307, "TOO_MANY_REDIRECTS"],
    ]);
  } finally {
    await Deno.remove(outDir, { recursive: true });
  }
});

Deno.test("a redirect loop is named as one, and a 302 without a Location says so", async () => {
  await using server = startRouteServer({
    "/loop1": { status: 302, headers: { Location: "/loop2" } },
    "/loop2": { status: 302, headers: { Location: "/loop1" } },
    "/away": { status: 302, headers: { Location: "/step1" } },
    "/step1": { status: 302, headers: { Location: "/step2" } },
    "/step2": { status: 302, headers: { Location: "/step3" } },
    "/noloc": { status: 302, body: "moved, but where?" },
    "/empty": { status: 301, headers: { Location: " " } },
  });
  const outDir = await Deno.makeTempDir({ prefix: "corun-redirect-messages-" });
  try {
    const report = await run(
      defineConfig({
        outDir,
        metadata: false,
        defaults: { maxRedirects: 2, retries: 0 },
        tasks: [
          fetchTask("loop", server.url("/loop1")),
          fetchTask("long", server.url("/away")),
          fetchTask("noloc", server.url("/noloc")),
          fetchTask("empty", server.url("/empty")),
        ],
      }),
      { state: false },
    );
    const messages = Object.fromEntries(
      report.tasks.map((task) => [task.name, task.error?.message]),
    );
    const url = (path: string) => server.url(path);
    assertEquals(
      messages.loop,
      `Cannot follow redirect from ${url("/loop1")}: redirect loop: ${url("/loop1")} → ` +
        `${url("/loop2")} → ${
          url("/loop1")
        } (stopped after 2 redirects, the most maxRedirects (2) allows)`,
    );
    // A chain that is only long still names the limit alone.
    assertEquals(
      messages.long,
      `Cannot follow redirect from ${url("/step2")}: already followed 2 redirects, the most ` +
        "maxRedirects (2) allows",
    );
    assertEquals(
      messages.noloc,
      `Cannot fetch ${url("/noloc")}: the server answered 302 Found without a Location header, ` +
        "so there is nowhere to go",
    );
    assertEquals(
      messages.empty,
      `Cannot fetch ${url("/empty")}: the server answered 301 Moved Permanently with an ` +
        "empty Location header, so there is nowhere to go",
    );
  } finally {
    await Deno.remove(outDir, { recursive: true });
  }
});

Deno.test("a fetch that fails after redirects names where it stopped, in its line, the report and the trace", async () => {
  const moved = (to: string) => [write(encodeResponse({ status: 302, headers: { Location: to } }))];
  await using server = startScriptedServer({
    routes: {
      "/a": moved("/b"),
      "/b": moved("/c"),
      "/c": moved("/a"),
      "/to-silent": moved("/hop"),
      "/hop": moved("/silent"),
      "/silent": [stall()],
      "/to-closed": moved("http://127.0.0.1:1/closed"),
    },
  });
  const url = (path: string) => `http://127.0.0.1:${server.port}${path}`;
  const outDir = await Deno.makeTempDir({ prefix: "corun-redirect-stop-" });
  const attempts: AttemptEvent[] = [];
  try {
    const report = await run(
      defineConfig({
        outDir,
        defaults: { maxRedirects: 2, retries: 0 },
        tasks: [
          fetchTask("loop", url("/a")),
          fetchTask("silent", url("/to-silent"), { timeout: { headers: "300ms" } }),
          fetchTask("closed", url("/to-closed")),
          task("own", function* (ctx) {
            try {
              yield* ctx.fetch(url("/b"), { retries: 0 });
            } catch {
              // its line says where it stopped
            }
          }),
        ],
      }),
      { state: false, onAttempt: (event) => attempts.push(event) },
    );
    const lines = (await Deno.readTextFile(`${outDir}/corun.jsonl`)).trim().split("\n")
      .map((line) => JSON.parse(line));
    const byTask = Object.fromEntries(lines.map((line) => [line.task, line]));
    const ended = (task: string) => {
      const { finalUrl, status, redirects, error } = byTask[task];
      return [finalUrl, status, redirects, error.code];
    };
    assertEquals(ended("loop"), [url("/c"), 302, 2, "TOO_MANY_REDIRECTS"]);
    assertEquals(ended("silent"), [url("/silent"), null, 2, "TIMEOUT_HEADERS"]);
    assertEquals(ended("closed"), ["http://127.0.0.1:1/closed", null, 1, "CONNECT_FAILED"]);
    assertEquals(ended("own"), [url("/a"), 302, 2, "TOO_MANY_REDIRECTS"]);
    // The run report (`--json`) and the trace say the same.
    const fetched = Object.fromEntries(
      report.tasks.map((task) => [task.name, [task.fetch?.finalUrl, task.fetch?.status]]),
    );
    assertEquals(fetched.loop, [url("/c"), 302]);
    assertEquals(fetched.silent, [url("/silent"), null]);
    assertEquals(fetched.closed, ["http://127.0.0.1:1/closed", null]);
    const traced = Object.fromEntries(attempts.map((event) => [event.task, event.status]));
    assertEquals(traced, { loop: 302, silent: undefined, closed: undefined, own: 302 });
  } finally {
    await Deno.remove(outDir, { recursive: true });
  }
});
