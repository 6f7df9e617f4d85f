import {
  assertEquals,
  assertRejects,
  assertStringIncludes,
} from "npm:deno-std@1.4.0/assert/mod.js";
import { fetchOnce } from "../../tests/fixtures/http_harness.ts";
import { freePort } from "../../tests/fixtures/raw_conn.ts";
import { startRouteServer } from "../../tests/fixtures/route_server.ts";
import { startScriptedServer, testCaCert, write } from "../../tests/fixtures/scripted_server.ts";
import { HttpError } from "./errors.ts";

const encoder = new TextEncoder();
const decoder = new TextDecoder();

const METHOD_CASES: { status: number; method: string; nextMethod: string; keepsBody: boolean }[] = [
  { status: 301, method: "POST", nextMethod: "GET", keepsBody: false },
  { status: 302, method: "POST", nextMethod: "GET", keepsBody: false },
  { status: 303, method: "POST", nextMethod: "GET", keepsBody: false },
  { status: 303, method: "PUT", nextMethod: "GET", keepsBody: false },
  { status: 301, method: "PUT", nextMethod: "PUT", keepsBody: true },
  { status: 307, method: "POST", nextMethod: "POST", keepsBody: true },
  { status: 308, method: "PUT", nextMethod: "PUT", keepsBody: true },
];

Deno.test("redirects change the method and drop the body as their status says", async (t) => {
  for (const { status, method, nextMethod, keepsBody } of METHOD_CASES) {
    await t.step(`${status} after ${method} → ${nextMethod}`, async () => {
      await using server = startRouteServer({
        "/from": { status, headers: { Location: "/to" } },
        "/to": { body: "arrived" },
      });
      const { response, text } = await fetchOnce({
        url: server.url("/from"),
        method,
        headers: { "Content-Type": "text/plain" },
        body: { kind: "bytes", bytes: encoder.encode("payload") },
      });
      assertEquals([response.status, text, response.redirects], [200, "arrived", 1]);
      assertEquals(response.url, server.url("/to"));
      const next = server.requests[1];
      assertEquals(next.method, nextMethod);
      assertEquals(decoder.decode(next.body), keepsBody ? "payload" : "");
      assertEquals(next.headers.get("content-length"), keepsBody ? "7" : null);
      assertEquals(next.headers.get("content-type"), keepsBody ? "text/plain" : null);
    });
  }
});

Deno.test("a relative Location resolves against the URL that redirected", async (t) => {
  const cases: [string, string][] = [
    ["d", "/a/b/d"],
    ["../x", "/a/x"],
    ["/abs?q=1", "/abs?q=1"],
    [`//127.0.0.1:PORT/network-path`, "/network-path"],
  ];
  for (const [location, path] of cases) {
    await t.step(location, async () => {
      await using server = startRouteServer({
        "/a/b/c": (request) => ({
          status: 302,
          headers: {
            Location: location.replace("PORT", request.headers.get("host")!.split(":")[1]),
          },
        }),
      });
      const { response } = await fetchOnce(server.url("/a/b/c"));
      assertEquals(server.requests.map((request) => request.path), ["/a/b/c", path]);
      assertEquals(response.url, server.url(path));
      assertEquals(response.status, 404);
    });
  }
});

Deno.test("a Location's bytes that are not UTF-8 are sent percent-encoded as they came, as curl sends them", async () => {
  const latin1 = (text: string) => Uint8Array.from(text, (char) => char.charCodeAt(0));
  await using server = startScriptedServer({
    routes: {
      "/from": [
        write(
          latin1("HTTP/1.1 302 Found\r\nLocation: /caf\xe9?q=\xe9\r\nContent-Length: 0\r\n\r\n"),
        ),
      ],
    },
    respond: () => [write("HTTP/1.1 200 OK\r\nContent-Length: 7\r\n\r\narrived")],
  });
  const { response, text } = await fetchOnce(server.url("/from"));
  assertEquals([text, server.requests[1].path], ["arrived", "/caf%E9?q=%E9"]);
  assertEquals(response.url, server.url("/caf%E9?q=%E9"));
});

Deno.test("a raw UTF-8 Location that ends in the byte 0xA0 (`à`) is followed whole, as curl follows it", async () => {
  await using server = startScriptedServer({
    routes: {
      "/from": [
        write(
          Uint8Array.from([
            ...encoder.encode("HTTP/1.1 302 Found\r\nLocation: /voil"),
            0xc3,
            0xa0, // `à` in UTF-8: its last byte is U+00A0 once decoded byte per character
            ...encoder.encode(" \r\nContent-Length: 0\r\n\r\n"),
          ]),
        ),
      ],
    },
    respond: () => [write("HTTP/1.1 200 OK\r\nContent-Length: 7\r\n\r\narrived")],
  });
  const { response, text } = await fetchOnce(server.url("/from"));
  // Without the fix, the 0xA0 was trimmed as whitespace: `/voil%C3`.
  assertEquals([text, server.requests[1].path], ["arrived", "/voil%C3%A0"]);
  assertEquals(response.url, server.url("/voil%C3%A0"));
});

