/**
 * The options of `ctx.fetch` and `ctx.request` are checked before anything is sent: an unknown
 * option (`timeout`, `headers`) or a value of the wrong kind (`timeouts: { headersMs: "5s" }`) fails
 * the task with a TypeError naming the call, the URL, the task and the option. They used to be
 * ignored: a fetch the user meant to bound by 5 s ran with no deadline for that phase.
 */
import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { CookieJar, defineConfig, type FetchCallOptions, run, task } from "../mod.ts";
import { startRouteServer } from "./fixtures/route_server.ts";
import { testFilePlace } from "./fixtures/failure_place.ts";

/** Where the tasks below fail, as `testFilePlace` shows it. */
const FILE = "library_ctx_fetch_options_test.ts";

/** What a JavaScript user, or a TypeScript config run without a type check, can pass. */
const untyped = (options: unknown) => options as FetchCallOptions;

Deno.test("ctx.fetch and ctx.request refuse unknown options and values of the wrong kind, naming them", async () => {
  await using server = startRouteServer({ "/page": { body: "hello" } });
  const url = server.url("/page");
  const outDir = await Deno.makeTempDir({ prefix: "corun-library-ctx-options-" });
  try {
    const calls: [string, unknown][] = [
      ["timeout", { timeout: 5_000 }],
      ["headers", { headers: { "x-token": "1" } }],
      ["phase-text", { timeouts: { headersMs: "5s" } }],
      ["phase-unknown", { timeouts: { readMs: 5_000 } }],
      ["retries-text", { retries: "3" }],
      ["decompress-text", { decompress: "no" }],
      ["retry-on", { retryOn: "503" }],
      ["not-an-object", "fast"],
      ["retries-endless", { retries: Infinity }],
      ["request-sha256", { sha256: true }],
      ["sha256-text", { sha256: "yes" }],
      ["retry-on-success", { retryOn: [503, 200] }],
    ];
    const report = await run(
      defineConfig({
        outDir,
        metadata: false,
        tasks: [
          task("good", function* (ctx) {
            const page = yield* ctx.fetch(url, {
              retries: 0,
              timeouts: { headersMs: 5_000, totalMs: undefined },
              decompress: false,
              sha256: true,
            });
            const response = yield* ctx.request(url, { maxRedirects: 0 });
            response.body.close();
            if (page.text() !== "hello") throw new Error(page.text());
          }),
          ...calls.map(([name, options], i) =>
            task(name, function* (ctx) {
              if (i % 2 === 0) yield* ctx.fetch(url, untyped(options));
              else yield* ctx.request(url, untyped(options));
            })
          ),
        ],
      }),
      { state: false },
    );
    const refused = (call: string, name: string, problem: string) =>
      `Cannot ctx.${call} "${url}" for task "${name}": ${problem} (at ${FILE})`;
    assertEquals(report.tasks.map((t) => [t.name, t.outcome, testFilePlace(t.error?.message)]), [
      ["good", "done", undefined],
      [
        "timeout",
        "failed",
        refused(
          "fetch",
          "timeout",
          'unknown option "timeout": did you mean timeouts: { totalMs }?',
        ),
      ],
      [
        "headers",
        "failed",
        refused(
          "request",
          "headers",
          `unknown option "headers": a request's headers go in the request, ctx.request({ url, headers })`,
        ),
      ],
      [
        "phase-text",
        "failed",
        refused(
          "fetch",
          "phase-text",
          'option "timeouts" expects milliseconds as a number for headersMs, got "5s"',
        ),
      ],
      [
        "phase-unknown",
        "failed",
        refused(
          "request",
          "phase-unknown",
          'option "timeouts" has an unknown phase "readMs" (connectMs, tlsMs, headersMs, idleMs, totalMs)',
        ),
      ],
      [
        "retries-text",
        "failed",
        refused(
          "fetch",
          "retries-text",
          'option "retries" expects a whole number of 0 or more, got "3"',
        ),
      ],
      [
        "decompress-text",
        "failed",
        refused(
          "request",
          "decompress-text",
          'option "decompress" expects true or false, got "no"',
        ),
      ],
      [
        "retry-on",
        "failed",
        refused("fetch", "retry-on", 'option "retryOn" expects a list of status codes, got "503"'),
      ],
      [
        "not-an-object",
        "failed",
        refused(
          "request",
          "not-an-object",
          "expected options as an object, got a value of type string",
        ),
      ],
      [
        "retries-endless",
        "failed",
        refused(
          "fetch",
          "retries-endless",
          'option "retries" expects a whole number of 0 or more, got Infinity',
        ),
      ],
      [
        "request-sha256",
        "failed",
        refused(
          "request",
          "request-sha256",
          'unknown option "sha256": ctx.request writes no metadata line (its body is the ' +
            "task's to read); ctx.fetch takes it",
        ),
      ],
      [
        "sha256-text",
        "failed",
        refused("fetch", "sha256-text", 'option "sha256" expects true or false, got "yes"'),
      ],
      [
        "retry-on-success",
        "failed",
        refused(
          "request",
          "retry-on-success",
          'option "retryOn" expects statuses that may be retried: 200 is never retried: a 2xx is ' +
            "a success; retryOn takes 4xx and 5xx statuses",
        ),
      ],
    ]);
    assertEquals(server.requests.length, 2); // nothing was sent for the refused ones
  } finally {
    await Deno.remove(outDir, { recursive: true });
  }
});

