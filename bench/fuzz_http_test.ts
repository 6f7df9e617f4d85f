// The adversarial-server fuzzer (fuzz_http.ts), a few runs of each mode from one seed, under the
// test sanitizers: corun leaves no socket, timer or file open after a run against broken servers, and
// keeps every promise of the fuzzer (its cases that only a timeout ends are left out here).
import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { fuzz } from "./fuzz_http.ts";

Deno.test("corun keeps its promises to 300 generated broken and valid responses (seed 1)", async () => {
  const { violations, cases } = await fuzz({ seed: 1, cases: 300, quick: true });
  assertEquals(cases, 300);
  assertEquals(violations, []);
});
