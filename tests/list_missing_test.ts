/**
 * A list gone when its task starts fails the task in the words `corun check` uses, once
 * (`Cannot read the URL list "…": the file does not exist`), not the system's text twice; and
 * `corun plan` of a list a task of the run saves says so, not that it is missing.
 */
import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { defineConfig, fetchTask, run, validateConfig } from "../mod.ts";
import { MOD, runDeno } from "./fixtures/run_deno.ts";

Deno.test("a list deleted before its task starts fails it with check's words, said once, code URL_LIST", async () => {
  const dir = await Deno.makeTempDir({ prefix: "corun-list-missing-" });
  try {
    const list = `${dir}/urls.txt`;
    await Deno.writeTextFile(list, "http://127.0.0.1:9/a\n");
    const spec = validateConfig(
      defineConfig({
        outDir: `${dir}/out`,
        metadata: false,
        tasks: [fetchTask("m", { urls: list })],
      }),
      "inline",
    );
    await Deno.remove(list); // gone between loading the config and running it
    const report = await run(spec, { state: false });
    assertEquals(report.tasks[0].outcome, "failed");
    assertEquals(report.tasks[0].error, {
      code: "URL_LIST",
      message: `Cannot read the URL list "${list}": the file does not exist`,
    });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("corun plan of a list a task of the run saves says which task saves it", async () => {
  const dir = await Deno.realPath(await Deno.makeTempDir({ prefix: "corun-list-missing-" }));
  try {
    await Deno.writeTextFile(
      `${dir}/c.yaml`,
      `tasks:
  - { name: getlist, fetch: "http://127.0.0.1:9/urls.txt", save: urls.txt }
  - { name: mirror, fetch: { urls: out/urls.txt }, save: "{host}/{path}", after: [getlist] }
`,
    );
    const { code, stderr } = await runDeno(
      ["run", "--allow-read", "--allow-write", "--allow-env", MOD, "plan", `${dir}/c.yaml`],
      { cwd: dir },
    );
    assertEquals([code, stderr.split("\n")[0]], [
      0,
      `warning: Cannot count the URLs of task "mirror": its URL list "${dir}/out/urls.txt" is ` +
      'saved by task "getlist" in this run; a run counts it',
    ]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
