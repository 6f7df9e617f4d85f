/**
 * A run's jar keeps 180 cookies per domain, as browsers do: a site that sets a session and then
 * dozens of other cookies keeps its session. Past the limit the least recently used go, and the
 * run says so once, naming the domain.
 */
import { assert, assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { defineConfig, run } from "../mod.ts";
import { startRouteServer } from "./fixtures/route_server.ts";
import { withTempDir } from "./fixtures/temp_dir.ts";

const withOutDir = withTempDir("corun-cookie-limit-");

/** A response that sets `count` cookies besides the session. */
function setting(count: number) {
  return {
    headers: Array.from(
      { length: count },
      (_, i): [string, string] => ["Set-Cookie", `n${i}=${i}`],
    ),
    body: "set",
  };
}

Deno.test("a login's session outlives 55 more cookies of its site; past 180 the drop is a warning naming the domain", async () => {
  await using server = startRouteServer({
    "/login": { headers: [["Set-Cookie", "sid=SESSION"]], body: "in" },
    "/some": setting(55),
    "/many": setting(200),
    "/echo": (request) => ({ body: request.headers.get("cookie") ?? "" }),
  });
  await withOutDir(async (outDir) => {
    const report = await run(
      defineConfig({
        outDir,
        metadata: false,
        cookies: true,
        tasks: [
          { name: "login", fetch: server.url("/login") },
          { name: "some", fetch: server.url("/some"), after: ["login"] },
          { name: "use", fetch: server.url("/echo"), save: "use.txt", after: ["some"] },
          { name: "many", fetch: server.url("/many"), after: ["use"] },
          { name: "more", fetch: server.url("/many?again"), after: ["many"] },
          { name: "late", fetch: server.url("/echo"), save: "late.txt", after: ["more"] },
        ],
      }),
      { state: false },
    );
    for (const task of report.tasks) assertEquals(task.outcome, "done", task.error?.message);
    assert((await Deno.readTextFile(`${outDir}/use.txt`)).startsWith("sid=SESSION; "));
    const late = await Deno.readTextFile(`${outDir}/late.txt`);
    assertEquals([late.includes("sid="), late.split("; ").length], [false, 180]);
    assertEquals(report.warnings, [
      "Cannot keep every cookie of 127.0.0.1: it set more than the 180 cookies one domain keeps; " +
      "its least recently used were dropped, and requests that need them (a login's session) go " +
      "without (said once per domain)",
    ]);
  });
});
