/**
 * A proxy variable corun cannot use (`http_proxy=socks5://…`, a bad port) that a URL the config
 * names would go through is refused by `check`, `plan` and `run` before any request (exit 2), as the
 * same value written as `proxy:` is; a list task, whose hosts are known only as it runs, is warned
 * of it instead; nothing is said when no task would use it.
 */
import {
  assert,
  assertEquals,
  assertRejects,
  assertStringIncludes,
} from "npm:deno-std@1.4.0/assert/mod.js";
import { ConfigError, run } from "../mod.ts";
import { MOD, runDeno } from "./fixtures/run_deno.ts";
import { withTempDir } from "./fixtures/temp_dir.ts";

const withDir = withTempDir("corun-proxy-variable-");

function corun(env: Record<string, string>, args: string[], cwd: string) {
  return runDeno(
    [
      "run",
      "--no-prompt",
      "--allow-read",
      "--allow-write",
      "--allow-net",
      "--allow-env",
      MOD,
      ...args,
    ],
    { cwd, stdin: "", env: { ...env, NO_COLOR: "1" } },
  );
}

const SOCKS = 'Cannot use proxy "socks5://***@p:1080" (from http_proxy): only http:// proxy ' +
  'URLs are supported, not socks5://; task "a" would fetch through it';

Deno.test("an http_proxy of socks5:// that a task's URL would use is an error of check, plan and run, its password not shown; nothing runs", async () => {
  await withDir(async (dir) => {
    await Deno.writeTextFile(
      `${dir}/el.yaml`,
      "outDir: out\ntasks:\n  - name: a\n    fetch: http://127.0.0.1:9/1\n",
    );
    const env = { http_proxy: "socks5://me:hunter2@p:1080" };
    for (const command of ["check", "plan", "run"]) {
      const { code, stdout, stderr } = await corun(env, [command, "el.yaml"], dir);
      assertEquals(code, 2, `${command}: ${stderr}`);
      assertEquals(stdout, "", command);
      assertStringIncludes(stderr, SOCKS);
      assert(!stderr.includes("hunter2"), stderr);
    }
    assertEquals([...Deno.readDirSync(dir)].map((entry) => entry.name), ["el.yaml"]);

    const badPort = await corun({ http_proxy: "http://p:99999" }, ["check", "el.yaml"], dir);
    assertEquals(badPort.code, 2, badPort.stderr);
    assertStringIncludes(badPort.stderr, '"http://p:99999" (from http_proxy): not a valid URL');
  });
});

Deno.test("a list task, whose hosts are known only as it runs, is warned of a bad proxy variable it may use: check passes, the run goes on and its URLs through it fail", async () => {
  await withDir(async (dir) => {
    await Deno.writeTextFile(`${dir}/l.txt`, "http://127.0.0.1:9/1\nhttp://127.0.0.1:9/2\n");
    await Deno.writeTextFile(
      `${dir}/el.yaml`,
      'outDir: out\ntasks:\n  - name: a\n    fetch: { urls: l.txt }\n    save: "{path}"\n',
    );
    const env = { http_proxy: "socks5://me:hunter2@p:1080" };
    const warning = 'Cannot use proxy "socks5://***@p:1080" (from http_proxy): only http:// ' +
      'proxy URLs are supported, not socks5://; those URLs of task "a" that go through it will fail';
    const check = await corun(env, ["check", "el.yaml"], dir);
    assertEquals(check.code, 0, check.stderr);
    assertEquals(check.stdout, "ok: 1 task\n");
    assertStringIncludes(check.stderr, warning);
    const ran = await corun(env, ["run", "el.yaml"], dir);
    assertEquals(ran.code, 1, ran.stderr);
    assertStringIncludes(ran.stderr, warning);
    assertStringIncludes(ran.stdout + ran.stderr, "2 failed");
    assert(!(ran.stdout + ran.stderr).includes("hunter2"));
  });
});

Deno.test("a bad proxy variable no task would use is no problem: another scheme, proxy: false, noProxy", async () => {
  await withDir(async (dir) => {
    await Deno.writeTextFile(
      `${dir}/c.yaml`,
      "tasks:\n" +
        "  - { name: plain, fetch: http://127.0.0.1:9/a }\n" +
        "  - { name: direct, fetch: https://x.example/a, proxy: false }\n" +
        "  - { name: near, fetch: https://intranet.example/a, noProxy: intranet.example }\n",
    );
    const { code, stdout, stderr } = await corun(
      { https_proxy: "ftp://p" },
      ["check", "c.yaml"],
      dir,
    );
    assertEquals(code, 0, stderr);
    assertEquals(stdout, "ok: 3 tasks\n");
  });
});

Deno.test("the library's run() refuses a proxy variable its tasks would use, before any request", async () => {
  const before = Deno.env.get("https_proxy");
  Deno.env.set("https_proxy", "ftp://p:21");
  try {
    const error = await assertRejects(
      () => run({ tasks: [{ name: "a", fetch: "https://127.0.0.1:9/" }] }, { virtualTime: true }),
      ConfigError,
    );
    assertStringIncludes(
      error.message,
      'Cannot use proxy "ftp://p:21" (from https_proxy): only http:// proxy URLs are supported',
    );
  } finally {
    if (before === undefined) Deno.env.delete("https_proxy");
    else Deno.env.set("https_proxy", before);
  }
});
