/**
 * A body that is fetched but not saved (no `save`: a check, a ping) still has its SHA-256 in the
 * metadata log when `sha256: true` asks for it. Small ones are read whole and hashed at once, as saved ones are, so a short run
 * loads no hashing module; a body of unknown length streams through the module. A file of its own:
 * the process must not have loaded the module yet.
 */
import { assert, assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { defineConfig, run } from "../mod.ts";
import { isDigestLoaded } from "../lib/sinks/digest.ts";
import { startRouteServer } from "./fixtures/route_server.ts";
import { sha256Of } from "./fixtures/sha256.ts";

const small = new TextEncoder().encode("a small page\n".repeat(77));
// Under the 256 KiB a body may be to be read whole, and likely to come in more than one read.
const larger = new Uint8Array(250_000).map((_, i) => (i * 7) % 251);
const CHUNKED = "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n";

async function linesOf(outDir: string): Promise<Record<string, unknown>[]> {
  const text = await Deno.readTextFile(`${outDir}/corun.jsonl`);
  return text.trim().split("\n").map((line) => JSON.parse(line));
}

Deno.test("bodies not saved get their SHA-256 in the metadata log with sha256: true; small ones load no hashing module", async () => {
  assert(!isDigestLoaded(), "this file needs a process that has not loaded the module");
  await using server = startRouteServer({
    "/small": { body: small },
    "/larger": { body: larger },
    "/chunked": { headers: { "Transfer-Encoding": "chunked" }, body: CHUNKED },
  });
  const dir = await Deno.makeTempDir({ prefix: "corun-unsaved-digest-" });
  try {
    const first = await run(
      defineConfig({
        outDir: `${dir}/first`,
        defaults: { sha256: true },
        tasks: [
          { name: "small", fetch: server.url("/small") },
          { name: "larger", fetch: server.url("/larger") },
        ],
      }),
      { state: false },
    );
    assertEquals(first.counts.done, 2);
    const byTask = new Map((await linesOf(`${dir}/first`)).map((line) => [line.task, line]));
    assertEquals(byTask.get("small")?.sha256, await sha256Of(small));
    assertEquals(byTask.get("larger")?.sha256, await sha256Of(larger));
    assertEquals([byTask.get("small")?.savedPath, byTask.get("larger")?.bytes], [null, 250_000]);
    assert(!isDigestLoaded(), "two small bodies were hashed without the module");

    const second = await run(
      defineConfig({
        outDir: `${dir}/second`,
        defaults: { sha256: true },
        tasks: [{ name: "chunked", fetch: server.url("/chunked") }],
      }),
      { state: false },
    );
    assertEquals(second.counts.done, 1);
    const [line] = await linesOf(`${dir}/second`);
    assertEquals(line.sha256, await sha256Of(new TextEncoder().encode("hello world")));
    assert(isDigestLoaded(), "a body of unknown length streams through the module");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
