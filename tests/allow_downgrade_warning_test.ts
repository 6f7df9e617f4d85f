/**
 * `allowDowngrade: true` turns a TLS protection off as `insecure: true` does (a redirect from https
 * to http is followed in clear text), so a run warns of it once per task the same way: for a fetch
 * task, for a list task, and for a custom task when `defaults` sets it.
 */
import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { defineConfig, run } from "../mod.ts";
import { withTempDir } from "./fixtures/temp_dir.ts";

const OFF = "the refusal of redirects from https to http is OFF";

Deno.test("allowDowngrade: true is warned of once per task, like insecure: true", async () => {
  await withTempDir("corun-downgrade-warning-")(async (dir) => {
    await Deno.writeTextFile(`${dir}/urls.txt`, "https://127.0.0.1:9/a\n");
    const report = await run(
      defineConfig({
        outDir: dir,
        defaults: { allowDowngrade: true },
        tasks: [
          { name: "feed", fetch: "https://127.0.0.1:9/feed", insecure: true },
          { name: "list", fetch: { urls: `${dir}/urls.txt` } },
          { name: "strict", fetch: "https://127.0.0.1:9/b", allowDowngrade: false },
          { name: "crawl", run: function* () {} },
        ],
      }),
      { state: false, dryRun: true },
    );
    assertEquals(report.warnings, [
      'Task "feed": TLS hostname verification is OFF (insecure: true) for https://127.0.0.1:9/feed',
      `Task "feed": ${OFF} (allowDowngrade: true) for https://127.0.0.1:9/feed and the links ` +
      "it enqueues",
      `Task "list": ${OFF} (allowDowngrade: true) for the URLs it fetches from the list ` +
      `${dir}/urls.txt`,
      `Task "crawl": ${OFF} (allowDowngrade: true in defaults) for the redirects of its ctx.fetch ` +
      "and the links it enqueues",
    ]);
  });
});
