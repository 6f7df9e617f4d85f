import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { originOf } from "./url_origin.ts";

/** What the URL parser says, as `originOf` must: `""` for text that is not a URL. */
function parsedOrigin(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return "";
  }
}

Deno.test("originOf() gives the parser's origin whatever URL it was asked about before", () => {
  const urls = [
    "http://a.example/x",
    "http://a.example/y",
    "http://a.example//y",
    "http://a.example:8080/z",
    "http://a.example.org/",
    "http://a.example",
    "http://a.example?q",
    "HTTP://A.EXAMPLE/x",
    "http://user:secret@a.example/x",
    "https://a.example/x",
    "https://a.example:443/x",
    "https://[::1]:8443/a",
    "https://[0:0::1]:8443/a",
    "foo://a.example/x",
    "null/x",
    "not a URL",
  ];
  for (const before of urls) {
    for (const url of urls) {
      originOf(before);
      assertEquals(originOf(url), parsedOrigin(url), `${url} after ${before}`);
    }
  }
});

Deno.test("a host with a trailing dot is an origin of its own, as URLs compare origins", () => {
  // One politeness budget, robots.txt and origins: entry each: the Host header differs too.
  assertEquals(originOf("https://example.com./a"), "https://example.com.");
  assertEquals(originOf("https://example.com/a"), "https://example.com");
  assertEquals(originOf("http://127.0.0.1.:8080/"), "http://127.0.0.1:8080"); // an address has none
});
