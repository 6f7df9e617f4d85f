/**
 * A run's jar keeps 180 cookies per domain, as browsers do: a site that sets a session and then
 * dozens of other cookies keeps its session. Past the limit the least recently used go, and the
 * run says so once, naming the domain.
 */
import { assert, assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { CookieJar, defineConfig, run } from "../mod.ts";
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

Deno.test("a jar file holding more cookies than a jar keeps is cut once at its load, and the run says so, naming the file and the counts", async () => {
  await withOutDir(async (outDir) => {
    const file = `${outDir}/jar.json`;
    // 200 cookies of one site: a jar made by hand or by a script (corun never saves one so full).
    const written = await CookieJar.create({ maxPerDomain: 1000 });
    const site = new URL("http://127.0.0.1/");
    for (let i = 0; i < 200; i++) written.setCookie(`n${i}=${i}`, site, Date.now() - 200 + i);
    await written.save(file);
    const config = defineConfig({ outDir, metadata: false, cookies: file, tasks: [{ sleep: 0 }] });

    const first = await run(config, { state: false });
    assertEquals(first.warnings, [
      `Cannot keep every cookie of the cookie jar "${file}": it holds 200 cookies, more than ` +
      "corun keeps (3000 in all, 180 per domain); the 20 least recently used were left out, and " +
      "the run saves the jar without them",
    ]);
    const saved = JSON.parse(await Deno.readTextFile(file)).cookies.map(
      (cookie: { name: string }) => cookie.name,
    );
    assertEquals([saved.length, saved[0]], [180, "n20"]);
    // Said once: the next run finds the file within the limits.
    assertEquals((await run(config, { state: false })).warnings, []);
  });
});
