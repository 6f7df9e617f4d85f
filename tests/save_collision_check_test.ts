/**
 * Two tasks whose saves render one file for their own URLs: `check` and `plan` say so as they say
 * any config error (located, exit 2), and `run` refuses to start, before any request.
 */
import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { startRouteServer } from "./fixtures/route_server.ts";
import { MOD, runDeno } from "./fixtures/run_deno.ts";

Deno.test("check, plan and run refuse two tasks rendering one file, naming both and the path, before any request", async () => {
  await using server = startRouteServer({ "/page": { body: "page\n" } });
  const dir = await Deno.realPath(await Deno.makeTempDir({ prefix: "corun-save-check-" }));
  try {
    const first = server.url("/page?id=1");
    const second = server.url("/page?id=2");
    const secondLine = `  - { name: second, fetch: "${second}", save: "{host}/{path}.html" }`;
    await Deno.writeTextFile(
      `${dir}/c.yaml`,
      `tasks:\n  - { name: first, fetch: "${first}", save: "{host}/{path}.html" }\n${secondLine}\n`,
    );
    const host = `127.0.0.1_${new URL(first).port}`;
    const column = secondLine.indexOf('"{host}') + 1;
    const issue = `${dir}/c.yaml:3:${column}: tasks[1].save: saves ${second} to ` +
      `"${host}/page.html", as tasks[0] ("first") does for ${first}: two tasks cannot save one file`;
    const permissions = ["--allow-read", "--allow-write", "--allow-net", "--allow-env"];
    for (const command of ["check", "plan", "run"]) {
      const { code, stdout, stderr } = await runDeno(
        ["run", ...permissions, MOD, command, `${dir}/c.yaml`],
        { cwd: dir },
      );
      assertEquals([code, stdout, stderr.split("\n")[0]], [2, "", issue], `${command}: ${stderr}`);
    }
    assertEquals(server.requests.length, 0);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
