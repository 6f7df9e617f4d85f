// A callback's `ctx.fetch` and `ctx.request` go beyond the run's limits by one: its caller holds a
// slot, and a nested fetch that waited for one could wait for itself. Parallel calls in one callback
// take that one extra turn in turns, so `concurrency` and `perHost` stay a bound on what the server
// sees (each running callback adds at most one request).
import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { all, defineConfig, fetchTask, run } from "../mod.ts";

/** A server that answers each request after `delayMs` and counts the most it served at once. */
function slowServer(delayMs: number) {
  let inFlight = 0;
  let most = 0;
  const hits: string[] = [];
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, async (request) => {
    const path = new URL(request.url).pathname;
    hits.push(path);
    inFlight++;
    most = Math.max(most, inFlight);
    await new Promise((resolve) => setTimeout(resolve, delayMs));
    inFlight--;
    return new Response(`body of ${path}`);
  });
  const { port } = server.addr as Deno.NetAddr;
  return {
    hits,
    most: () => most,
    url: (path: string) => `http://127.0.0.1:${port}${path}`,
    [Symbol.asyncDispose]: () => server.shutdown(),
  };
}

async function tempDir(): Promise<AsyncDisposable & { path: string }> {
  const path = await Deno.makeTempDir({ prefix: "corun-nested-limits-" });
  return { path, [Symbol.asyncDispose]: () => Deno.remove(path, { recursive: true }) };
}

Deno.test("parallel ctx.fetch calls in one callback add one request in flight, not one each", async () => {
  await using site = slowServer(20);
  await using out = await tempDir();
  const bodies: string[] = [];
  const report = await run(
    defineConfig({
      outDir: out.path,
      metadata: false,
      concurrency: 1,
      perHost: 4,
      tasks: [
        fetchTask("page", site.url("/page"), {
          *onResponse(_response, ctx) {
            const pages = yield* all(
              [1, 2, 3, 4].map((i) => ctx.fetch(site.url(`/side/${i}`))),
            );
            bodies.push(...pages.map((page) => page.text()));
          },
        }),
      ],
    }),
    { state: false },
  );
  assertEquals(report.counts.done, 1, JSON.stringify(report.tasks));
  assertEquals(bodies, [1, 2, 3, 4].map((i) => `body of /side/${i}`));
  // The page's own request had ended before its callback ran: one request at a time throughout.
  assertEquals(site.most(), 1);
});

Deno.test("ctx.request calls in parallel take the callback's extra turn one at a time too", async () => {
  await using site = slowServer(20);
  await using out = await tempDir();
  const report = await run(
    defineConfig({
      outDir: out.path,
      metadata: false,
      concurrency: 2,
      perHost: 4,
      tasks: [
        fetchTask("pages", site.url("/page/[1-2]"), {
          *onResponse(response, ctx) {
            const page = new URL(response.url).pathname.slice("/page/".length);
            yield* all([1, 2, 3].map((i) =>
              function* () {
                const side = yield* ctx.request(site.url(`/side/${page}/${i}`));
                yield* side.body.bytes();
              }()
            ));
          },
        }),
      ],
    }),
    { state: false },
  );
  assertEquals(report.counts.done, 1, JSON.stringify(report.tasks));
  assertEquals(site.hits.filter((path) => path.startsWith("/side/")).length, 6);
  // Two callbacks at most run at once (concurrency: 2), each with one request in flight.
  assertEquals(site.most() <= 2, true, `at most two at once, saw ${site.most()}`);
});
