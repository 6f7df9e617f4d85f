import { assertEquals, assertRejects, assertThrows } from "npm:deno-std@1.4.0/assert/mod.js";
import { validateConfig } from "../config/mod.ts";
import { checkedRunId, newRunId } from "./run_id.ts";
import { run } from "./runner.ts";

Deno.test("checkedRunId() takes an id of newRunId()'s form and refuses any other", () => {
  const id = newRunId();
  assertEquals(checkedRunId(id), id);
  for (const given of ["nightly-1", "../x", "", 42]) {
    assertThrows(() => checkedRunId(given), RangeError, "20261125T100000123Z-3f9a1c2b");
  }
});

Deno.test("run() with a runId its metadata archive could not be named by fails before writing anything", async () => {
  const outDir = await Deno.makeTempDir({ prefix: "corun-run-id-test-" });
  try {
    const spec = validateConfig({ outDir, tasks: [{ name: "nap", sleep: "1s" }] }, "inline");
    await assertRejects(
      () => run(spec, { virtualTime: true, runId: "nightly-1" }),
      RangeError,
      'Cannot use runId "nightly-1"',
    );
    assertEquals([...Deno.readDirSync(outDir)], []);
  } finally {
    await Deno.remove(outDir, { recursive: true });
  }
});
