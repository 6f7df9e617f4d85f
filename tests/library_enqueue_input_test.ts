/**
 * What `ctx.enqueue` is given is checked before anything is queued: a URL that is neither text nor
 * a `URL` (a regular expression's group that did not match: `undefined`) throws a TypeError naming
 * the call and the task, and so does an option other than `save`, or a save given bare instead of
 * as `{ save }`. In an `onResponse` the `undefined` used to be resolved against the page and
 * fetched as `…/undefined`, and an unknown option was ignored (the page saved by the task's save).
 */
import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { defineConfig, fetchTask, type Operation, run } from "../mod.ts";
import { startRouteServer } from "./fixtures/route_server.ts";

Deno.test("ctx.enqueue refuses a URL that is not text, or options other than { save }, naming the task", async () => {
  await using server = startRouteServer({
    "/seed": { body: "seed" },
    "/linked": { body: "linked" },
  });
  const outDir = await Deno.makeTempDir({ prefix: "corun-library-enqueue-input-" });
  try {
    const caught: string[] = [];
    const queued: boolean[] = [];
    const report = await run(
      defineConfig({
        outDir,
        metadata: false,
        tasks: [
          fetchTask("crawl", server.url("/seed"), {
            save: "{path}",
            *onResponse(response, ctx) {
              if (response.url !== server.url("/seed")) return; // the page enqueued below
              const attempts: Array<() => Operation<boolean>> = [
                () => ctx.enqueue(undefined as unknown as string),
                () => ctx.enqueue("/linked", { saveAs: "x.html" } as { save?: string }),
                () => ctx.enqueue("/linked", "x.html" as unknown as { save?: string }),
              ];
              for (const attempt of attempts) {
                try {
                  yield* attempt();
                } catch (error) {
                  caught.push(`${(error as Error).name}: ${(error as Error).message}`);
                }
              }
              queued.push(yield* ctx.enqueue(new URL(server.url("/linked"))));
            },
          }),
        ],
      }),
      { state: false },
    );
    assertEquals(caught, [
      'TypeError: Cannot ctx.enqueue for task "crawl": expected the URL as text, got undefined',
      `TypeError: Cannot ctx.enqueue "/linked" for task "crawl": unknown option "saveAs" (it ` +
      "takes { save })",
      `TypeError: Cannot ctx.enqueue "/linked" for task "crawl": expected options as an object ` +
      "({ save }), got a value of type string",
    ]);
    assertEquals(queued, [true]);
    assertEquals(report.tasks.map((t) => [t.name, t.outcome]), [["crawl", "done"]]);
    // Nothing was fetched for the refused calls: the seed, and the page enqueued as a URL.
    assertEquals(server.requests.map((request) => request.path).sort(), ["/linked", "/seed"]);
  } finally {
    await Deno.remove(outDir, { recursive: true });
  }
});
