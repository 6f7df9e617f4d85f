/**
 * A run history that cannot be pruned to `keepHistory` (a disk with room for one more line in the
 * file, none for the pruned copy): the run's line is in the file, so the run says it is recorded
 * and warns of the prune alone, and the next run, with room again, prunes.
 */
import { assert, assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { main } from "../lib/cli/mod.ts";
import { createRealHost } from "../lib/cli/real_host.ts";
import { noRoomForNewFiles } from "./fixtures/file_system_quirks.ts";
import { withTempDir } from "./fixtures/temp_dir.ts";

const withProject = withTempDir("corun-history-prune-");

/** Runs `corun ARGS` in this process on the real host, with what it writes to stderr. */
async function corun(...args: string[]): Promise<{ code: number; stderr: string }> {
  let stderr = "";
  const host = { ...createRealHost(), stderr: { write: (text: string) => void (stderr += text) } };
  return { code: await main(args, host), stderr };
}

async function historyLines(dir: string): Promise<number> {
  const text = await Deno.readTextFile(`${dir}/out/.corun-history.jsonl`);
  return text.split("\n").filter((line) => line !== "").length;
}

Deno.test("a history that cannot be pruned: the run is recorded and says so, the prune is its own warning, the next run prunes", async () => {
  await withProject(async (dir) => {
    const config = `${dir}/c.yaml`;
    await Deno.writeTextFile(
      config,
      "outDir: out\nkeepHistory: 1\ntasks:\n  - { name: nap, sleep: 1ms }\n",
    );
    for (let run = 0; run < 2; run++) {
      assertEquals(await corun("run", config, "--quiet"), { code: 0, stderr: "" });
    }
    const history = `${dir}/out/.corun-history.jsonl`;
    let full: { code: number; stderr: string };
    {
      using _disk = noRoomForNewFiles();
      full = await corun("run", config, "--quiet");
    }
    assertEquals(full.code, 0);
    assert(!full.stderr.includes("Cannot record"), full.stderr);
    const warning = full.stderr.split("\n").filter((line) => line !== "");
    assertEquals(warning.length, 1, full.stderr);
    assert(
      warning[0].startsWith(
        `warning: Cannot prune "${history}" to keepHistory 1: No space left on device (os error 28)`,
      ),
      warning[0],
    );
    assert(
      warning[0].endsWith("; the run is recorded, and the next run tries the prune again"),
      warning[0],
    );
    assertEquals(await historyLines(dir), 3, "the third run's line is in the file");
    // Room again: the next run prunes what the last could not.
    assertEquals(await corun("run", config, "--quiet"), { code: 0, stderr: "" });
    assertEquals(await historyLines(dir), 1);
  });
});
