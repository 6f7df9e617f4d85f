/**
 * A YAML config keeps its credentials out of the file: `{ env: NAME }` and `{ file: PATH }` are read
 * when it loads and sent as a literal credential would be (a server on 127.0.0.1 checks the
 * `Authorization` and `X-Api-Key` it gets).
 */
import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { run } from "../mod.ts";
import { startRouteServer } from "./fixtures/route_server.ts";
import { withTempDir } from "./fixtures/temp_dir.ts";

const withDir = withTempDir("corun-secret-refs-run-");

Deno.test("an { env } bearer token, a { file } password and a { file } header value reach the server", async () => {
  await using server = startRouteServer({ "/a": { body: "a" }, "/b": { body: "b" } });
  await withDir(async (dir) => {
    await Deno.mkdir(`${dir}/secrets`);
    await Deno.writeTextFile(`${dir}/secrets/password`, "pa55:word\n");
    await Deno.writeTextFile(`${dir}/secrets/api-key`, "k3y-4711\r\n");
    await Deno.writeTextFile(
      `${dir}/c.yaml`,
      `defaults:
  headers: { X-Api-Key: { file: secrets/api-key } }
tasks:
  - name: bearer
    fetch: { url: "${server.url("/a")}", auth: { bearer: { env: CORUN_RUN_TOKEN } } }
  - name: basic
    fetch:
      url: "${server.url("/b")}"
      auth: { username: { env: CORUN_RUN_USER }, password: { file: secrets/password } }
`,
    );
    Deno.env.set("CORUN_RUN_TOKEN", "t0k3n-4711");
    Deno.env.set("CORUN_RUN_USER", "alice");
    let report;
    try {
      report = await run(`${dir}/c.yaml`, { state: false });
    } finally {
      Deno.env.delete("CORUN_RUN_TOKEN");
      Deno.env.delete("CORUN_RUN_USER");
    }
    assertEquals(report.tasks.map((task) => task.outcome), ["done", "done"]);
    const sent = Object.fromEntries(
      server.requests.map((request) => [
        request.path,
        [request.headers.get("authorization"), request.headers.get("x-api-key")],
      ]),
    );
    assertEquals(sent, {
      "/a": ["Bearer t0k3n-4711", "k3y-4711"],
      "/b": [`Basic ${btoa("alice:pa55:word")}`, "k3y-4711"],
    });
  });
});
