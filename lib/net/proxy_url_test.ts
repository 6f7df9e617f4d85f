import { assert, assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { credentialIdsHeld, parseProxyUrl } from "./proxy_url.ts";

Deno.test("a process rotating proxy credentials keeps a bounded few, and never gives two one key", () => {
  const keys = new Set<string>();
  for (let session = 0; session < 500; session++) {
    keys.add(parseProxyUrl(`http://user-session-${session}:pw@proxy.lan:3128`, "proxy").key);
  }
  assertEquals(keys.size, 500, "each credential its own pool key");
  assert(credentialIdsHeld() <= 64, `${credentialIdsHeld()} credentials held`);
  const again = parseProxyUrl("http://user-session-499:pw@proxy.lan:3128", "proxy").key;
  assert(keys.has(again), "a credential still held keeps its key");
});
