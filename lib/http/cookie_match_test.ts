import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { canonicalDomain, defaultCookiePath, domainMatches, pathMatches } from "./cookie_match.ts";

Deno.test("a domain covers itself and host names below it, never an IP address by suffix", () => {
  assertEquals(domainMatches("example.com", "example.com"), true);
  assertEquals(domainMatches("www.example.com", "example.com"), true);
  assertEquals(domainMatches("a.b.example.com", "example.com"), true);
  assertEquals(domainMatches("badexample.com", "example.com"), false);
  assertEquals(domainMatches("example.com", "www.example.com"), false);
  assertEquals(domainMatches("127.0.0.1", "127.0.0.1"), true);
  assertEquals(domainMatches("10.0.0.1", "0.0.1"), false);
});

Deno.test("a cookie path covers itself and the paths below it at a / boundary", () => {
  assertEquals(pathMatches("/docs", "/docs"), true);
  assertEquals(pathMatches("/docs/a", "/docs"), true);
  assertEquals(pathMatches("/docs/a", "/docs/"), true);
  assertEquals(pathMatches("/docsx", "/docs"), false);
  assertEquals(pathMatches("/", "/docs"), false);
  assertEquals(pathMatches("/anything", "/"), true);
});

Deno.test("the default path is the request path up to its last /", () => {
  assertEquals(defaultCookiePath("/a/b/c"), "/a/b");
  assertEquals(defaultCookiePath("/a/b/"), "/a/b");
  assertEquals(defaultCookiePath("/login"), "/");
  assertEquals(defaultCookiePath("/"), "/");
  assertEquals(defaultCookiePath(""), "/");
});

Deno.test("a Domain attribute is canonical as the URL parser writes hosts, or refused", () => {
  assertEquals(canonicalDomain("example.com"), "example.com");
  assertEquals(canonicalDomain("bücher.example"), "xn--bcher-kva.example");
  assertEquals(canonicalDomain("example.com:8080"), null);
  assertEquals(canonicalDomain("evil.com/x.example.com"), null);
  assertEquals(canonicalDomain("user@example.com"), null);
  // An empty label matches no host (`Domain=..example.com` is `.example.com` once its dot goes).
  for (const empty of [".example.com", "a..example.com", "example.com..", "bü..example", ""]) {
    assertEquals(canonicalDomain(empty), null, empty);
  }
  // One dot at the end is a fully qualified name, as a URL may write its host.
  assertEquals(canonicalDomain("example.com."), "example.com.");
});
