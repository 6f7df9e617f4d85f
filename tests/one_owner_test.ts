import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { codeOf, LIB, libPath, sourceFiles } from "./fixtures/lib_sources.ts";

Deno.test("permissions are asked through isGranted alone, which never prompts", async () => {
  const callers: string[] = [];
  for await (const file of sourceFiles()) {
    if (codeOf(await Deno.readTextFile(file)).includes("permissions.querySync")) {
      callers.push(libPath(file));
    }
  }
  assertEquals(callers, ["loop/permission_flags.ts"]);
});

Deno.test("the commands name a database through shownDatabase alone: quoted, without its password", async () => {
  const callers: string[] = [];
  for await (const file of sourceFiles(new URL("cli/", LIB))) {
    if (codeOf(await Deno.readTextFile(file)).includes("redactDatabaseUrl(")) {
      callers.push(libPath(file));
    }
  }
  assertEquals(callers, ["cli/shared_queue.ts"]);
});
