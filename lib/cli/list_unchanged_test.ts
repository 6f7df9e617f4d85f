/**
 * A rerun of a list says how many of its fetches were unchanged (a 304 kept the file an earlier run
 * saved), as a single-URL task says `(304, unchanged a.html)`: on its plain line and in `--json`.
 */
import { assertEquals, assertStringIncludes } from "npm:deno-std@1.4.0/assert/mod.js";
import { validateConfig } from "../config/mod.ts";
import { run } from "../tasks/mod.ts";
import { startRouteServer } from "../../tests/fixtures/route_server.ts";
import { createFakeWorld } from "../../tests/fixtures/fake_host.ts";
import { EXIT_CODES } from "./exit_codes.ts";
import { main } from "./main.ts";

Deno.test("a rerun of a list counts the fetches a 304 answered, on its line and in --json", async () => {
  // `/a` and `/b` keep their ETag; `/c` changes every time it is asked for.
  let servedC = 0;
  const tagged = (tag: string, body: string) => (request: { headers: Headers }) =>
    request.headers.get("if-none-match") === tag
      ? { status: 304, headers: { etag: tag } }
      : { headers: { etag: tag }, body };
  await using server = startRouteServer({
    "/a": tagged('"a1"', "body a"),
    "/b": tagged('"b1"', "body b"),
    "/c": () => ({ headers: { etag: `"c${++servedC}"` }, body: `body c ${servedC}` }),
  });
  const dir = await Deno.makeTempDir({ prefix: "corun-list-unchanged-" });
  try {
    await Deno.writeTextFile(
      `${dir}/urls.txt`,
      ["/a", "/b", "/c"].map((path) => server.url(path)).join("\n") + "\n",
    );
    const config = validateConfig({
      tasks: [{ name: "mirror", fetch: { urls: `${dir}/urls.txt` }, save: "{path}" }],
    }, "tasks.yaml");
    const world = createFakeWorld({ configs: { "tasks.yaml": config }, run });
    const args = ["run", "tasks.yaml", "--out", `${dir}/out`];
    assertEquals(await main(args, world.host), EXIT_CODES.ok, world.stderr());
    assertStringIncludes(world.stdout(), " mirror done ");
    assertStringIncludes(
      world.stdout(),
      "(3 fetches: 3 done)\n",
      "nothing to compare the first time",
    );
    assertEquals(await main(args, world.host), EXIT_CODES.ok, world.stderr());
    assertStringIncludes(world.stdout(), "(3 fetches: 3 done, 2 of them unchanged)\n");
    const before = world.stdout().length;
    assertEquals(await main([...args, "--json"], world.host), EXIT_CODES.ok, world.stderr());
    const report = JSON.parse(world.stdout().slice(before));
    assertEquals(report.tasks[0].items, {
      total: 3,
      done: 3,
      unchanged: 2,
      failed: 0,
      cancelled: 0,
      skipped: 0,
    });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
