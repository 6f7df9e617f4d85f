// `bandwidth:` on the virtual clock: the limit's waits are the run's only timers, so the run's
// virtual duration is what the limit made it, whatever the machine's speed.
import { assert, assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { defineConfig, fetchTask, run } from "../mod.ts";
import { startRouteServer } from "./fixtures/route_server.ts";

const KIB = 1024;
const BODY = new Uint8Array(256 * KIB).map((_, index) => index % 251);

/**
 * Fetches `/file?n=1` … `/file?n=COUNT` at concurrency 2 in virtual time, checks every saved body.
 *
 * @returns The run's virtual duration.
 */
async function fetchAll(
  body: Uint8Array,
  count: number,
  bandwidth: string | undefined,
): Promise<number> {
  await using server = startRouteServer({ "/file": { body } });
  const outDir = await Deno.makeTempDir({ prefix: "corun-bandwidth-test-" });
  try {
    const config = defineConfig({
      ...(bandwidth === undefined ? {} : { bandwidth }),
      concurrency: 2,
      tasks: [fetchTask("files", `${server.url("/file")}?n=[1-${count}]`, { save: "{1}.bin" })],
    });
    const report = await run(config, { outDir, virtualTime: true });
    assertEquals(report.counts.done, 1, JSON.stringify(report.tasks[0].error));
    for (let n = 1; n <= count; n++) {
      assertEquals(await Deno.readFile(`${outDir}/${n}.bin`), body);
    }
    return report.durationMs;
  } finally {
    await Deno.remove(outDir, { recursive: true });
  }
}

Deno.test("bandwidth: bodies of a run arrive no faster than the limit, all together", async () => {
  // 1 MiB and four heads at 64 KiB/s: a second's worth goes at once, the rest takes 15 s. No read
  // takes more than a sixteenth of a second's worth, so the last reads of the two bodies read
  // together may end the run unpaid by an eighth of a second at most.
  const limitedMs = await fetchAll(BODY, 4, "64KiB/s");
  assert(limitedMs >= 14_875 && limitedMs <= 15_500, `took ${limitedMs} ms of virtual time`);
  // Without the limit nothing waits: no virtual time passes.
  assert((await fetchAll(BODY, 4, undefined)) < 1_000);
});

Deno.test("bandwidth: small bodies, each whole in its response's first read, are held to it too", async () => {
  // 20 × 4 KiB and their heads at 8 KiB/s: a second's worth at once, the rest in 9 s and a
  // quarter (the heads' 2 KiB count too). Each body comes in reads of a sixteenth of a second's
  // worth; the last reads of the two bodies read together may end the run unpaid by an eighth.
  const small = new Uint8Array(4 * KIB).fill(7);
  const limitedMs = await fetchAll(small, 20, "8KiB/s");
  assert(limitedMs >= 9_000 && limitedMs <= 9_500, `took ${limitedMs} ms of virtual time`);
});
