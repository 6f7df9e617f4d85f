/**
 * The runtime's zlib (and the Node streams under it) costs start-up time on every run, so it is
 * loaded only when a body has a Content-Encoding to undo: nothing imports it statically.
 */
import { assert, assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { staticallyLoaded } from "./fixtures/module_graph.ts";

const LAZY = ["node:zlib", "node:stream"];

Deno.test("lib/http and mod.ts load node:zlib and node:stream only when a body is decoded", async (t) => {
  for (const entry of ["lib/http/mod.ts", "mod.ts"]) {
    await t.step(entry, async () => {
      const loaded = await staticallyLoaded(entry);
      assert(loaded.has(new URL(`../lib/http/decoder.ts`, import.meta.url).href));
      assertEquals(LAZY.filter((specifier) => loaded.has(specifier)), []);
    });
  }
});