Deno.test("ctx.fetch and ctx.request refuse a cookie jar, per-origin settings, a noProxy entry or a limit of 0 they could not use, naming them", async () => {
  await using server = startRouteServer({ "/page": { body: "hello" } });
  const url = server.url("/page");
  const origin = new URL(url).origin;
  const outDir = await Deno.makeTempDir({ prefix: "corun-library-ctx-options-" });
  const jar = await CookieJar.create();
  try {
    const calls: [string, unknown][] = [
      ["cookies-object", { cookies: {} }],
      ["proxy-number", { originProxies: { [origin]: 8080 } }],
      ["proxy-host", { originProxies: { "example.org": false } }],
      ["pipelines-list", { originPipelines: [2] }],
      ["total-zero", { timeouts: { totalMs: 0 } }],
      ["body-zero", { maxBodyBytes: 0 }],
      ["pipeline-zero", { pipeline: 0 }],
      ["ratio-below-one", { maxDecodeRatio: 0.5 }],
      ["no-proxy-port", { noProxy: "localhost, intranet:8080" }],
    ];
    const report = await run(
      defineConfig({
        outDir,
        metadata: false,
        tasks: [
          task("good", function* (ctx) {
            const page = yield* ctx.fetch(url, {
              cookies: jar,
              originProxies: { [origin]: false },
              originPipelines: { [origin]: 1 },
              maxBodyBytes: 5,
            });
            if (page.text() !== "hello") throw new Error(page.text());
          }),
          ...calls.map(([name, options], i) =>
            task(name, function* (ctx) {
              if (i % 2 === 0) yield* ctx.fetch(url, untyped(options));
              else yield* ctx.request(url, untyped(options));
            })
          ),
        ],
      }),
      { state: false },
    );
    const refused = (call: string, name: string, problem: string) =>
      `Cannot ctx.${call} "${url}" for task "${name}": option ${problem} (at ${FILE})`;
    const notNone = '(0 is not "no limit")';
    assertEquals(report.tasks.map((t) => [t.name, testFilePlace(t.error?.message)]), [
      ["good", undefined],
      [
        "cookies-object",
        refused(
          "fetch",
          "cookies-object",
          '"cookies" expects a CookieJar (await CookieJar.create()), got a value of type object',
        ),
      ],
      [
        "proxy-number",
        refused(
          "request",
          "proxy-number",
          `"originProxies" expects a proxy URL or false for "${origin}", got 8080`,
        ),
      ],
      [
        "proxy-host",
        refused(
          "fetch",
          "proxy-host",
          '"originProxies" has the key "example.org", which is no origin ("https://example.org", ' +
            '"http://127.0.0.1:8080": a scheme, a host and a port, nothing else)',
        ),
      ],
      [
        "pipelines-list",
        refused(
          "request",
          "pipelines-list",
          '"originPipelines" expects an object of origins, each to a whole number of 1 or more, ' +
            "got a value of type Array",
        ),
      ],
      [
        "total-zero",
        refused(
          "fetch",
          "total-zero",
          `"timeouts" expects milliseconds above 0 for totalMs ${notNone}, got 0`,
        ),
      ],
      [
        "body-zero",
        refused(
          "request",
          "body-zero",
          `"maxBodyBytes" expects a whole number of 1 or more ${notNone}, got 0`,
        ),
      ],
      [
        "pipeline-zero",
        refused(
          "fetch",
          "pipeline-zero",
          `"pipeline" expects a whole number of 1 or more ${notNone}, got 0`,
        ),
      ],
      [
        "ratio-below-one",
        refused(
          "request",
          "ratio-below-one",
          '"maxDecodeRatio" expects a number of 1 or more, got 0.5',
        ),
      ],
      [
        "no-proxy-port",
        // As the config's noProxy: the host would go through the proxy, silently.
        refused(
          "fetch",
          "no-proxy-port",
          '"noProxy" is refused: its entry "intranet:8080" has a port, and would match no host: ' +
            "list host names, domains, IP addresses and CIDR ranges",
        ),
      ],
    ]);
    assertEquals(server.requests.length, 1); // nothing was sent for the refused ones
  } finally {
    await Deno.remove(outDir, { recursive: true });
  }
});

Deno.test("an option ctx.fetch is given as undefined keeps the run's: its bandwidth, and the config's limits", async () => {
  // `{ maxBodyBytes: cond ? n : undefined }`, or options spread from elsewhere: a key whose value is
  // undefined was spread over the run's options, so the call ran with no bandwidth limit, with the
  // client's body limit instead of the config's, and with no total deadline.
  const body = new Uint8Array(32 * 1024).fill(1);
  await using server = startRouteServer({ "/file": { body } });
  const url = server.url("/file");
  const outDir = await Deno.makeTempDir({ prefix: "corun-library-ctx-options-" });
  try {
    const sizes: number[] = [];
    const report = await run(
      defineConfig({
        outDir,
        metadata: false,
        bandwidth: "8KiB/s",
        defaults: { maxBodySize: "1KiB" },
        tasks: [
          task("bandwidth", function* (ctx) {
            sizes.push(
              (yield* ctx.fetch(url, untyped({ bandwidth: undefined, maxBodyBytes: body.length })))
                .body.byteLength,
            );
          }),
          task("limit", function* (ctx) {
            yield* ctx.fetch(url, { maxBodyBytes: undefined, timeouts: { totalMs: undefined } });
          }),
        ],
      }),
      { state: false, virtualTime: true },
    );
    assertEquals(report.tasks.map((t) => [t.name, t.outcome]), [
      ["bandwidth", "done"],
      ["limit", "failed"],
    ]);
    assertEquals(sizes, [32 * 1024]);
    assertEquals(report.tasks[1].error?.message.includes("exceeds maxBodySize (1KiB)"), true);
    // 32 KiB at 8 KiB/s, a second's worth at once: the limit held the call (on the virtual clock).
    assertEquals(report.durationMs >= 2_900, true, `${report.durationMs} ms`);
  } finally {
    await Deno.remove(outDir, { recursive: true });
  }
});
