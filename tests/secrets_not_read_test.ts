/**
 * Only what sends a config's requests needs its `{ env }` and `{ file }` credentials: `corun
 * history` (and `schedule --db`, which only fires into a queue) loads the config without them, in a
 * shell where the variable is unset, the file missing and neither allowed; `run` still refuses at
 * the field. A library user's spec loaded with `readSecrets: false` cannot run: `run()` refuses it
 * before a request goes out.
 */
import { assert, assertEquals, assertRejects } from "npm:deno-std@1.4.0/assert/mod.js";
import { loadConfig, run, SecretsNotReadError } from "../mod.ts";
import { startRouteServer } from "./fixtures/route_server.ts";
import { MOD, runDeno } from "./fixtures/run_deno.ts";
import { withTempDir } from "./fixtures/temp_dir.ts";

const withDir = withTempDir("corun-secrets-not-read-");

/** A config whose token is an unset variable's and whose key is a missing file's. */
function configText(url: string): string {
  return `outDir: out
schedule: { cron: "0 3 * * *", timezone: UTC }
defaults:
  headers: { X-Api-Key: { file: secrets/key.txt } }
tasks:
  - name: report
    fetch: { url: "${url}", auth: { bearer: { env: CORUN_UNREAD_TOKEN } } }
`;
}

Deno.test("history and schedule --db need no credential; run still refuses at the fields", async () => {
  await using server = startRouteServer({ "/r": { body: "r" } });
  await withDir(async (dir) => {
    const dirReal = await Deno.realPath(dir);
    await Deno.writeTextFile(`${dir}/c.yaml`, configText(server.url("/r")));
    const corun = (permissions: string[], ...args: string[]) =>
      runDeno(["run", "--no-prompt", ...permissions, MOD, ...args], { cwd: dir, stdin: "" });
    // Neither --allow-env nor a read of the secret file's folder: nothing asks for them.
    const history = await corun(
      [`--allow-read=${dirReal}/c.yaml,${dirReal}/out`],
      "history",
      "c.yaml",
    );
    assertEquals([history.code, history.stderr], [0, ""]);
    assertEquals(history.stdout, `no runs recorded in ${dirReal}/out/.corun-history.jsonl\n`);
    // Past the load: refused for a flag, not for the credentials (the database is never reached).
    const schedule = await corun(
      ["--allow-read", "--allow-env"],
      "schedule",
      "c.yaml",
      "--db",
      "postgres://127.0.0.1:9/corun",
      "--virtual-time",
      "--until",
      "2999-01-01",
    );
    assertEquals([schedule.code, schedule.stdout], [2, ""]);
    assertEquals(
      schedule.stderr,
      "Cannot use --virtual-time with --db or --shared: a shared queue is fired into in " +
        "real time\n",
    );
    const ran = await corun(
      ["--allow-read", "--allow-write", "--allow-net", "--allow-env"],
      "run",
      "c.yaml",
    );
    assertEquals([ran.code, ran.stdout], [2, ""]);
    assertEquals(
      ran.stderr,
      'c.yaml:4:33: defaults.headers["X-Api-Key"].file: cannot use the secret file ' +
        '"secrets/key.txt": the file does not exist\n' +
        "c.yaml:7:70: tasks[0].fetch.auth.bearer.env: cannot use the environment variable " +
        "CORUN_UNREAD_TOKEN: it is not set\n" +
        'Cannot load the config "c.yaml": found 2 problems\n',
    );
    assertEquals(server.requests.length, 0);
    assertEquals([...Deno.readDirSync(dir)].map((entry) => entry.name), ["c.yaml"]);
  });
});

Deno.test("run() refuses a spec loaded with readSecrets: false before anything is sent or written", async () => {
  await using server = startRouteServer({ "/r": { body: "r" } });
  await withDir(async (dir) => {
    await Deno.mkdir(`${dir}/secrets`);
    await Deno.writeTextFile(`${dir}/secrets/key.txt`, "KEY_4711\n");
    await Deno.writeTextFile(`${dir}/c.yaml`, configText(server.url("/r")));
    // Everything is there to be read; it is not, so the spec holds no credential to send.
    Deno.env.set("CORUN_UNREAD_TOKEN", "TOKEN_4711");
    try {
      const spec = await loadConfig(`${dir}/c.yaml`, { readSecrets: false });
      const refused = 'Cannot run the config "' + `${dir}/c.yaml` + '": it was loaded without ' +
        'reading its credentials (loadConfig with readSecrets: false), so defaults.headers["X-Api' +
        '-Key"] ({ file: "secrets/key.txt" }), tasks[0].fetch.auth.bearer ({ env: ' +
        "CORUN_UNREAD_TOKEN }) hold none to send; load it again with readSecrets left on (the " +
        "default) to run it";
      // A copy of the spec, and a plan, are refused alike.
      for (const [config, options] of [[spec, {}], [{ ...spec }, { dryRun: true }]] as const) {
        const error = await assertRejects(() => run(config, options), SecretsNotReadError);
        assertEquals([error.code, error.message], ["SECRETS_NOT_READ", refused]);
      }
      assertEquals(server.requests.length, 0);
      assertEquals([...Deno.readDirSync(dir)].map((entry) => entry.name).sort(), [
        "c.yaml",
        "secrets",
      ]);
      // Loaded as `run` loads it, the same config sends what it names.
      const report = await run(`${dir}/c.yaml`, { state: false });
      assertEquals(report.tasks.map((task) => task.outcome), ["done"]);
    } finally {
      Deno.env.delete("CORUN_UNREAD_TOKEN");
    }
    assert(server.requests.length === 1);
    assertEquals(
      [
        server.requests[0].headers.get("authorization"),
        server.requests[0].headers.get("x-api-key"),
      ],
      ["Bearer TOKEN_4711", "KEY_4711"],
    );
  });
});
