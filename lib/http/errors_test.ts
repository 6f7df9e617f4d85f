import { assert, assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { NetError } from "../net/mod.ts";
import { HttpError, locatedError } from "./errors.ts";

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
});
