// A redirect's request is a request to the origin it goes to, under that origin's `perHost` as
// under its gap: a list on one origin whose every URL moves to a CDN with `perHost: 1` sends the
// CDN one request at a time, however many the first origin allows. The fetch's count moves from
// the origin it leaves to the one it goes to, so two origins that redirect to each other never
// wait for each other.
import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { defineConfig, fetchTask, run, task } from "../mod.ts";
import { startRouteServer } from "./fixtures/route_server.ts";
import { withTempDir } from "./fixtures/temp_dir.ts";

const withOutDir = withTempDir("corun-politeness-redirect-");

/**
 * A server that holds each request until `together` are in at once (or 200 ms have passed), and
 * notes the most it ever had in at once: how many the run sends it in parallel.
 */
function startCountingServer(together: number) {
  let inFlight = 0;
  let most = 0;
  let arrived = Promise.withResolvers<void>();
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, async () => {
    inFlight++;
    most = Math.max(most, inFlight);
    if (inFlight >= together) arrived.resolve();
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([arrived.promise, new Promise((ok) => timer = setTimeout(ok, 200))]);
    clearTimeout(timer);
    inFlight--;
    if (inFlight === 0) arrived = Promise.withResolvers<void>();
    return new Response("ok");
  });
  return {
    origin: `http://127.0.0.1:${server.addr.port}`,
    most: () => most,
    [Symbol.asyncDispose]: () => server.shutdown(),
  };
}

/** A server whose `/m/N` moves to `target` + `/t/N`. */
function startMover(target: string, count: number) {
  return startRouteServer(
    Object.fromEntries(
      Array.from({ length: count }, (_, i) => [
        `/m/${i + 1}`,
        { status: 302, headers: { location: `${target}/t/${i + 1}` } },
      ]),
    ),
  );
}

Deno.test("a redirect's request counts in its target origin's perHost", async () => {
  await using cdn = startCountingServer(2);
  await using mover = startMover(cdn.origin, 4);
  await withOutDir(async (outDir) => {
    const report = await run(
      defineConfig({
        outDir,
        metadata: false,
        concurrency: 4,
        perHost: 4,
        origins: { [cdn.origin]: { perHost: 1 } },
        tasks: [fetchTask("moved", mover.url("/m/[1-4]"))],
      }),
      { state: false },
    );
    assertEquals(report.tasks[0].items?.done, 4, JSON.stringify(report.tasks));
    // Before, the first origin's four connections each went on to the CDN: four at once.
    assertEquals(cdn.most(), 1);
  });
});

Deno.test("a custom task's ctx.fetch that redirects counts in its target origin's perHost", async () => {
  await using cdn = startCountingServer(2);
  await using mover = startMover(cdn.origin, 4);
  await withOutDir(async (outDir) => {
    const report = await run(
      defineConfig({
        outDir,
        metadata: false,
        concurrency: 4,
        perHost: 4,
        origins: { [cdn.origin]: { perHost: 1 } },
        tasks: [1, 2, 3, 4].map((i) =>
          task(`get-${i}`, function* (ctx) {
            yield* ctx.fetch(mover.url(`/m/${i}`));
          })
        ),
      }),
      { state: false },
    );
    assertEquals(report.counts.done, 4, JSON.stringify(report.tasks));
    assertEquals(cdn.most(), 1);
  });
});

Deno.test("two origins of perHost: 1 that redirect to each other do not wait for each other", async () => {
  // Each origin's /go/N moves to the other's /end/N, which answers.
  const others = { a: "", b: "" };
  const routes = (self: "a" | "b") =>
    Object.fromEntries([1, 2, 3].flatMap((i) => [
      [`/go/${i}`, () => ({ status: 302, headers: { location: `${others[self]}/end/${i}` } })],
      [`/end/${i}`, { body: "ok" }],
    ]));
  await using a = startRouteServer(routes("a"));
  await using b = startRouteServer(routes("b"));
  others.a = new URL(b.url()).origin;
  others.b = new URL(a.url()).origin;
  await withOutDir(async (outDir) => {
    const report = await run(
      defineConfig({
        outDir,
        metadata: false,
        concurrency: 2,
        perHost: 1,
        tasks: [
          fetchTask("from-a", a.url("/go/[1-3]")),
          fetchTask("from-b", b.url("/go/[1-3]")),
        ],
      }),
      { state: false },
    );
    assertEquals(report.counts.done, 2, JSON.stringify(report.tasks));
    assertEquals(a.requests.length + b.requests.length, 12);
  });
});

Deno.test("a custom task's ctx.fetch redirected to another origin gives back its place under the perHost of the one it left", async () => {
  // /go on `home` (perHost 1) moves to `away`, which holds its answer until /next on `home` has been
  // asked (or 10 s have passed): only a place at `home` given back lets /next go meanwhile.
  const order: string[] = [];
  const nextAsked = Promise.withResolvers<void>();
  await using home = startRouteServer({
    "/go": () => ({ status: 302, headers: { location: `${away.origin}/held` } }),
    "/next": () => {
      order.push("home /next asked");
      nextAsked.resolve();
      return { body: "next" };
    },
  });
  let timer: ReturnType<typeof setTimeout> | undefined;
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, async () => {
    await Promise.race([nextAsked.promise, new Promise((ok) => timer = setTimeout(ok, 10_000))]);
    clearTimeout(timer);
    order.push("away answered");
    return new Response("away");
  });
  const away = { origin: `http://127.0.0.1:${server.addr.port}` };
  try {
    await withOutDir(async (outDir) => {
      const report = await run(
        defineConfig({
          outDir,
          metadata: false,
          concurrency: 4,
          perHost: 1,
          tasks: [
            task("moved", function* (ctx) {
              yield* ctx.fetch(home.url("/go"));
            }),
            task("next", function* (ctx) {
              // Asked once `moved` holds home's one place: its request went out first.
              while (home.requests.length === 0) yield* ctx.sleep(1);
              yield* ctx.fetch(home.url("/next"));
            }),
          ],
        }),
        { state: false },
      );
      assertEquals(report.counts.done, 2, JSON.stringify(report.tasks));
      assertEquals(order, ["home /next asked", "away answered"]);
    });
  } finally {
    await server.shutdown();
  }
});
