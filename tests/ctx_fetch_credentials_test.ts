/**
 * The credentials a custom task gives its own `ctx.fetch` / `ctx.request` (`Authorization`,
 * `Cookie`) go to the origin they were given for, as a config's do: a redirect that leaves it drops
 * them, with the cookie jar on or off; and they show in nothing corun writes or prints. A header
 * whose value is not text (a variable that is not set) is refused, naming the header, instead of
 * being sent as the text `undefined`.
 */
import { assert, assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { defineConfig, run, task } from "../mod.ts";
import { type Route, startRouteServer } from "./fixtures/route_server.ts";
import { MOD, runDeno } from "./fixtures/run_deno.ts";
import { listFiles, withTempDir } from "./fixtures/temp_dir.ts";
import { testFilePlace } from "./fixtures/failure_place.ts";

const withDir = withTempDir("corun-ctx-credentials-");

for (const cookies of [false, true]) {
  Deno.test(`ctx.fetch and ctx.request drop a task's Authorization and Cookie on a redirect to another origin, keep them on one to the same (cookie jar ${cookies ? "on" : "off"})`, async () => {
    const routes: Record<string, Route> = { "/land": { body: "landed" } };
    await using server = startRouteServer(routes);
    // `localhost` is another origin than `127.0.0.1`: the same server, told apart by Host.
    routes["/away"] = {
      status: 302,
      headers: { Location: `http://localhost:${server.port}/land` },
    };
    routes["/near"] = { status: 307, headers: { Location: "/land" } };
    await withDir(async (outDir) => {
      const report = await run(
        defineConfig({
          outDir,
          metadata: false,
          concurrency: 1,
          cookies,
          tasks: [task("calls", function* (ctx) {
            // Any case: a header's name does not depend on it.
            const headers = { AUTHORIZATION: "Bearer t0k", cookie: "c=1", "X-Other": "o" };
            yield* ctx.fetch({ url: server.url("/away"), headers });
            const response = yield* ctx.request({ url: server.url("/away"), headers });
            yield* response.body.bytes();
            yield* ctx.fetch({ url: server.url("/near"), headers });
          })],
        }),
        { state: false },
      );
      assertEquals(report.tasks[0].outcome, "done", JSON.stringify(report.tasks[0]));
      assertEquals(
        server.requests.map((request) =>
          [request.headers.get("host")?.split(":")[0], request.path].concat(
            ["authorization", "cookie", "x-other"].map((name) => request.headers.get(name) ?? "-"),
          ).join(" ")
        ),
        [
          "127.0.0.1 /away Bearer t0k c=1 o",
          "localhost /land - - o",
          "127.0.0.1 /away Bearer t0k c=1 o",
          "localhost /land - - o",
          "127.0.0.1 /near Bearer t0k c=1 o",
          "127.0.0.1 /land Bearer t0k c=1 o",
        ],
      );
    });
  });
}

Deno.test("a ctx.fetch header whose value is not text (a variable not set) fails the task, naming the header; nothing is sent", async () => {
  await using server = startRouteServer({ "/page": { body: "p" } });
  const url = server.url("/page");
  await withDir(async (outDir) => {
    const report = await run(
      defineConfig({
        outDir,
        metadata: false,
        tasks: [
          task("unset", function* (ctx) {
            const key = Deno.env.get("CORUN_TEST_NEVER_SET_KEY") as string;
            yield* ctx.fetch({ url, headers: { "X-Api-Key": key } });
          }),
          task("number", function* (ctx) {
            yield* ctx.request({ url, headers: { "X-Count": 5 as unknown as string } });
          }),
        ],
      }),
      { state: false },
    );
    assertEquals(report.tasks.map((t) => [t.name, t.outcome, testFilePlace(t.error?.message)]), [
      [
        "unset",
        "failed",
        `Cannot ctx.fetch "${url}" for task "unset": header "X-Api-Key": expected its value as ` +
        "text, got undefined (at ctx_fetch_credentials_test.ts)",
      ],
      [
        "number",
        "failed",
        `Cannot ctx.request "${url}" for task "number": header "X-Count": expected its value as ` +
        "text, got a value of type number (at ctx_fetch_credentials_test.ts)",
      ],
    ]);
    assertEquals(server.requests.length, 0);
  });
});

/** What the task below sends, each of which must show nowhere. */
const SECRETS = ["TOKEN_CTX_4711", "COOKIE_CTX_4711", "TOKEN_CALLBACK_4711", "TOKEN_REFUSED_4711"];

Deno.test("a task's own Authorization and Cookie show in no output: lines, --json, --log, --trace, the report page, the metadata", async () => {
  await using away = startRouteServer({ "/land": { body: "landed" } });
  await using site = startRouteServer({
    "/away": { status: 302, headers: { Location: away.url("/land") } },
    "/fail": { status: 500, headers: { "WWW-Authenticate": 'Bearer realm="x"' } },
    "/loop": { status: 302, headers: { Location: "/loop" } },
    "/page": { body: "p" },
  });
  await withDir(async (dir) => {
    const headers = '{ Authorization: "Bearer TOKEN_CTX_4711", Cookie: "c=COOKIE_CTX_4711" }';
    await Deno.writeTextFile(
      `${dir}/c.ts`,
      `import { defineConfig, task } from ${JSON.stringify(new URL(`file://${MOD}`).href)};
const headers = ${headers};
export default defineConfig({
  outDir: "out",
  defaults: { retries: 0 },
  tasks: [
    task("away", function* (ctx) { yield* ctx.fetch({ url: "${site.url("/away")}", headers }); }),
    task("fail", function* (ctx) { yield* ctx.fetch({ url: "${site.url("/fail")}", headers }); }),
    task("loop", function* (ctx) { yield* ctx.fetch({ url: "${site.url("/loop")}", headers }); }),
    task("down", function* (ctx) { yield* ctx.fetch({ url: "http://127.0.0.1:9/", headers }); }),
    task("refused", function* (ctx) {
      yield* ctx.fetch({ url: "${
        site.url("/page")
      }", headers: { Authorization: "TOKEN_REFUSED_4711\\u0085" } });
    }),
    {
      name: "callback",
      fetch: "${site.url("/page")}",
      onResponse: function* (_response, ctx) {
        yield* ctx.fetch({ url: "${
        site.url("/away")
      }", headers: { Authorization: "Bearer TOKEN_CALLBACK_4711" } });
      },
    },
  ],
});
`,
    );
    const ran = await runDeno(
      ["run", "-A", MOD, "run", "c.ts", "--json", "--log", "run.log", "--trace", "t.json"],
      { cwd: dir, env: { NO_COLOR: "1" } },
    );
    const report = await runDeno(["run", "-A", MOD, "report", "t.json"], { cwd: dir });
    assertEquals(report.code, 0, report.stderr);
    // They went where they belong, and only there.
    const sent = site.requests.map((request) => request.headers.get("authorization"));
    assert(sent.includes("Bearer TOKEN_CTX_4711"), sent.join(", "));
    assert(sent.includes("Bearer TOKEN_CALLBACK_4711"), sent.join(", "));
    assertEquals(away.requests.map((request) => request.headers.get("authorization")), [
      null,
      null,
    ]);
    const json = JSON.parse(ran.stdout);
    assertEquals(
      json.tasks.map((t: { name: string; outcome: string }) => `${t.name} ${t.outcome}`),
      ["away done", "fail done", "loop failed", "down failed", "refused failed", "callback done"],
    );
    const files = (await listFiles(dir)).filter((path) => path !== "c.ts");
    for (const path of ["out/corun.jsonl", "run.log", "t.json", "t.html"]) {
      assert(files.includes(path), `${path} is not among ${files.join(", ")}`);
    }
    const shown = [
      ["stdout", ran.stdout],
      ["stderr", ran.stderr],
      ["report", report.stdout + report.stderr],
      ...await Promise.all(
        files.map(async (path) => [path, await Deno.readTextFile(`${dir}/${path}`)]),
      ),
    ];
    for (const [where, text] of shown) {
      for (const secret of SECRETS) assert(!text.includes(secret), `${where} shows ${secret}`);
    }
  });
});
