/**
 * A YAML config keeps its credentials out of the file: `{ env: NAME }` and `{ file: PATH }` are read
 * when it loads and sent as a literal credential would be (a server on 127.0.0.1 checks the
 * `Authorization` and `X-Api-Key` it gets); a header given so is a credential by the config's own
 * word, which goes no further than its origin, as `Authorization` does.
 */
import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { defineConfig, fetchTask, run, task } from "../mod.ts";
import { type Route, startRouteServer } from "./fixtures/route_server.ts";
import type { RecordedRequest } from "./fixtures/scripted_server.ts";
import { withTempDir } from "./fixtures/temp_dir.ts";

const withDir = withTempDir("corun-secret-refs-run-");

Deno.test("an { env } bearer token, a { file } password and a { file } header value reach the server", async () => {
  await using server = startRouteServer({ "/a": { body: "a" }, "/b": { body: "b" } });
  await withDir(async (dir) => {
    await Deno.mkdir(`${dir}/secrets`);
    await Deno.writeTextFile(`${dir}/secrets/password`, "pa55:word\n");
    await Deno.writeTextFile(`${dir}/secrets/api-key`, "k3y-4711\r\n");
    await Deno.writeTextFile(
      `${dir}/c.yaml`,
      `defaults:
  headers: { X-Api-Key: { file: secrets/api-key } }
tasks:
  - name: bearer
    fetch: { url: "${server.url("/a")}", auth: { bearer: { env: CORUN_RUN_TOKEN } } }
  - name: basic
    fetch:
      url: "${server.url("/b")}"
      auth: { username: { env: CORUN_RUN_USER }, password: { file: secrets/password } }
`,
    );
    Deno.env.set("CORUN_RUN_TOKEN", "t0k3n-4711");
    Deno.env.set("CORUN_RUN_USER", "alice");
    let report;
    try {
      report = await run(`${dir}/c.yaml`, { state: false });
    } finally {
      Deno.env.delete("CORUN_RUN_TOKEN");
      Deno.env.delete("CORUN_RUN_USER");
    }
    assertEquals(report.tasks.map((task) => task.outcome), ["done", "done"]);
    const sent = Object.fromEntries(
      server.requests.map((request) => [
        request.path,
        [request.headers.get("authorization"), request.headers.get("x-api-key")],
      ]),
    );
    assertEquals(sent, {
      "/a": ["Bearer t0k3n-4711", "k3y-4711"],
      "/b": [`Basic ${btoa("alice:pa55:word")}`, "k3y-4711"],
    });
  });
});

/** `host path x-api-key` of each request, the host as `127.0.0.1` or `localhost`. */
function keysSent(requests: readonly RecordedRequest[]): string[] {
  return requests.map((request) =>
    `${request.headers.get("host")?.split(":")[0]} ${request.path} ` +
    request.headers.get("x-api-key")
  );
}

Deno.test("a header given as { env } or { file } is dropped when a redirect leaves the origin; a literal one follows", async () => {
  const routes: Record<string, Route> = { "/land": { body: "landed" } };
  await using server = startRouteServer(routes);
  // localhost is another origin than 127.0.0.1, on the same server.
  for (const from of ["/file", "/env", "/literal", "/same"]) {
    const to = from === "/same" ? "/land" : `http://localhost:${server.port}/land`;
    routes[from] = { status: 302, headers: { Location: to } };
  }
  await withDir(async (dir) => {
    await Deno.writeTextFile(`${dir}/key.txt`, "file-k3y\n");
    // The README's own example: the defaults' X-Api-Key from a file.
    await Deno.writeTextFile(
      `${dir}/c.yaml`,
      `defaults:
  headers: { X-Api-Key: { file: key.txt } }
tasks:
  - { name: file, fetch: "${server.url("/file")}" }
  - { name: env, fetch: { url: "${
        server.url("/env")
      }", headers: { x-api-key: { env: CORUN_RUN_KEY } } } }
  - { name: literal, fetch: { url: "${
        server.url("/literal")
      }", headers: { X-API-KEY: literal-k3y } } }
  - { name: same, fetch: "${server.url("/same")}" }
concurrency: 1
`,
    );
    Deno.env.set("CORUN_RUN_KEY", "env-k3y");
    let report;
    try {
      report = await run(`${dir}/c.yaml`, { state: false });
    } finally {
      Deno.env.delete("CORUN_RUN_KEY");
    }
    assertEquals(report.tasks.map((task) => task.outcome), ["done", "done", "done", "done"]);
    assertEquals(keysSent(server.requests), [
      "127.0.0.1 /file file-k3y",
      "localhost /land null",
      "127.0.0.1 /env env-k3y",
      "localhost /land null",
      // Written in the config, a header other than Authorization and Cookie follows, as documented.
      "127.0.0.1 /literal literal-k3y",
      "localhost /land literal-k3y",
      // A redirect that stays on the origin keeps it.
      "127.0.0.1 /same file-k3y",
      "127.0.0.1 /land file-k3y",
    ]);
  });
});

