/**
 * `--trace -` whose reader went away (`corun run … --trace - | gzip > t.gz`, and gzip died): the
 * trace is cut short, and the run says so on stderr and exits 141 rather than ending as if it had
 * been written.
 */
import { assertEquals, assertStringIncludes } from "npm:deno-std@1.4.0/assert/mod.js";
import { MOD, runDeno } from "./fixtures/run_deno.ts";

Deno.test("--trace - to a pipe whose reader went away warns that the trace was cut short, and exits 141", async () => {
  const dir = await Deno.makeTempDir({ prefix: "corun-trace-stdout-gone-" });
  try {
    await Deno.writeTextFile(`${dir}/nap.yaml`, `tasks:\n  - name: nap\n    sleep: 200ms\n`);
    const { code, stderr } = await runDeno(["run", "-A", MOD, "run", "nap.yaml", "--trace", "-"], {
      cwd: dir,
      // The reader is gone before the trace is written.
      whileRunning: (child) => child.closeStdout(),
    });
    // The task did its work, but what went to stdout is lost: 128 + SIGPIPE, as for any report.
    assertEquals(code, 141, stderr);
    assertStringIncludes(
      stderr,
      "warning: Cannot write the trace to standard output: its reader went away (broken pipe); " +
        "the trace is cut short",
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
