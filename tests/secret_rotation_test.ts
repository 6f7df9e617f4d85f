/**
 * `corun schedule` follows a secret file that something else rotates while it runs (an OAuth token
 * refreshed into a file, a Kubernetes projected token): each fire sends what the file holds at the
 * fire; a file that cannot be read at a fire keeps the token before, with one warning.
 */
import { assert, assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { main } from "../lib/cli/mod.ts";
import { startRouteServer } from "./fixtures/route_server.ts";
import { withTempDir } from "./fixtures/temp_dir.ts";

const withDir = withTempDir("corun-secret-rotation-");

/** Replaces a file as a rotation does: a new file renamed over the old. */
function rotate(path: string, text: string): void {
  Deno.writeTextFileSync(`${path}.new`, text);
  Deno.renameSync(`${path}.new`, path);
}

Deno.test("`schedule --virtual-time`: a token file rotated between fires is sent from the next fire on", async () => {
  await withDir(async (dir) => {
    const token = `${dir}/token`;
    // Each request rotates the file, as a sidecar would between fires: a new token, then a file
    // written but not yet filled.
    const next = ["two\n", ""];
    await using server = startRouteServer({
      "/api": () => {
        const text = next.shift();
        if (text !== undefined) rotate(token, text);
        return { body: "ok" };
      },
    });
    Deno.writeTextFileSync(token, "one\n");
    await Deno.writeTextFile(
      `${dir}/c.yaml`,
      `outDir: out
tasks:
  - name: api
    fetch: { url: "${server.url("/api")}", auth: { bearer: { file: token } } }
    schedule: { cron: "*/10 * * * *", timezone: UTC }
`,
    );
    let stdout = "";
    let stderr = "";
    const code = await main(
      ["schedule", `${dir}/c.yaml`, "--virtual-time", "--until", "2026-03-29T01:35:00Z"],
      {
        now: () => new Date("2026-03-29T00:55:00Z"),
        stdout: { write: (text) => void (stdout += text) },
        stderr: { write: (text) => void (stderr += text) },
      },
    );
    assertEquals(code, 0, stderr);
    assertEquals(
      server.requests.map((request) => request.headers.get("authorization")),
      ["Bearer one", "Bearer two", "Bearer two", "Bearer two"],
      stdout,
    );
    // Told once (at the third fire), not at every fire while the file stays so (the other warning
    // is the preview's: its requests are real).
    const warnings: string[] = stderr.match(/warning: .*secret file.*/g) ?? [];
    assertEquals(warnings.length, 1, stderr);
    assert(
      warnings[0].endsWith(
        `${dir}/c.yaml: tasks[0].fetch.auth.bearer.file: cannot read the secret file "token" ` +
          "again: it is empty; what it held before is sent until it can be read",
      ),
      warnings[0],
    );
  });
});
