import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { hasOriginPrefix } from "./origin_prefix.ts";

Deno.test("an origin then a slash is the URL's origin; anything else is not told apart", () => {
  const origin = "http://127.0.0.1:18080";
  const cases: [string, boolean][] = [
    ["http://127.0.0.1:18080/", true],
    ["http://127.0.0.1:18080/small/1.html?x=1#y", true],
    ["http://127.0.0.1:180800/", false], // another port
    ["http://127.0.0.1:18080@evil.example/", false], // user info: another host
    ["http://127.0.0.1:18080?q", false], // no path: parse to know
    ["http://127.0.0.1:18080", false],
    ["https://127.0.0.1:18080/", false],
  ];
  for (const [text, expected] of cases) {
    assertEquals(hasOriginPrefix(text, origin), expected, text);
    // Whenever it answers yes, the parser agrees.
    if (expected) assertEquals(new URL(text).origin, origin, text);
  }
  assertEquals(hasOriginPrefix("/a", ""), false);
});
