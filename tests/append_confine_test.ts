import { assertEquals, assertMatch } from "npm:deno-std@1.4.0/assert/mod.js";
import { defineConfig, run, task } from "../mod.ts";

Deno.test("ctx.append() refuses a file that is a symbolic link leading outside the output directory", async () => {
  const dir = await Deno.makeTempDir({ prefix: "corun-append-" });
  try {
    const outDir = `${dir}/out`;
    await Deno.mkdir(outDir);
    await Deno.writeTextFile(`${dir}/victim.txt`, "precious\n");
    await Deno.symlink("../victim.txt", `${outDir}/log.txt`);
    const report = await run(
      defineConfig({
        outDir,
        tasks: [task("logger", function* (ctx) {
          yield* ctx.append("log.txt", "overwritten\n");
        })],
      }),
      { state: false },
    );
    assertEquals(report.tasks[0].outcome, "failed");
    assertMatch(
      report.tasks[0].error!.message,
      /^Cannot ctx\.append "log.txt" for task "logger": .* through a symbolic link$/,
    );
    assertEquals(await Deno.readTextFile(`${dir}/victim.txt`), "precious\n");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
