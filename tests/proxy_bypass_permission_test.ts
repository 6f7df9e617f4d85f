/**
 * An `--allow-env` that lets corun read the proxy variable but not `no_proxy` beside it would send
 * the requests to the hosts `no_proxy` lists through the proxy, in silence: `check`, `plan` and
 * `run` say so, naming the flag to add.
 */
import { assert, assertEquals, assertStringIncludes } from "npm:deno-std@1.4.0/assert/mod.js";
import { MOD, runDeno } from "./fixtures/run_deno.ts";
import { withTempDir } from "./fixtures/temp_dir.ts";

const withDir = withTempDir("corun-proxy-bypass-");

const WARNING = "warning: Cannot read no_proxy or NO_PROXY (--allow-env leaves them out) while a " +
  "proxy variable is read: the hosts they may list to reach directly go through the proxy; start " +
  "corun with --allow-env=no_proxy,NO_PROXY (or --allow-env)\n";

function corun(env: string, args: string[], cwd: string) {
  return runDeno(["run", "--no-prompt", "--allow-read", env, MOD, ...args], {
    cwd,
    stdin: "",
    env: { http_proxy: "http://127.0.0.1:9", no_proxy: "intranet.example", NO_COLOR: "1" },
  });
}

Deno.test("a proxy variable read without no_proxy is a warning of check and plan, naming the flag; none when no_proxy can be read or a task sets its own", async () => {
  await withDir(async (dir) => {
    await Deno.writeTextFile(
      `${dir}/p.yaml`,
      "tasks:\n  - { name: wiki, fetch: http://intranet.example/a, save: a.html }\n",
    );
    for (const command of ["check", "plan"]) {
      const partial = await corun("--allow-env=http_proxy", [command, "p.yaml"], dir);
      assertEquals(partial.code, 0, partial.stderr);
      assertStringIncludes(partial.stderr, WARNING);
      const whole = await corun("--allow-env", [command, "p.yaml"], dir);
      assertEquals(whole.code, 0, whole.stderr);
      assert(!whole.stderr.includes("no_proxy"), whole.stderr);
    }
    const named = await corun("--allow-env=http_proxy,no_proxy", ["check", "p.yaml"], dir);
    assert(!named.stderr.includes("no_proxy"), named.stderr);
    // NO_PROXY, read and used in no_proxy's place, is no reason to say every request is proxied.
    const upper = await corun("--allow-env=http_proxy,NO_PROXY", ["check", "p.yaml"], dir);
    assertStringIncludes(
      upper.stderr,
      "warning: Cannot read no_proxy (--allow-env leaves it out) while a proxy variable is read: " +
        "the hosts it may list to reach directly go through the proxy; start corun with " +
        "--allow-env=no_proxy (or --allow-env)\n",
    );
    await Deno.writeTextFile(
      `${dir}/own.yaml`,
      "defaults: { noProxy: intranet.example }\n" +
        "tasks:\n  - { name: wiki, fetch: http://intranet.example/a, save: a.html }\n",
    );
    const own = await corun("--allow-env=http_proxy", ["check", "own.yaml"], dir);
    assertEquals(own.code, 0, own.stderr);
    assert(!own.stderr.includes("no_proxy"), own.stderr);
  });
});