Deno.test("a 3xx without Location is the final response", async () => {
  await using server = startRouteServer({ "/": { status: 302, body: "no location" } });
  const { response, text } = await fetchOnce(server.url());
  assertEquals([response.status, text, response.redirects], [302, "no location", 0]);
});

Deno.test("following more than maxRedirects fails with TOO_MANY_REDIRECTS", async () => {
  await using server = startRouteServer({
    "/loop": { status: 302, headers: { Location: "/loop" } },
  });
  const error = await assertRejects(
    () => fetchOnce(server.url("/loop"), { maxRedirects: 3 }),
    HttpError,
  );
  assertEquals(error.code, "TOO_MANY_REDIRECTS");
  assertEquals(server.requests.length, 4);
});

Deno.test("a redirect the request's redirectGate refuses fails with REDIRECT_REFUSED, nothing sent there", async () => {
  await using away = startRouteServer({ "/": { body: "away" } });
  await using home = startRouteServer({
    "/near": { status: 302, headers: { Location: "/here" } },
    "/here": { body: "here" },
    "/far": { status: 302, headers: { Location: away.url() } },
  });
  const homeOrigin = new URL(home.url()).origin;
  const redirectGate = (url: URL) => url.origin === homeOrigin ? undefined : "it leaves home";
  const near = await fetchOnce(home.url("/near"), { redirectGate });
  assertEquals([near.text, near.response.redirects], ["here", 1]);
  const error = await assertRejects(
    () => fetchOnce(home.url("/far"), { redirectGate }),
    HttpError,
  );
  assertEquals(error.code, "REDIRECT_REFUSED");
  assertEquals(
    error.message,
    `Cannot follow redirect from ${home.url("/far")} to ${away.url()}: it leaves home`,
  );
  assertEquals(away.requests.length, 0);
});

Deno.test("a redirectGate's empty reason refuses, and the error says the gate gave none", async () => {
  await using server = startRouteServer({
    "/from": { status: 302, headers: { Location: "/to" } },
    "/to": { body: "to" },
  });
  const error = await assertRejects(
    () => fetchOnce(server.url("/from"), { redirectGate: () => "" }),
    HttpError,
  );
  assertEquals(error.code, "REDIRECT_REFUSED");
  // Without the fix, the message ended at its colon.
  assertEquals(
    error.message,
    `Cannot follow redirect from ${server.url("/from")} to ${server.url("/to")}: the ` +
      "redirectGate refused it, giving no reason",
  );
  assertEquals(server.requests.length, 1);
});

Deno.test("a redirectGate that returns neither text nor undefined fails with a TypeError, nothing sent there", async (t) => {
  await using away = startRouteServer({ "/": { body: "away" } });
  await using home = startRouteServer({
    "/far": { status: 302, headers: { Location: away.url() } },
  });
  const cases: [string, () => unknown, string][] = [
    // Its rejection used to be unhandled, which ended the process (and this test).
    [
      "an async gate that rejects",
      () => Promise.reject(new Error("gate broke")),
      "a promise (an async function?)",
    ],
    [
      "an async gate that allows",
      () => Promise.resolve(undefined),
      "a promise (an async function?)",
    ],
    ["a gate that returns null", () => null, "null"],
  ];
  for (const [name, gate, returned] of cases) {
    await t.step(name, async () => {
      const redirectGate = gate as (url: URL) => string | undefined;
      await assertRejects(
        () => fetchOnce(home.url("/far"), { redirectGate }),
        TypeError,
        `Cannot follow redirect from ${home.url("/far")} to ${away.url()}: the redirectGate ` +
          `returned ${returned}, not a reason (text) or undefined`,
      );
      await new Promise((resolve) => setTimeout(resolve, 0));
    });
  }
  assertEquals(away.requests.length, 0);
});

Deno.test("a redirect from https to http is refused unless allowDowngrade is set", async (t) => {
  await using plain = startRouteServer({ "/": { body: "plain" } });
  await using secure = startRouteServer({
    "/": { status: 302, headers: { Location: plain.url() } },
  }, { tls: true });
  const options = { caCerts: [testCaCert()] };
  await t.step("refused", async () => {
    const error = await assertRejects(() => fetchOnce(secure.url(), options), HttpError);
    assertEquals(error.code, "REDIRECT_DOWNGRADE");
    assertEquals(
      error.message,
      `Cannot follow redirect from ${secure.url()} to ${plain.url()}: it downgrades https to ` +
        "http, refused by allowDowngrade (false)",
    );
    assertEquals(plain.requests, []);
  });
  await t.step("refused in the words of whoever set the limits", async () => {
    const nameLimit = (limit: string, value: number) => `my ${limit} switch (${value})`;
    const error = await assertRejects(
      () => fetchOnce(secure.url(), { ...options, nameLimit }),
      HttpError,
    );
    assertEquals(error.message.endsWith("refused by my downgrade switch (0)"), true, error.message);
  });
  await t.step("allowed", async () => {
    const { text } = await fetchOnce(secure.url(), { ...options, allowDowngrade: true });
    assertEquals(text, "plain");
    assertEquals(plain.requests.length, 1);
  });
});

