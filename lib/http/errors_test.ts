import { assert, assertEquals, assertRejects } from "npm:deno-std@1.4.0/assert/mod.js";
import { runOperation } from "../loop/mod.ts";
import { NetError } from "../net/mod.ts";
import { HttpClient } from "./client.ts";
import { HttpError, type HttpErrorCode, locatedError } from "./errors.ts";

Deno.test("HttpError carries its code, cause and URL", () => {
  const cause = new TypeError("inner");
  const error = new HttpError("EARLY_EOF", "Cannot read body: connection closed", {
    cause,
    url: "http://a.test/",
  });
  assert(error instanceof Error);
  assertEquals(error.name, "HttpError");
  assertEquals(error.code, "EARLY_EOF");
  assertEquals(error.message, "Cannot read body: connection closed");
  assertEquals(error.cause, cause);
  assertEquals(error.url, "http://a.test/");
});

Deno.test("HttpError leaves cause and URL unset when not given", () => {
  const error = new HttpError("BAD_CHUNK", "Cannot decode chunked body: bad size");
  assertEquals("cause" in error, false);
  assertEquals(error.url, undefined);
  error.url = "https://b.test/";
  assertEquals(error.url, "https://b.test/");
});

Deno.test("locatedError() names the URL of a codec's or a socket's error, keeping its class and code", () => {
  const url = "http://a.test/x";
  const head = locatedError(
    new HttpError("BAD_HEADER", "Cannot parse response head: bad"),
    "fetch",
    url,
  ) as HttpError;
  assertEquals([head.code, head.url], ["BAD_HEADER", url]);
  assertEquals(head.message, `Cannot fetch ${url}: cannot parse response head: bad`);
  const socket = new NetError("CONNECTION_CLOSED", "Cannot read a.test:80: reset", "a.test:80");
  const read = locatedError(socket, "read the body of", url) as NetError;
  assert(read instanceof NetError);
  assertEquals([read.code, read.address, read.cause], ["CONNECTION_CLOSED", "a.test:80", socket]);
  assertEquals(read.message, `Cannot read the body of ${url}: cannot read a.test:80: reset`);
  const named = new HttpError("EARLY_EOF", "Cannot fetch http://b.test/: closed", {
    url: "http://b.test/",
  });
  assertEquals(locatedError(named, "fetch", url), named);
  // A request never sent stays so named: a POST that was not sent may go again.
  const unsent = locatedError(
    new HttpError("TIMEOUT_TOTAL", "Cannot send a request to a.test:80: taken", { unsent: true }),
    "fetch",
    url,
  ) as HttpError;
  assertEquals([unsent.code, unsent.unsent, unsent.url], ["TIMEOUT_TOTAL", true, url]);
});

Deno.test("a connection that cannot be made is a NetError: HttpErrorCode holds no connection code", async () => {
  // `error instanceof HttpError && error.code === "CONNECT_FAILED"` would type-check and never match.
  type ConnectionCode =
    | "CONNECT_FAILED"
    | "HOST_NOT_FOUND"
    | "TIMEOUT_CONNECT"
    | "TIMEOUT_TLS"
    | "CONNECTION_CLOSED";
  const noneShared: [Extract<HttpErrorCode, ConnectionCode>] extends [never] ? true : false = true;
  assert(noneShared);
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const url = `http://127.0.0.1:${listener.addr.port}/`;
  listener.close(); // nothing listens there any more
  const client = new HttpClient();
  try {
    const error = await assertRejects(() => runOperation(client.request({ url })));
    assert(error instanceof NetError && !(error instanceof HttpError));
    assertEquals(error.code, "CONNECT_FAILED");
  } finally {
    client.close();
  }
});
