import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { openLogFile } from "./log_file.ts";

Deno.test("openLogFile() creates the file and its directory, and appends across openings", async () => {
  const dir = await Deno.makeTempDir({ prefix: "corun-log-" });
  try {
    const path = `${dir}/logs/cron.log`;
    {
      using log = openLogFile(path, (error) => {
        throw error;
      });
      log.write("first\n");
    }
    {
      using log = openLogFile(path, (error) => {
        throw error;
      });
      log.write("sécond\n");
      log[Symbol.dispose]();
      log.write("after close is dropped\n");
    }
    assertEquals(await Deno.readTextFile(path), "first\nsécond\n");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
