/**
 * What `ctx.enqueue` is given is checked before anything is queued: a URL that is neither text nor
 * a `URL` (a regular expression's group that did not match: `undefined`) throws a TypeError naming
 * the call and the task, and so does an option other than `save`, or a save given bare instead of
 * as `{ save }`. In an `onResponse` the `undefined` used to be resolved against the page and
 * fetched as `…/undefined`, and an unknown option was ignored (the page saved by the task's save).
 */
import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { defineConfig, fetchTask, type Operation, run, task } from "../mod.ts";
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
    // Nothing was fetched for the refused calls: the seed, and the page enqueued as a URL (after
    // the origin's robots.txt, which a crawled link asks first).
    assertEquals(
      server.requests.map((request) => request.path).sort(),
      ["/linked", "/robots.txt", "/seed"],
    );
  } finally {
    await Deno.remove(outDir, { recursive: true });
  }
});

Deno.test("a custom task's ctx.enqueue of a URL that is not absolute http(s) throws a TypeError naming it", async () => {
  await using server = startRouteServer({
    "/seed": { body: "seed" },
    "/linked": { body: "linked" },
  });
  const outDir = await Deno.makeTempDir({ prefix: "corun-library-enqueue-input-" });
  try {
    const caught: string[] = [];
    const queued: [string, boolean][] = [];
    const report = await run(
      defineConfig({
        outDir,
        metadata: false,
        tasks: [
          task("custom", function* (ctx) {
            for (const url of ["/linked", "mailto:someone@example.org", "http://[::1"]) {
              try {
                yield* ctx.enqueue(url);
              } catch (error) {
                caught.push(`${(error as Error).name}: ${(error as Error).message}`);
              }
            }
            queued.push(["seed", yield* ctx.enqueue(server.url("/seed"), { save: "{path}" })]);
            // Left out as before: seen already.
            queued.push(["seen", yield* ctx.enqueue(server.url("/seed"), { save: "{path}" })]);
          }),
        ],
      }),
      { state: false },
    );
    assertEquals(caught, [
      `TypeError: Cannot ctx.enqueue "/linked" for task "custom": expected an absolute http: or ` +
      "https: URL: a custom task has no page to resolve a relative one against",
      `TypeError: Cannot ctx.enqueue "mailto:someone@example.org" for task "custom": expected an ` +
      "http: or https: URL",
      `TypeError: Cannot ctx.enqueue "http://[::1" for task "custom": not a URL (its host "[::1" ` +
      "is not a host name)",
    ]);
    assertEquals(queued, [["seed", true], ["seen", false]]);
    assertEquals(report.tasks.map((t) => [t.name, t.outcome]), [["custom", "done"]]);
    // The enqueued seed asked its origin's robots.txt first (a custom task's enqueues are crawled).
    assertEquals(server.requests.map((request) => request.path), ["/robots.txt", "/seed"]);
  } finally {
    await Deno.remove(outDir, { recursive: true });
  }
});

Deno.test("in an onResponse a relative link resolves against the response, and one that is no URL is left out", async () => {
  await using server = startRouteServer({
    "/dir/seed": { body: "seed" },
    "/dir/linked": { body: "linked" },
  });
  const outDir = await Deno.makeTempDir({ prefix: "corun-library-enqueue-input-" });
  try {
    const queued: [string, boolean][] = [];
    const report = await run(
      defineConfig({
        outDir,
        metadata: false,
        tasks: [
          fetchTask("crawl", server.url("/dir/seed"), {
            save: "{path}",
            *onResponse(response, ctx) {
              if (response.url !== server.url("/dir/seed")) return;
              const links = [
                "linked",
                "http://[::1",
                "mailto:someone@example.org",
                "javascript:void(0)",
                "data:text/html,<a>",
                "linked",
              ];
              for (const link of links) {
                queued.push([link, yield* ctx.enqueue(link)]);
              }
            },
          }),
        ],
      }),
      { state: false },
    );
    assertEquals(queued, [
      ["linked", true],
      ["http://[::1", false],
      ["mailto:someone@example.org", false],
      ["javascript:void(0)", false],
      ["data:text/html,<a>", false],
      ["linked", false],
    ]);
    assertEquals(report.tasks.map((t) => [t.name, t.outcome]), [["crawl", "done"]]);
    assertEquals(server.requests.map((request) => request.path).sort(), [
      "/dir/linked",
      "/dir/seed",
      "/robots.txt",
    ]);
  } finally {
    await Deno.remove(outDir, { recursive: true });
  }
});
