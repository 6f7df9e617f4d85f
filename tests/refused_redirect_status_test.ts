/**
 * A redirect corun will not follow (a Location that is no URL, one redirect too many) fails its
 * fetch, and the fetch's metadata line still says what the server answered: its 3xx status.
 */
import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { defineConfig, fetchTask, run } from "../mod.ts";
import { startRouteServer } from "./fixtures/route_server.ts";

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
