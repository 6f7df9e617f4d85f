import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { codeOf, libPath, sourceFiles } from "./fixtures/lib_sources.ts";

Deno.test("permissions are asked through isGranted alone, which never prompts", async () => {
  const callers: string[] = [];
  for await (const file of sourceFiles()) {
    if (codeOf(await Deno.readTextFile(file)).includes("permissions.querySync")) {
      callers.push(libPath(file));
    }
  }
  assertEquals(callers, ["loop/permission_flags.ts"]);
});
