import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { TraceFileOutput } from "./trace_file.ts";

Deno.test({
  name:
    "a trace's temporary is locked while the run writes it, so another run's sweep of the output directory leaves it",
  // Windows locks are mandatory: a writer holds no shared lock there (see confined_dir.ts).
  ignore: Deno.build.os === "windows",
  fn: async () => {
    const dir = await Deno.makeTempDir({ prefix: "corun-trace-file-" });
    try {
      const output = TraceFileOutput.open(`${dir}/trace.json`);
      output.write("[");
      const [temp] = [...Deno.readDirSync(dir)].map((entry) => entry.name);
      // What a sweep must take before it removes a temporary: its exclusive lock.
      const sweeper = Deno.openSync(`${dir}/${temp}`, { read: true });
      try {
        assertEquals(sweeper.tryLockSync(true), false);
      } finally {
        sweeper.close();
      }
      output.write("]");
      await output.commit();
      assertEquals(Deno.readTextFileSync(`${dir}/trace.json`), "[]");
      assertEquals([...Deno.readDirSync(dir)].map((entry) => entry.name), ["trace.json"]);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});
