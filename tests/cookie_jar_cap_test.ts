/**
 * A jar file is written within its cap (`maxCookieJarSize`, 16 MiB by default): cookies that would
 * pass it are left out, the least recently set or sent first, and the run says so, naming the
 * file, how many and the knob. The file is written whole (renamed into place), and the next run
 * reads it and sends what it kept.
 */
import { assert, assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { defineConfig, run } from "../mod.ts";
import { type RecordedRequest } from "./fixtures/scripted_server.ts";
import { startRouteServer } from "./fixtures/route_server.ts";
import { withTempDir } from "./fixtures/temp_dir.ts";

const withDir = withTempDir("corun-cookie-jar-cap-");

/** Six cookies of 1,000 bytes each, set in this order by one response. */
const SET = Array.from({ length: 6 }, (_, i): [string, string] => [
  "Set-Cookie",
  `n${i}=${String(i).repeat(1000)}`,
]);

Deno.test("a jar over maxCookieJarSize is saved with its most recently set cookies that fit, and the run says how many went", async () => {
  await using server = startRouteServer({
    "/many": { headers: SET, body: "set" },
    "/echo": (request: RecordedRequest) => ({ body: request.headers.get("cookie") ?? "" }),
  });
  await withDir(async (dir) => {
    const jar = `${dir}/jars/site.json`;
    const config = (path: string) =>
      defineConfig({
        cookies: jar,
        maxCookieJarSize: "4KiB",
        metadata: false,
        tasks: [{ name: path.slice(1), fetch: server.url(path), save: `${path.slice(1)}.txt` }],
      });
    const first = await run(config("/many"), { outDir: dir, state: false });
    assertEquals(first.tasks[0].outcome, "done", first.tasks[0].error?.message);
    assertEquals(first.warnings, [
      `Cannot save every cookie to the cookie jar "${jar}": it would be larger than 4KiB ` +
      "(maxCookieJarSize), so 3 cookies, the least recently set or sent, were left out; raise " +
      "maxCookieJarSize to keep them",
    ]);
    // Whole, within the cap, owner-only, and no temporary left beside it.
    const info = await Deno.stat(jar);
    assert(info.size <= 4096, `${info.size} bytes`);
    assertEquals(info.mode! & 0o777, 0o600);
    assertEquals([...Deno.readDirSync(`${dir}/jars`)].map((entry) => entry.name), ["site.json"]);

    const second = await run(config("/echo"), { outDir: dir, state: false });
    assertEquals([second.tasks[0].outcome, second.warnings], ["done", []]);
    const sent = (await Deno.readTextFile(`${dir}/echo.txt`)).split("; ");
    assertEquals(sent.map((cookie) => cookie.split("=")[0]), ["n3", "n4", "n5"]);
  });
});