Deno.test("credentials are dropped when a redirect changes the origin and kept when it does not", async () => {
  await using other = startRouteServer({ "/": { body: "other" } });
  await using server = startRouteServer({
    "/": { status: 307, headers: { Location: "/same" } },
    "/same": { status: 302, headers: { Location: other.url() } },
  });
  const headers = { Authorization: "Bearer secret", Cookie: "session=1", "X-Custom": "kept" };
  const { text, response } = await fetchOnce({ url: server.url(), headers });
  assertEquals([text, response.redirects], ["other", 2]);
  const [first, same] = server.requests;
  for (const request of [first, same]) {
    assertEquals(request.headers.get("authorization"), "Bearer secret");
    assertEquals(request.headers.get("cookie"), "session=1");
  }
  const crossed = other.requests[0];
  assertEquals(crossed.headers.get("authorization"), null);
  assertEquals(crossed.headers.get("cookie"), null);
  assertEquals(crossed.headers.get("x-custom"), "kept");
  assertEquals(crossed.headers.get("host"), `127.0.0.1:${other.port}`);
});

Deno.test("a request's credentialHeaders are dropped as Authorization is when a redirect changes the origin", async () => {
  await using other = startRouteServer({ "/": { body: "other" } });
  await using server = startRouteServer({
    "/": { status: 307, headers: { Location: "/same" } },
    "/same": { status: 302, headers: { Location: other.url() } },
  });
  const headers = { "X-Api-Key": "k3y", "X-Other": "kept" };
  // Declared in any case; kept on the same origin, dropped at the other.
  const { text } = await fetchOnce({
    url: server.url(),
    headers,
    credentialHeaders: ["x-API-key"],
  });
  assertEquals(text, "other");
  assertEquals(server.requests.map((request) => request.headers.get("x-api-key")), ["k3y", "k3y"]);
  const crossed = other.requests[0];
  assertEquals([crossed.headers.get("x-api-key"), crossed.headers.get("x-other")], [null, "kept"]);
});

Deno.test("a Location with a scheme other than http or https fails with BAD_REDIRECT", async () => {
  await using server = startRouteServer({
    "/": { status: 302, headers: { Location: "ftp://127.0.0.1/file" } },
  });
  const error = await assertRejects(() => fetchOnce(server.url()), HttpError);
  assertEquals(error.code, "BAD_REDIRECT");
});

Deno.test("repeated Location fields: one value is followed once, differing ones fail with BAD_REDIRECT", async (t) => {
  await t.step("the same value twice is followed as it is", async () => {
    await using server = startRouteServer({
      "/": { status: 302, headers: [["Location", "/a"], ["Location", "/a"]] },
      "/a": { body: "a" },
    });
    const fetched = await fetchOnce(server.url());
    assertEquals([fetched.response.url, fetched.text], [server.url("/a"), "a"]);
    assertEquals(server.requests.map((request) => request.path), ["/", "/a"]);
  });
  await t.step("two values are refused, never joined into a URL no one sent", async () => {
    await using server = startRouteServer({
      "/": { status: 302, headers: [["Location", "/a"], ["Location", "/b"]] },
      "/a": { body: "a" },
      "/b": { body: "b" },
    });
    const error = await assertRejects(() => fetchOnce(server.url()), HttpError);
    assertEquals(error.code, "BAD_REDIRECT");
    assertEquals(
      error.message,
      `Cannot follow redirect from ${server.url()}: the response has 2 differing Location fields ("/a", "/b")`,
    );
    assertEquals(server.requests.map((request) => request.path), ["/"]);
  });
});

Deno.test("a redirect to a port nothing listens on fails naming the URL it led to, not only its host and port", async () => {
  const port = freePort();
  const to = `http://127.0.0.1:${port}/moved-here`;
  await using server = startRouteServer({ "/from": { status: 302, headers: { Location: to } } });
  const error = await assertRejects(() => fetchOnce(server.url("/from")));
  assertEquals((error as { code?: string }).code, "CONNECT_FAILED");
  // Without it: "Cannot connect to 127.0.0.1:PORT: …", and the task's line named only /from.
  assertStringIncludes(
    (error as Error).message,
    `Cannot fetch ${to}: cannot connect to 127.0.0.1:${port}:`,
  );
});