Deno.test("a crawl's links on an origin only a redirect led to, and their robots.txt, go without an { env } header", async () => {
  const page = (...links: string[]) => ({ body: links.join("\n") });
  const routes: Record<string, Route> = { "/robots.txt": { status: 404 }, "/back": page() };
  await using server = startRouteServer(routes);
  const away = `http://localhost:${server.port}`;
  routes["/out"] = { status: 302, headers: { Location: `${away}/landing` } };
  routes["/landing"] = (request) =>
    request.headers.get("host")!.startsWith("localhost")
      ? page(`${away}/next`, server.url("/back"))
      : { status: 404 };
  routes["/next"] = page();
  const outDir = await Deno.makeTempDir({ prefix: "corun-secret-refs-run-" });
  Deno.env.set("CORUN_RUN_CRAWL_KEY", "crawl-k3y");
  try {
    const report = await run(
      defineConfig({
        outDir,
        metadata: false,
        concurrency: 1,
        tasks: [fetchTask("site", {
          url: server.url("/out"),
          headers: { "X-Api-Key": { env: "CORUN_RUN_CRAWL_KEY" } },
        }, {
          *onResponse(response, ctx) {
            for (const link of (yield* response.body.text()).split("\n")) {
              if (link !== "") yield* ctx.enqueue(link);
            }
          },
        })],
      }),
      { state: false },
    );
    assertEquals(report.tasks[0].outcome, "done", JSON.stringify(report.tasks[0]));
    const sent = keysSent(server.requests);
    assertEquals(sent.filter((line) => line.startsWith("localhost")).sort(), [
      "localhost /landing null",
      "localhost /next null",
      "localhost /robots.txt null",
    ]);
    // Its own origin gets it: the seed, the robots.txt, the link back.
    assertEquals(sent.filter((line) => line.startsWith("127.0.0.1")).sort(), [
      "127.0.0.1 /back crawl-k3y",
      "127.0.0.1 /out crawl-k3y",
      "127.0.0.1 /robots.txt crawl-k3y",
    ]);
    assertEquals(report.warnings, [
      `Links on ${away} go without task "site"'s Authorization, Cookie and X-Api-Key: only a ` +
      "redirect led there; list it in crawl.origins to send them",
    ]);
  } finally {
    Deno.env.delete("CORUN_RUN_CRAWL_KEY");
    await Deno.remove(outDir, { recursive: true });
  }
});

Deno.test("a custom task's ctx.fetch and enqueues send the defaults' { env } header to its origin only", async () => {
  const routes: Record<string, Route> = { "/land": { body: "landed" } };
  await using server = startRouteServer(routes);
  for (const from of ["/fetched", "/enqueued", "/own"]) {
    routes[from] = { status: 302, headers: { Location: `http://localhost:${server.port}/land` } };
  }
  const outDir = await Deno.makeTempDir({ prefix: "corun-secret-refs-run-" });
  Deno.env.set("CORUN_RUN_CTX_KEY", "ctx-k3y");
  try {
    const report = await run(
      defineConfig({
        outDir,
        metadata: false,
        concurrency: 1,
        defaults: { headers: { "X-Api-Key": { env: "CORUN_RUN_CTX_KEY" } } },
        tasks: [task("calls", function* (ctx) {
          yield* ctx.fetch(server.url("/fetched"));
          // A call that gives the header itself, as text, sends its own, which follows.
          yield* ctx.fetch({ url: server.url("/own"), headers: { "x-api-key": "own-k3y" } });
          yield* ctx.enqueue(server.url("/enqueued"));
        })],
      }),
      { state: false },
    );
    assertEquals(report.tasks[0].outcome, "done", JSON.stringify(report.tasks[0]));
    assertEquals(keysSent(server.requests), [
      "127.0.0.1 /fetched ctx-k3y",
      "localhost /land null",
      "127.0.0.1 /own own-k3y",
      "localhost /land own-k3y",
      // An enqueued URL asks its origin's robots.txt first, with the task's headers.
      "127.0.0.1 /robots.txt ctx-k3y",
      "127.0.0.1 /enqueued ctx-k3y",
      "localhost /land null",
    ]);
  } finally {
    Deno.env.delete("CORUN_RUN_CTX_KEY");
    await Deno.remove(outDir, { recursive: true });
  }
});
