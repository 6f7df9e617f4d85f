import { assert, assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { HttpError } from "./errors.ts";

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
