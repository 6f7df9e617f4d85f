/**
 * Micro-benchmark of the recent claims a run of one writing task keeps (`SoloFiles`): 10,000 saves,
 * each a new path, past the 1,024 kept, as a list run makes them. Forgetting the oldest through a
 * Map's first key stepped over the Map's deleted entries (hundreds a claim); the ring finds it at once.
 *
 *     deno bench bench/solo_files_bench.ts
 * @module
 */
import { SoloFiles } from "../lib/tasks/solo_files.ts";

const COUNT = 10_000;
const paths = Array.from({ length: COUNT }, (_, i) => `product/${i}.html`);
const claim = { task: "list", url: "https://example.org/product" };

Deno.bench(`${COUNT} claims of new paths, 1,024 kept`, () => {
  const files = new SoloFiles("/nonexistent-corun-out", Date.now());
  for (const path of paths) files.claimed(path, claim);
});
