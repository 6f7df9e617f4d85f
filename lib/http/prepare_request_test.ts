import { assertEquals, assertThrows } from "npm:deno-std@1.4.0/assert/mod.js";
import { parseHttpUrl, prepareRequest, RESERVED_REQUEST_HEADERS } from "./prepare_request.ts";
import { proxiedHead } from "./proxy_request.ts";
import type { HttpRequest } from "./request.ts";
import { HttpError } from "./errors.ts";

const OPTIONS = { userAgent: "corun-test", decompress: true };
const decoder = new TextDecoder();
const headText = (request: HttpRequest) =>
  new TextDecoder().decode(prepareRequest(request, OPTIONS).head);

Deno.test("prepareRequest() completes the head with Host, defaults and Content-Length", () => {
  const text = headText({
    url: "http://example.com:8080/a?b=1",
    method: "post",
    headers: { Accept: "text/plain" },
    body: { kind: "bytes", bytes: new Uint8Array(3), contentType: "application/x" },
  });
  assertEquals(
    text,
    "POST /a?b=1 HTTP/1.1\r\nHost: example.com:8080\r\nUser-Agent: corun-test\r\n" +
      "Accept-Encoding: gzip, deflate\r\nAccept: text/plain\r\nContent-Type: application/x\r\n" +
      "Content-Length: 3\r\n\r\n",
  );
});

Deno.test("prepareRequest() keeps the ? of an empty query in the target, as curl sends it", async (t) => {
  const cases: [string, string][] = [
    ["http://example.com/p?", "/p?"],
    ["http://example.com/p?#frag", "/p?"],
    ["http://example.com?", "/?"],
    ["http://example.com/p", "/p"],
    ["http://example.com/p#a?b", "/p"],
    ["http://example.com/p?q#f", "/p?q"],
  ];
  for (const [url, target] of cases) {
    await t.step(url, () => {
      assertEquals(headText({ url }).split("\r\n")[0], `GET ${target} HTTP/1.1`);
    });
  }
  await t.step("through a proxy, in absolute form", () => {
    const proxy = {
      hostname: "proxy.test",
      port: 8080,
      display: "http://proxy.test:8080",
      key: "p",
    };
    const head = proxiedHead(prepareRequest({ url: "http://example.com/p?" }, OPTIONS), proxy);
    assertEquals(
      new TextDecoder().decode(head).split("\r\n")[0],
      "GET http://example.com/p? HTTP/1.1",
    );
  });
});

Deno.test("prepareRequest() refuses every header that frames or routes the message, in any case", async (t) => {
  const names = [
    "Content-Length",
    "Transfer-Encoding",
    "Host",
    "Connection",
    "TE",
    "Upgrade",
    "Trailer",
    "Keep-Alive",
    "Proxy-Connection",
    "Proxy-Authorization",
  ];
  assertEquals(new Set(names.map((name) => name.toLowerCase())), RESERVED_REQUEST_HEADERS);
  for (const name of names) {
    for (const spelling of [name, name.toLowerCase(), name.toUpperCase()]) {
      await t.step(spelling, () => {
        assertThrows(
          () =>
            prepareRequest({ url: "http://example.com/", headers: { [spelling]: "x" } }, OPTIONS),
          TypeError,
          `Cannot send header "${spelling}": the client sets the framing and routing headers itself`,
        );
      });
    }
  }
});

Deno.test("prepareRequest() fixes a file body's length when it prepares the request", () => {
  const path = Deno.makeTempFileSync();
  try {
    Deno.writeTextFileSync(path, "12345");
    const prepared = prepareRequest(
      { url: "http://example.com/", method: "PUT", body: { kind: "file", path } },
      OPTIONS,
    );
    assertEquals(prepared.body?.length, 5);
    assertEquals(new TextDecoder().decode(prepared.head).includes("Content-Length: 5\r\n"), true);
  } finally {
    Deno.removeSync(path);
  }
});

Deno.test("parseHttpUrl() accepts only absolute http: and https: URLs", () => {
  assertEquals(parseHttpUrl("https://example.com/x").pathname, "/x");
  assertThrows(() => parseHttpUrl("/relative"), TypeError, "not an absolute URL");
  assertThrows(() => parseHttpUrl("ftp://example.com/"), TypeError, "only http: and https:");
});

Deno.test("prepareRequest() sends a reused headers object's fields as they are at each request", () => {
  const headers: Record<string, string> = { "X-Page": "1" };
  const options = { userAgent: "corun", decompress: false };
  const headOf = () => decoder.decode(prepareRequest({ url: "http://h/p", headers }, options).head);
  assertEquals(headOf().includes("X-Page: 1\r\n"), true);
  headers["X-Page"] = "2";
  headers["X-Extra"] = "yes";
  const second = headOf();
  assertEquals(second.includes("X-Page: 2\r\n") && second.includes("X-Extra: yes\r\n"), true);
  assertEquals(second.includes("X-Page: 1"), false);
  headers["X-Bad"] = "a\r\nInjected: 1";
  assertThrows(headOf, HttpError, "a control character other than tab (U+000D)");
  // Other options over the same object: their own defaults.
  delete headers["X-Bad"];
  const gzip = decoder.decode(
    prepareRequest({ url: "http://h/p", headers }, { userAgent: "other", decompress: true }).head,
  );
  assertEquals(gzip.includes("User-Agent: other\r\n") && gzip.includes("Accept-Encoding"), true);
});
