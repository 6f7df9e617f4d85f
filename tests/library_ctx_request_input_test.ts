/**
 * What `ctx.fetch` and `ctx.request` are given is checked before anything is sent: a `URL` is taken
 * like its text; a URL that is not absolute http(s), headers that are not a plain object (a
 * `Headers`, an array of pairs) and a body that is not one the client sends (a config's `{ json }`)
 * fail the task with a TypeError naming the call, the URL and the task. They used to fail with
 * "Invalid URL: 'undefined'", send no headers or a header named `0`, or look for a file named
 * `undefined`. A method that is not text failed with "toUpperCase is not a function".
 */
import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { defineConfig, type Effect, fetchTask, type HttpRequest, run, task } from "../mod.ts";
import { startRouteServer } from "./fixtures/route_server.ts";
import { testFilePlace } from "./fixtures/failure_place.ts";
import { MAX_LIST_LINE_BYTES } from "../lib/frontier/url_list.ts";

/** Where the tasks below fail, as `testFilePlace` shows it. */
const FILE = "library_ctx_request_input_test.ts";

/** What a JavaScript user, or a TypeScript config run without a type check, can pass. */
const untyped = (request: unknown) => request as HttpRequest;

Deno.test("ctx.fetch and ctx.request take a URL object, and refuse a bad URL, headers or body naming the task", async () => {
  await using server = startRouteServer({ "/page": { body: "hello" } });
  const url = server.url("/page");
  const outDir = await Deno.makeTempDir({ prefix: "corun-library-ctx-request-" });
  try {
    const fetched: string[] = [];
    const report = await run(
      defineConfig({
        outDir,
        metadata: false,
        tasks: [
          task("url-object", function* (ctx) {
            fetched.push((yield* ctx.fetch(new URL(url))).text());
            const response = yield* ctx.request(new URL(url));
            fetched.push(new TextDecoder().decode(yield* response.body.bytes()));
          }),
          task("relative", function* (ctx) {
            yield* ctx.fetch("/page");
          }),
          task("headers-object", function* (ctx) {
            yield* ctx.fetch(untyped({ url, headers: new Headers({ "x-token": "1" }) }));
          }),
          task("headers-pairs", function* (ctx) {
            yield* ctx.request(untyped({ url, headers: [["x-token", "1"]] }));
          }),
          task("json-body", function* (ctx) {
            yield* ctx.fetch(untyped({ url, method: "POST", body: { json: { a: 1 } } }));
          }),
          task("method-number", function* (ctx) {
            yield* ctx.fetch(untyped({ url, method: 5 }));
          }),
          task("method-connect", function* (ctx) {
            yield* ctx.request({ url, method: "CONNECT" });
          }),
        ],
      }),
      { state: false },
    );
    const refused = (call: string, asked: string, name: string, problem: string) =>
      `Cannot ctx.${call} "${asked}" for task "${name}": ${problem} (at ${FILE})`;
    const headers = 'expected the headers as an object of names and values ({ "x-name": ' +
      '"value" }), got a value of type';
    assertEquals(
      report.tasks.map((t) => [t.name, t.outcome, testFilePlace(t.error?.message)]),
      [
        ["url-object", "done", undefined],
        [
          "relative",
          "failed",
          refused("fetch", "/page", "relative", "expected an absolute http: or https: URL"),
        ],
        [
          "headers-object",
          "failed",
          refused("fetch", url, "headers-object", `${headers} Headers`),
        ],
        ["headers-pairs", "failed", refused("request", url, "headers-pairs", `${headers} Array`)],
        [
          "json-body",
          "failed",
          refused(
            "fetch",
            url,
            "json-body",
            'expected the body as { kind: "bytes", bytes, contentType? } or { kind: "file", ' +
              "path, contentType? }",
          ),
        ],
        [
          "method-number",
          "failed",
          refused(
            "fetch",
            url,
            "method-number",
            'expected the method as text ("POST"), got a value of type number',
          ),
        ],
        [
          "method-connect",
          "failed",
          refused(
            "request",
            url,
            "method-connect",
            "the method CONNECT asks a proxy for a tunnel, which corun opens itself for an " +
              "https URL given a proxy: it is no method for a fetch",
          ),
        ],
      ],
    );
    assertEquals(fetched, ["hello", "hello"]);
    assertEquals(server.requests.length, 2); // nothing was sent for the refused ones
  } finally {
    await Deno.remove(outDir, { recursive: true });
  }
});

