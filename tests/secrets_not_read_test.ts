/**
 * A library user's spec loaded with `readSecrets: false` cannot run: `run()` refuses it before a
 * request goes out.
 */
import { assert, assertEquals, assertRejects } from "npm:deno-std@1.4.0/assert/mod.js";
import { loadConfig, run, SecretsNotReadError } from "../mod.ts";
import { startRouteServer } from "./fixtures/route_server.ts";
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
