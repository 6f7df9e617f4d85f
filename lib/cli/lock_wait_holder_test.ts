// `--lock=wait --json` stopped while it waits: the report names the run it waited for (the holder
// its waiting line named), not `"holder": null`.
import { assertEquals, assertStringIncludes } from "npm:deno-std@1.4.0/assert/mod.js";
import { validateConfig } from "../config/mod.ts";
import { runOperation } from "../loop/mod.ts";
import { acquireLock } from "../schedule/mod.ts";
import { EXIT_CODES } from "./exit_codes.ts";
import { createFakeWorld, untilSaid } from "../../tests/fixtures/fake_host.ts";
import { main } from "./main.ts";
import { join } from "npm:deno-std@1.4.0/path/mod.js";
import { withTempDir } from "../../tests/fixtures/temp_dir.ts";

const configs = {
  "tasks.yaml": validateConfig({ tasks: [{ name: "nap", sleep: "1s" }] }, "tasks.yaml"),
};

Deno.test("run --json --lock=wait interrupted while it waits names the holder it waited for", async () => {
  await withTempDir("corun-lock-wait-holder-")(async (outDir) => {
    const held = await runOperation(
      acquireLock(`${outDir}/.corun.lock`, { config: "other.yaml" }),
    );
    if (!held.acquired) throw new Error("the test could not take the lock");
    await using _held = held.lock;
    const world = createFakeWorld({ configs });
    const args = ["run", "tasks.yaml", "--out", outDir, "--json", "--lock=wait"];
    const waiting = main(args, world.host);
    await untilSaid(world, "Waiting for the lock");
    world.interrupt();
    assertEquals(await waiting, EXIT_CODES.interrupted);
    const { holder, reason } = JSON.parse(world.stdout());
    assertEquals(reason, "interrupted");
    assertEquals([holder?.pid, holder?.config], [Deno.pid, join(outDir, "other.yaml")]);
    // The same holder its waiting line named.
    assertStringIncludes(world.stderr(), `(pid ${holder.pid} since ${holder.startedAt})`);
  });
});
