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
  // 1 MiB at 64 KiB/s: a second's worth goes at once, the rest takes 15 s. Bytes that came in with
  // a response head are taken before they are waited for: at most the last two bodies' reads of
  // 256 KiB may end the run unpaid, so no less than 7 s.
  const limitedMs = await fetchAll(BODY, 4, "64KiB/s");
  assert(limitedMs >= 7_000 && limitedMs <= 15_500, `took ${limitedMs} ms of virtual time`);
  // Without the limit nothing waits: no virtual time passes.
  assert((await fetchAll(BODY, 4, undefined)) < 1_000);
});

Deno.test("bandwidth: small bodies, each whole in its response's first read, are held to it too", async () => {
  // 20 × 4 KiB at 8 KiB/s: a second's worth at once, then no request goes out until what came
  // is paid for; the last two bodies (concurrency 2) may end the run unpaid: 7.5 to 9 s.
  const small = new Uint8Array(4 * KIB).fill(7);
  const limitedMs = await fetchAll(small, 20, "8KiB/s");
  assert(limitedMs >= 7_500 && limitedMs <= 9_000, `took ${limitedMs} ms of virtual time`);
});
