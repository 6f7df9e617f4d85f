/**
 * Every path corun writes that the command line names makes the folders it lacks, as `--out` does:
 * `--log`, `--trace`, `--state` and `corun report -o` alike (the README's cron job writes
 * `--log out/cron.log` before its first run made `out/`).
 */
import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { validateConfig } from "../lib/config/mod.ts";
import { main } from "../lib/cli/main.ts";
import { run } from "../lib/tasks/mod.ts";
import { createFakeWorld } from "./fixtures/fake_host.ts";
import { freePort } from "./fixtures/raw_conn.ts";

Deno.test("--out, --log, --trace, --state and report -o all make the folders their paths lack", async () => {
  const dir = await Deno.makeTempDir({ prefix: "corun-output-folders-" });
  try {
    // A fetch that saves takes part in the state; nothing listens, so it fails at once.
    const config = validateConfig({
      defaults: { retries: 0 },
      tasks: [{ name: "page", fetch: `http://127.0.0.1:${freePort()}/`, save: "page.html" }],
    }, "page.yaml");
    const world = createFakeWorld({ configs: { "page.yaml": config }, run });
    const at = (path: string) => `${dir}/${path}`;
    const args = [
      "run",
      "page.yaml",
      ...["--out", at("out/a"), "--log", at("log/b/run.log"), "--trace", at("trace/c/t.json")],
      ...["--state", at("state/d/state.json")],
    ];
    assertEquals(await main(args, world.host), 1, world.stderr()); // the fetch failed
    const report = ["report", at("trace/c/t.json"), "-o", at("page/e/t.html")];
    assertEquals(await main(report, world.host), 0, world.stderr());
    for (const folder of ["out/a", "log/b", "trace/c", "state/d", "page/e"]) {
      assertEquals(Deno.statSync(at(folder)).isDirectory, true, folder);
    }
    assertEquals(Deno.statSync(at("log/b/run.log")).isFile, true);
    assertEquals(Deno.statSync(at("page/e/t.html")).isFile, true);
    assertEquals(world.stderr().includes("warning"), false, world.stderr());
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
