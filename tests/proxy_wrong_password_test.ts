/**
 * A proxy that refuses the credentials of its URL is `PROXY_AUTH_REQUIRED`, also when it answers the
 * `CONNECT` with 401 instead of 407, as Debian's tinyproxy (1.11) does for a wrong password: an
 * answer to `CONNECT` is the proxy's, never the target's.
 */
import { assert, assertEquals, assertRejects } from "npm:deno-std@1.4.0/assert/mod.js";
import { ProxyError } from "../lib/net/mod.ts";
import { fetchOnce } from "./fixtures/http_harness.ts";
import { startRouteServer } from "./fixtures/route_server.ts";
import { testCaCert } from "./fixtures/scripted_server.ts";

const TINYPROXY = "/usr/bin/tinyproxy";

function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  return port;
}

/** tinyproxy on a free loopback port, asking for `alice:s3cret`; undefined where it is missing. */
async function startTinyproxyWithAuth(connectPort: number) {
  try {
    Deno.statSync(TINYPROXY);
  } catch {
    if (Deno.env.get("CI")) throw new Error("tinyproxy is not installed (.ci/run installs it)");
    console.warn("SKIPPED: tinyproxy is not installed; the real-proxy test did not run");
    return undefined;
  }
  const dir = await Deno.makeTempDir({ prefix: "corun-tinyproxy-auth-" });
  const port = freePort();
  await Deno.writeTextFile(
    `${dir}/tinyproxy.conf`,
    [
      `Port ${port}`,
      "Listen 127.0.0.1",
      "Timeout 30",
      "Allow 127.0.0.1",
      `ConnectPort ${connectPort}`,
      "BasicAuth alice s3cret",
      `PidFile "${dir}/tinyproxy.pid"`,
      `LogFile "${dir}/tinyproxy.log"`,
    ].join("\n") + "\n",
  );
  const child = new Deno.Command(TINYPROXY, {
    args: ["-d", "-c", `${dir}/tinyproxy.conf`],
    stdin: "null",
    stdout: "null",
    stderr: "null",
  }).spawn();
  const stop = async () => {
    try {
      child.kill("SIGTERM");
    } catch {
      // Already gone.
    }
    await child.status;
    await Deno.remove(dir, { recursive: true });
  };
  for (let tries = 0;; tries++) {
    try {
      (await Deno.connect({ hostname: "127.0.0.1", port })).close();
      return { port, stop };
    } catch (error) {
      if (tries >= 200) {
        await stop();
        throw new Error(`tinyproxy did not start listening on ${port}`, { cause: error });
      }
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
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