Deno.test("ctx.fetch refuses a header corun sets, a CR in a value, a missing body file and a URL with credentials, each naming the call, the task and the place", async () => {
  await using server = startRouteServer({ "/page": { body: "hello" } });
  const url = server.url("/page");
  const outDir = await Deno.makeTempDir({ prefix: "corun-library-ctx-refusals-" });
  try {
    const report = await run(
      defineConfig({
        outDir,
        metadata: false,
        tasks: [
          task("host", function* (ctx) {
            yield* ctx.fetch({ url, headers: { Host: "elsewhere" } });
          }),
          task("framing", function* (ctx) {
            yield* ctx.request({ url, headers: { "Transfer-Encoding": "chunked" } });
          }),
          task("crlf", function* (ctx) {
            yield* ctx.fetch({ url, headers: { "X-A": "a\r\nX-B: b" } });
          }),
          task("body-file", function* (ctx) {
            yield* ctx.fetch({
              url,
              method: "POST",
              body: { kind: "file", path: `${outDir}/missing.bin` },
            });
          }),
          task("credentials", function* (ctx) {
            yield* ctx.fetch(url.replace("http://", "http://me:secret@"));
          }),
        ],
      }),
      { state: false },
    );
    const refused = (call: string, asked: string, name: string, problem: string) =>
      `Cannot ctx.${call} "${asked}" for task "${name}": ${problem} (at ${FILE})`;
    const reserved = (header: string) =>
      `header "${header}": the client sets the framing and routing headers itself`;
    const shown = report.tasks.map((t) => [t.name, t.error?.code, testFilePlace(t.error?.message)]);
    // The system's own words follow the path; they differ by platform.
    const missing = shown[3][2]!.replace(/cannot be read: .* \(at /, "cannot be read: … (at ");
    assertEquals([...shown.slice(0, 3), [...shown[3].slice(0, 2), missing], shown[4]], [
      ["host", "BAD_REQUEST_HEADER", refused("fetch", url, "host", reserved("Host"))],
      [
        "framing",
        "BAD_REQUEST_HEADER",
        refused("request", url, "framing", reserved("Transfer-Encoding")),
      ],
      [
        "crlf",
        "BAD_REQUEST_HEADER",
        refused(
          "fetch",
          url,
          "crlf",
          'header "X-A": the value contains a control character other than tab (U+000D)',
        ),
      ],
      [
        "body-file",
        undefined,
        refused(
          "fetch",
          url,
          "body-file",
          `the body file "${outDir}/missing.bin" cannot be read: …`,
        ),
      ],
      [
        "credentials",
        undefined,
        refused(
          "fetch",
          url.replace("http://", "http://***@"),
          "credentials",
          "credentials in a URL are not sent and would be logged; send an Authorization header " +
            "in the request's headers instead",
        ),
      ],
    ]);
    assertEquals(server.requests.length, 0); // nothing was sent
  } finally {
    await Deno.remove(outDir, { recursive: true });
  }
});

Deno.test("a body's contentType is checked as a header's value: not text or with a CR, the task fails naming the call, nothing is sent and no metadata line is written", async () => {
  await using server = startRouteServer({ "/page": { body: "hello" } });
  const url = server.url("/page");
  const outDir = await Deno.makeTempDir({ prefix: "corun-library-ctx-content-type-" });
  try {
    const bytes = new Uint8Array([1]);
    const report = await run(
      defineConfig({
        outDir,
        tasks: [
          task("number", function* (ctx) {
            yield* ctx.fetch(
              untyped({ url, method: "POST", body: { kind: "bytes", bytes, contentType: 5 } }),
            );
          }),
          task("object", function* (ctx) {
            yield* ctx.request(
              untyped({
                url,
                method: "POST",
                body: { kind: "bytes", bytes, contentType: { a: 1 } },
              }),
            );
          }),
          task("crlf", function* (ctx) {
            yield* ctx.fetch({
              url,
              method: "POST",
              body: { kind: "bytes", bytes, contentType: "text/plain\r\nX-Evil: 1" },
            });
          }),
        ],
      }),
      { state: false },
    );
    const refused = (call: string, name: string, problem: string) =>
      `Cannot ctx.${call} "${url}" for task "${name}": ${problem} (at ${FILE})`;
    const notText = (kind: string) =>
      `the body's contentType: expected it as text ("application/json"), got a value of type ${kind}`;
    assertEquals(
      report.tasks.map((t) => [t.name, t.error?.code, testFilePlace(t.error?.message)]),
      [
        ["number", undefined, refused("fetch", "number", notText("number"))],
        ["object", undefined, refused("request", "object", notText("object"))],
        [
          "crlf",
          "BAD_REQUEST_HEADER",
          refused(
            "fetch",
            "crlf",
            'header "Content-Type": the value contains a control character other than tab (U+000D)',
          ),
        ],
      ],
    );
    assertEquals(server.requests.length, 0); // nothing was sent
    const metadata = await Deno.readTextFile(`${outDir}/corun.jsonl`).catch(() => "");
    assertEquals(metadata, ""); // no line for a request never sent
  } finally {
    await Deno.remove(outDir, { recursive: true });
  }
});

Deno.test("an onResponse that yields an operation without * fails naming its task and URL, not a task that does not exist", async () => {
  await using server = startRouteServer({ "/page": { body: "hello" } });
  const url = server.url("/page");
  const outDir = await Deno.makeTempDir({ prefix: "corun-library-ctx-no-star-" });
  try {
    const report = await run(
      defineConfig({
        outDir,
        metadata: false,
        tasks: [
          fetchTask("no-star", url, {
            *onResponse(_response, ctx) {
              yield ctx.write("page.txt", "hello") as unknown as Effect;
            },
          }),
        ],
      }),
      { state: false },
    );
    assertEquals(
      report.tasks.map((t) => t.error?.message),
      [
        `Cannot run the onResponse of task "no-star" for ${url}: it yielded an operation with ` +
        "yield; use yield* with an operation",
      ],
    );
  } finally {
    await Deno.remove(outDir, { recursive: true });
  }
});

Deno.test("an http(s) URL the URL parser refuses says why in ctx.fetch, ctx.request and ctx.enqueue, as a config or a list line does", async () => {
  const outDir = await Deno.makeTempDir({ prefix: "corun-library-ctx-refused-url-" });
  try {
    const report = await run(
      defineConfig({
        outDir,
        metadata: false,
        tasks: [
          task("punycode", function* (ctx) {
            yield* ctx.fetch("http://xn--a/page");
          }),
          task("port", function* (ctx) {
            yield* ctx.request({ url: "https://x.example:65536/" });
          }),
          task("zone", function* (ctx) {
            yield* ctx.enqueue("http://[fe80::1%25eth0]/");
          }),
          // A raw # in the password makes its start a "port": the reason would show it.
          task("raw-hash", function* (ctx) {
            yield* ctx.fetch("http://me:SECRET#1@x.example/");
          }),
        ],
      }),
      { state: false },
    );
    assertEquals(report.tasks.map((t) => testFilePlace(t.error?.message)), [
      'Cannot ctx.fetch "http://xn--a/page" for task "punycode": not a URL (its host\'s label ' +
      `"xn--a" is not valid punycode) (at ${FILE})`,
      'Cannot ctx.request "https://x.example:65536/" for task "port": not a URL (its port 65536 ' +
      `is past 65535) (at ${FILE})`,
      'Cannot ctx.enqueue "http://[fe80::1%25eth0]/" for task "zone": not a URL (an IPv6 zone id ' +
      `(the part after %) cannot be in a URL: the URL standard has none) (at ${FILE})`,
      'Cannot ctx.fetch "http://***@x.example/" for task "raw-hash": expected an absolute http: ' +
      `or https: URL (at ${FILE})`,
    ]);
  } finally {
    await Deno.remove(outDir, { recursive: true });
  }
});

Deno.test("a URL longer than a URL list's line may be is refused by ctx.fetch, ctx.request and a custom task's ctx.enqueue, not quoted; a page's such link is left out", async () => {
  await using server = startRouteServer({ "/page": { body: "hello" } });
  const long = server.url("/") + "a".repeat(MAX_LIST_LINE_BYTES);
  const outDir = await Deno.makeTempDir({ prefix: "corun-library-ctx-long-url-" });
  try {
    const enqueued: boolean[] = [];
    const report = await run(
      defineConfig({
        outDir,
        metadata: false,
        tasks: [
          task("fetch", function* (ctx) {
            yield* ctx.fetch(long);
          }),
          task("request", function* (ctx) {
            yield* ctx.request({ url: new URL(long) });
          }),
          task("enqueue", function* (ctx) {
            yield* ctx.enqueue(long);
          }),
          fetchTask("page", server.url("/page"), {
            *onResponse(_response, ctx) {
              enqueued.push(yield* ctx.enqueue("/" + "b".repeat(MAX_LIST_LINE_BYTES)));
            },
          }),
        ],
      }),
      { state: false },
    );
    const bytes = long.length.toLocaleString("en-US");
    const refused = (call: string) =>
      `Cannot ctx.${call} for task "${call}": the URL is ${bytes} bytes long, past the limit ` +
      `of 64 KiB (a URL list's line's too); servers refuse a URL past 8 to 16 KiB (at ${FILE})`;
    assertEquals(report.tasks.map((t) => [t.name, t.outcome, testFilePlace(t.error?.message)]), [
      ["fetch", "failed", refused("fetch")],
      ["request", "failed", refused("request")],
      ["enqueue", "failed", refused("enqueue")],
      ["page", "done", undefined],
    ]);
    assertEquals(enqueued, [false]);
  } finally {
    await Deno.remove(outDir, { recursive: true });
  }
});
