// A run of more list tasks than the process may have files open (as macOS's default limit of 256
// is): every list task starts reading at once, but at most MAX_OPEN_LISTS lists are open together.
import { assertEquals, assertStringIncludes } from "npm:deno-std@1.4.0/assert/mod.js";
import { startRouteServer } from "./fixtures/route_server.ts";
import { MOD, runProgram } from "./fixtures/run_deno.ts";

const LIST_TASKS = 300;
/** macOS's default: a run that opened every list at once failed with "Too many open files". */
const OPEN_FILES_LIMIT = 256;

Deno.test("a run of more list tasks than files may be open reads every list", {
  ignore: Deno.build.os === "windows",
}, async () => {
  await using site = startRouteServer({ "/a": { body: "a" }, "/b": { body: "b" } });
  const dir = await Deno.makeTempDir({ prefix: "corun-many-lists-" });
  try {
    const tasks: string[] = [];
    for (let i = 0; i < LIST_TASKS; i++) {
      await Deno.writeTextFile(`${dir}/list${i}.txt`, `${site.url("/a")}\n${site.url("/b")}\n`);
      tasks.push(`  - name: list${i}\n    fetch: { urls: list${i}.txt }\n`);
    }
    const config = `${dir}/lists.yaml`;
    await Deno.writeTextFile(config, `outDir: out\nmetadata: false\ntasks:\n${tasks.join("")}`);
    const { code, stdout, stderr } = await runProgram("sh", [
      "-c",
      `ulimit -n ${OPEN_FILES_LIMIT} && exec "$0" run -A "$1" run --no-state "$2"`,
      Deno.execPath(),
      MOD,
      config,
    ]);
    assertEquals(code, 0, stdout + stderr);
    assertStringIncludes(stdout, `${LIST_TASKS} tasks: ${LIST_TASKS} done`);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
