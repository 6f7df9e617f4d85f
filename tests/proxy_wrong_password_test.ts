/**
 * A proxy that refuses the credentials of its URL is `PROXY_AUTH_REQUIRED`, also when it answers the
 * `CONNECT` with 401 instead of 407, as Debian's tinyproxy (1.11) does for a wrong password: an
 * answer to `CONNECT` is the proxy's, never the target's. Right or wrong, the password reaches
 * nothing a run writes.
 */
import { assert, assertEquals, assertRejects } from "npm:deno-std@1.4.0/assert/mod.js";
import { ProxyError } from "../lib/net/mod.ts";
import { fetchOnce } from "./fixtures/http_harness.ts";
import { MOD, runDeno } from "./fixtures/run_deno.ts";
import { startRouteServer } from "./fixtures/route_server.ts";
import { testCaCert } from "./fixtures/scripted_server.ts";
import { startTinyproxy, type Tinyproxy } from "./fixtures/tinyproxy.ts";

/** tinyproxy, asking for `alice:s3cret`; undefined where it is missing. */
function startTinyproxyWithAuth(connectPort: number): Promise<Tinyproxy | undefined> {
  return startTinyproxy([connectPort], ["BasicAuth alice s3cret"]);
}

Deno.test("a wrong proxy password is PROXY_AUTH_REQUIRED, also from tinyproxy's 401 to CONNECT", async () => {
  await using target = startRouteServer({ "/a": { body: "secure body" } }, { tls: true });
  const tinyproxy = await startTinyproxyWithAuth(target.port);
  if (!tinyproxy) return;
  try {
    const url = `https://localhost:${target.port}/a`;
    const options = { caCerts: [testCaCert()] };
    const right = await fetchOnce(url, {
      ...options,
      proxy: `http://alice:s3cret@127.0.0.1:${tinyproxy.port}`,
    });
    assertEquals([right.response.status, right.text], [200, "secure body"]);
    const error = await assertRejects(() =>
      fetchOnce(url, { ...options, proxy: `http://alice:wr0ng@127.0.0.1:${tinyproxy.port}` })
    );
    if (!(error instanceof ProxyError)) throw error;
    assertEquals([error.code, error.status], ["PROXY_AUTH_REQUIRED", 401]);
    assert(error.message.includes("the proxy refused the credentials"), error.message);
    assert(!error.message.includes("wr0ng"), error.message);
  } finally {
    await tinyproxy.stop();
  }
});

Deno.test("through tinyproxy, a proxy password right or wrong never reaches the log, the trace, the metadata, --json or plan", async () => {
  await using plain = startRouteServer({ "/p": { body: "plain body" } });
  await using secure = startRouteServer({ "/s": { body: "secure body" } }, { tls: true });
  const tinyproxy = await startTinyproxyWithAuth(secure.port);
  if (!tinyproxy) return;
  const dir = await Deno.makeTempDir({ prefix: "corun-proxy-output-" });
  try {
    await Deno.writeTextFile(`${dir}/ca.pem`, testCaCert());
    for (
      const [label, password, exitCode] of [["right", "s3cret", 0], ["wrong", "wr0ng", 1]] as const
    ) {
      const config = `${dir}/${label}.yaml`;
      await Deno.writeTextFile(
        config,
        `outDir: out-${label}
defaults:
  proxy: http://alice:${password}@127.0.0.1:${tinyproxy.port}
  caFile: ca.pem
  retries: 0
tasks:
  - { name: plain, fetch: "${plain.url("/p")}", save: p.txt }
  - { name: secure, fetch: "https://localhost:${secure.port}/s", save: s.txt }
`,
      );
      const files = [`${label}.log`, `${label}.trace.json`, `out-${label}/corun.jsonl`];
      const ran = await runDeno([
        "run",
        "-A",
        MOD,
        "run",
        config,
        "--log",
        files[0],
        "--trace",
        files[1],
        "--json",
      ], { cwd: dir });
      assertEquals(ran.code, exitCode, ran.stderr);
      const planned = await runDeno(["run", "-A", MOD, "plan", config], { cwd: dir });
      assertEquals(planned.code, 0, planned.stderr);
      const written = await Promise.all(files.map((file) => Deno.readTextFile(`${dir}/${file}`)));
      const everything = [ran.stdout, ran.stderr, planned.stdout, planned.stderr, ...written]
        .join("\n");
      if (label === "wrong") {
        // The https fetch's CONNECT was refused (tinyproxy's 401); the message says so.
        assert(everything.includes("PROXY_AUTH_REQUIRED"), everything);
      }
      for (const secret of [password, btoa(`alice:${password}`)]) {
        assert(!everything.includes(secret), `${label}: ${secret} was written`);
      }
    }
  } finally {
    await tinyproxy.stop();
    await Deno.remove(dir, { recursive: true });
  }
});
