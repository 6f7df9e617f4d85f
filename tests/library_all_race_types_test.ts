/**
 * `race` and `all` of operations of different types type-check without an annotation, and give
 * each result its own type: `race([ctx.fetch(url), ctx.sleep(ms)])`, the usual timeout, was a type
 * error ("not assignable to parameter of type 'Iterable<Operation<void>>'"), and so was `all` of a
 * fetch and a sleep. This file failing to type-check is this test failing.
 */
import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { all, defineConfig, type FetchedPage, race, run, sleep, task } from "../mod.ts";
import { startRouteServer } from "./fixtures/route_server.ts";

Deno.test("race and all take operations of different types, each result typed as its operation's", async () => {
  await using server = startRouteServer({ "/page": { body: "page" } });
  const outDir = await Deno.makeTempDir({ prefix: "corun-library-all-race-" });
  try {
    const seen: unknown[] = [];
    await run(
      defineConfig({
        outDir,
        metadata: false,
        tasks: [
          task("typed", function* (ctx) {
            const winner: FetchedPage | void = yield* race([
              ctx.fetch(server.url("/page")),
              ctx.sleep(3_600_000),
            ]);
            seen.push(winner?.status);
            const [page, nothing] = yield* all([ctx.fetch(server.url("/page")), sleep(1)]);
            const status: number = page.status; // a FetchedPage, not FetchedPage | void
            seen.push(status, nothing);
            const pages = yield* all([server.url("/page")].map((url) => ctx.fetch(url)));
            seen.push(pages.map((each: FetchedPage) => each.text()));
          }),
        ],
      }),
      { state: false, virtualTime: true },
    );
    assertEquals(seen, [200, 200, undefined, ["page"]]);
  } finally {
    await Deno.remove(outDir, { recursive: true });
  }
});
