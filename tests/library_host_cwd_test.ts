// A library run shares the process's working directory with the program that called it: a change of
// directory that program (or a custom task) makes while the run writes must stand.
import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { run, task } from "../mod.ts";

Deno.test("a Deno.chdir made while a run writes into folders stands after its later writes", async () => {
  const before = Deno.cwd();
  const out = await Deno.makeTempDir({ prefix: "corun_host_cwd_" });
  const elsewhere = await Deno.realPath(await Deno.makeTempDir({ prefix: "corun_host_cwd_" }));
  try {
    let during = "";
    const report = await run({
      outDir: out,
      tasks: [task("writes", function* (ctx) {
        yield* ctx.write("a/one.txt", "1");
        Deno.chdir(elsewhere);
        yield* ctx.write("b/two.txt", "2");
        during = Deno.cwd();
      })],
    });
    assertEquals(report.tasks[0].outcome, "done");
    assertEquals([during, Deno.cwd()], [elsewhere, elsewhere]);
  } finally {
    Deno.chdir(before);
    await Deno.remove(out, { recursive: true });
    await Deno.remove(elsewhere, { recursive: true });
  }
});
