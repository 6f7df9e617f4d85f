/**
 * `maxDecodeRatio` is a fetch setting like the other limits: set in `defaults`, overridden per task,
 * checked by the config schema. A body past it fails its task and leaves nothing at the save path.
 */
import { assert, assertEquals, assertRejects } from "npm:deno-std@1.4.0/assert/mod.js";
import { ConfigError, defineConfig, fetchTask, run } from "../mod.ts";
import { startRouteServer } from "./fixtures/route_server.ts";

/** Mostly zeros with a pseudo-random byte every 512: gzip compresses it about 100-200 to 1. */
function sparse(length: number): Uint8Array {
  const bytes = new Uint8Array(length);
  let seed = 7;
  for (let i = 0; i < length; i += 512) {
    seed = (seed * 1103515245 + 12345) >>> 0;
    bytes[i] = seed >>> 24;
  }
  return bytes;
}

async function gzip(data: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([data as Uint8Array<ArrayBuffer>]).stream()
    .pipeThrough(new CompressionStream("gzip"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

Deno.test("maxDecodeRatio from defaults fails a task; a task's own setting wins", async () => {
  const body = sparse(4 << 20);
  await using server = startRouteServer({
    "/a": { headers: { "Content-Encoding": "gzip" }, body: await gzip(body) },
  });
  const outDir = await Deno.makeTempDir({ prefix: "corun-ratio-" });
  try {
    const report = await run(
      defineConfig({
        outDir,
        metadata: false,
        defaults: { retries: 0, maxDecodeRatio: 20 },
        tasks: [
          fetchTask("strict", server.url("/a"), { save: "strict.bin" }),
          fetchTask("lenient", server.url("/a"), { save: "lenient.bin", maxDecodeRatio: 1000 }),
        ],
      }),
      { state: false },
    );
    const [strict, lenient] = report.tasks;
    assertEquals(strict.outcome, "failed");
    assertEquals(strict.error?.code, "DECODE_RATIO_TOO_HIGH");
    const message = strict.error?.message ?? "";
    assert(message.includes(server.url("/a")), message);
    assert(message.endsWith("more than maxDecodeRatio (20)"), message);
    assertEquals(lenient.outcome, "done");
    assertEquals(await Deno.readFile(`${outDir}/lenient.bin`), body);
    assertEquals([...Deno.readDirSync(outDir)].map((entry) => entry.name), ["lenient.bin"]);
  } finally {
    await Deno.remove(outDir, { recursive: true });
  }
});

Deno.test("a maxDecodeRatio that is not a whole number of at least 1 is a located config error", async () => {
  const error = await assertRejects(
    () =>
      run(defineConfig({
        defaults: { maxDecodeRatio: 0 },
        tasks: [fetchTask("t", "http://127.0.0.1:1/")],
      })),
    ConfigError,
  );
  assertEquals(error.issues.map((issue: { path: string }) => issue.path), [
    "defaults.maxDecodeRatio",
  ]);
});
