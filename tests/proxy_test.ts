/**
 * Proxies end to end: a real forward proxy (Debian's tinyproxy, started here on a free port), a
 * tunnelling proxy that records what it was sent (`fixtures/tunnel_proxy.ts`), and scripted proxies
 * that refuse.
 */
import {
  assert,
  assertEquals,
  assertRejects,
  assertStringIncludes,
} from "npm:deno-std@1.4.0/assert/mod.js";
import { decideRetry, DEFAULT_RETRY_SETTINGS } from "../lib/frontier/retry.ts";
import type { HttpClient, RequestOptions } from "../lib/http/mod.ts";
import { NetError, proxyEnvironmentFrom, ProxyError } from "../lib/net/mod.ts";
import { fetchBody, fetchOnce, withClient } from "./fixtures/http_harness.ts";
import { freePort } from "./fixtures/raw_conn.ts";
import { startRouteServer } from "./fixtures/route_server.ts";
import { runDeno } from "./fixtures/run_deno.ts";
import { defineConfig, run } from "../mod.ts";
import { startTinyproxy } from "./fixtures/tinyproxy.ts";
import { TunnelProxy } from "./fixtures/tunnel_proxy.ts";
import {
  close,
  type ScriptedServer,
  stall,
  startScriptedServer,
  testCaCert,
  write,
} from "./fixtures/scripted_server.ts";

const TLS = { caCerts: [testCaCert()] };

/** A proxy that answers every request (a `CONNECT` included) with `answer`, then closes. */
function refusingProxy(answer: string): ScriptedServer {
  return startScriptedServer({ respond: () => [write(answer), close()] });
}

/** The error a fetch fails with. */
async function failure(url: string, options: RequestOptions): Promise<Error> {
  return await assertRejects(() => fetchOnce(url, options));
}

function assertNamesProxyOnly(message: string, proxyPort: number, target: string): void {
  assert(message.includes(`http://127.0.0.1:${proxyPort}`), message);
  assert(message.includes(target), message);
  assert(!message.includes("s3cret") && !message.includes("alice"), message);
}

// ---------------------------------------------------------------------------------------------
// A real forward proxy.

Deno.test("through tinyproxy: http in absolute form, https in a CONNECT tunnel with the target's certificate checked", async () => {
  await using plain = startRouteServer({ "/plain": { body: "plain body" } });
  await using secure = startRouteServer({ "/secure": { body: "secure body" } }, { tls: true });
  const tinyproxy = await startTinyproxy([secure.port], ["LogLevel Info", "MaxClients 20"]);
  if (!tinyproxy) return;
  try {
    const options = { ...TLS, proxy: tinyproxy.url };
    const [http, https] = await withClient(function* (client: HttpClient) {
      const http = yield* fetchBody(client, plain.url("/plain?q=1"), options);
      // localhost: the certificate's name, which only the tunnel's TLS can check.
      const https = yield* fetchBody(client, `https://localhost:${secure.port}/secure`, options);
      return [http, https];
    });
    assertEquals([http.response.status, http.text], [200, "plain body"]);
    assertEquals([https.response.status, https.text], [200, "secure body"]);
    // tinyproxy adds Via to what it forwards: the request went through it.
    assertEquals(plain.requests.length, 1);
    assertEquals(plain.requests[0].path, "/plain?q=1");
    assert(/tinyproxy/i.test(plain.requests[0].headers.get("via") ?? ""), plain.requests[0].head);
    assertEquals(secure.requests.map((request) => request.path), ["/secure"]);
    assertEquals(secure.requests[0].headers.get("host"), `localhost:${secure.port}`);
    const log = await tinyproxy.log();
    assert(log.includes(`CONNECT localhost:${secure.port}`), log);
  } finally {
    await tinyproxy.stop();
  }
});

// ---------------------------------------------------------------------------------------------
// Credentials go to the proxy only.

Deno.test("credentials in the proxy URL go to the proxy as Basic, never to the target", async (t) => {
  const credentials = "alice:s3cret";
  const expected = "Basic " + btoa("alice:s3cret");
  await t.step("https: on the CONNECT, not inside the tunnel", async () => {
    await using target = startRouteServer({ "/": { body: "ok" } }, { tls: true });
    await using proxy = new TunnelProxy();
    const fetched = await fetchOnce(target.url(), { ...TLS, proxy: proxy.url(credentials) });
    assertEquals(fetched.text, "ok");
    assertEquals(proxy.heads.length, 1);
    assert(proxy.heads[0].startsWith(`CONNECT 127.0.0.1:${target.port} HTTP/1.1\r\n`));
    assert(proxy.heads[0].includes(`Host: 127.0.0.1:${target.port}\r\n`), proxy.heads[0]);
    assert(proxy.heads[0].includes(`Proxy-Authorization: ${expected}\r\n`), proxy.heads[0]);
    assertEquals(target.requests.length, 1);
    assert(!/proxy-authorization/i.test(target.requests[0].head), target.requests[0].head);
  });
  await t.step("http: on the absolute-form request, which the proxy strips", async () => {
    await using target = startRouteServer({ "/a": { body: "ok" } });
    await using proxy = new TunnelProxy();
    const fetched = await fetchOnce(target.url("/a?b=c"), { proxy: proxy.url(credentials) });
    assertEquals(fetched.text, "ok");
    assert(
      proxy.heads[0].startsWith(`GET http://127.0.0.1:${target.port}/a?b=c HTTP/1.1\r\n`),
      proxy.heads[0],
    );
    assert(proxy.heads[0].includes(`Proxy-Authorization: ${expected}\r\n`), proxy.heads[0]);
    assert(proxy.heads[0].includes(`Host: 127.0.0.1:${target.port}\r\n`), proxy.heads[0]);
    assertEquals(target.requests.length, 1);
  });
  await t.step(
    "a redirect to another origin keeps them (they are the proxy's, as curl keeps them)",
    async () => {
      await using second = startRouteServer({ "/there": { body: "arrived" } });
      await using first = startRouteServer({
        "/": { status: 302, headers: { Location: second.url("/there") } },
      });
      await using proxy = new TunnelProxy();
      const fetched = await fetchOnce(first.url(), { proxy: proxy.url(credentials) });
      assertEquals([fetched.text, fetched.response.redirects], ["arrived", 1]);
      assertEquals(proxy.heads.length, 2);
      for (const head of proxy.heads) {
        assert(head.includes(`Proxy-Authorization: ${expected}\r\n`), head);
      }
      assert(proxy.heads[1].startsWith(`GET ${second.url("/there")} HTTP/1.1`), proxy.heads[1]);
    },
  );
  await t.step("no credentials, no Proxy-Authorization", async () => {
    await using target = startRouteServer({ "/": { body: "ok" } }, { tls: true });
    await using proxy = new TunnelProxy();
    await fetchOnce(target.url(), { ...TLS, proxy: proxy.url() });
    assert(!/proxy-authorization/i.test(proxy.heads[0]), proxy.heads[0]);
  });
  await t.step("a caller cannot set Proxy-Authorization itself", async () => {
    await using target = startRouteServer({ "/": { body: "ok" } }, { tls: true });
    await assertRejects(
      () => fetchOnce({ url: target.url(), headers: { "Proxy-Authorization": "Basic x" } }, TLS),
      TypeError,
      "Proxy-Authorization",
    );
    assertEquals(target.connectionCount, 0);
  });
});

Deno.test("the tunnel's TLS checks the certificate against the target's name, not the proxy's", async () => {
  await using target = startRouteServer({ "/": { body: "ok" } }, { tls: true });
  await using proxy = new TunnelProxy();
  // The proxy tunnels wrong.invalid to the same server, whose certificate does not name it.
  const error = await failure(`https://wrong.invalid:${target.port}/`, {
    ...TLS,
    proxy: proxy.url(),
  });
  assert(error instanceof NetError && error.code === "TLS_FAILED", String(error));
  assert(
    error.message.includes(`wrong.invalid:${target.port} via proxy ${proxy.url()}`),
    error.message,
  );
  assertEquals(proxy.heads.length, 1);
  assert(proxy.heads[0].startsWith(`CONNECT wrong.invalid:${target.port} `), proxy.heads[0]);
  assertEquals(target.requests.length, 0);
});

// ---------------------------------------------------------------------------------------------
// A proxy that refuses is an error naming it, never a direct connection.

Deno.test("a proxy that refuses CONNECT is a ProxyError naming the proxy, with no direct connection", async (t) => {
  const cases: [string, string, string, number | undefined][] = [
    [
      "407 without credentials",
      'HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="x"\r\nContent-Length: 0\r\n\r\n',
      "PROXY_AUTH_REQUIRED",
      407,
    ],
    ["403", "HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n", "PROXY_REFUSED", 403],
    ["502", "HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n", "PROXY_TUNNEL_FAILED", 502],
    // A proxy limiting its clients' rate: asked again later (retryable), not refused for good.
    [
      "429",
      "HTTP/1.1 429 Too Many Requests\r\nRetry-After: 1\r\nContent-Length: 0\r\n\r\n",
      "PROXY_TUNNEL_FAILED",
      429,
    ],
    ["not HTTP", "SSH-2.0-OpenSSH\r\n\r\n", "PROXY_REFUSED", undefined],
    ["closed before answering", "", "PROXY_CLOSED", undefined],
    [
      "closed the tunnel after 200",
      "HTTP/1.1 200 Connection established\r\n\r\n",
      "PROXY_CLOSED",
      undefined,
    ],
  ];
  for (const [name, answer, code, status] of cases) {
    await t.step(name, async () => {
      await using target = startRouteServer({ "/": { body: "direct" } }, { tls: true });
      await using proxy = refusingProxy(answer);
      const error = await failure(target.url(), {
        ...TLS,
        proxy: `http://127.0.0.1:${proxy.port}`,
      });
      if (!(error instanceof ProxyError)) throw error;
      assertEquals([error.code, error.status], [code, status]);
      assertEquals(error.proxy, `http://127.0.0.1:${proxy.port}`);
      assertNamesProxyOnly(error.message, proxy.port, `127.0.0.1:${target.port}`);
      assertEquals(proxy.requests.map((request) => request.method), ["CONNECT"]);
      assertEquals(target.connectionCount, 0);
    });
  }
});

Deno.test("a refusal names its status by the standard reason, never by the proxy's own text", async (t) => {
  await using target = startRouteServer({ "/": { body: "direct" } }, { tls: true });
  // A proxy that reflects the request's Proxy-Authorization in its reason phrase; control
  // characters; a status with no standard reason.
  const answers: [string, string][] = [
    [
      "407 Proxy-Authorization: Basic cHVzZXI6UFJPWFlQQVNT",
      "it answered 407 Proxy Authentication Required: the proxy requires credentials",
    ],
    ["403 \x1b[31mNo\x7f", "it answered 403 Forbidden"],
    ["499 Client Closed cHVzZXI6UFJPWFlQQVNT", "it answered 499"],
  ];
  for (const [status, said] of answers) {
    await t.step(status, async () => {
      await using proxy = refusingProxy(`HTTP/1.1 ${status}\r\nContent-Length: 0\r\n\r\n`);
      const error = await failure(target.url(), {
        ...TLS,
        proxy: `http://127.0.0.1:${proxy.port}`,
      });
      assert(error instanceof ProxyError, String(error));
      assert(error.message.includes(said), error.message);
      assert(!/cHVzZXI6|No|Closed/.test(error.message), error.message);
    });
  }
});

Deno.test("an answer to CONNECT that is not HTTP is told by its length, never quoted (it may echo the credentials)", async () => {
  await using target = startRouteServer({ "/": { body: "direct" } }, { tls: true });
  const credentials = btoa("alice:s3cret");
  const answer = `Proxy-Authorization: Basic ${credentials}\r\n\r\n`;
  await using proxy = refusingProxy(answer);
  const error = await failure(target.url(), {
    ...TLS,
    proxy: `http://alice:s3cret@127.0.0.1:${proxy.port}`,
  });
  assert(error instanceof ProxyError && error.code === "PROXY_REFUSED", String(error));
  assert(error.message.endsWith(`the answer is not HTTP (${answer.length} bytes)`), error.message);
  assert(!error.message.includes(credentials), error.message);
  assertNamesProxyOnly(error.message, proxy.port, `127.0.0.1:${target.port}`);
  assertEquals(target.connectionCount, 0);
});

Deno.test("an answer head to CONNECT past 16 KiB is refused, saying the limit is fixed", async () => {
  await using target = startRouteServer({ "/": { body: "direct" } }, { tls: true });
  await using proxy = refusingProxy(`HTTP/1.1 200 OK\r\nX-Pad: ${"x".repeat(20_000)}\r\n\r\n`);
  const error = await failure(target.url(), { ...TLS, proxy: `http://127.0.0.1:${proxy.port}` });
  assert(error instanceof ProxyError && error.code === "PROXY_REFUSED", String(error));
  assert(
    error.message.endsWith(
      "the answer head exceeds 16384 bytes, a fixed limit (a proxy's answer to CONNECT is a few " +
        "short lines)",
    ),
    error.message,
  );
  assertEquals(target.connectionCount, 0);
});

Deno.test("a 407 to given credentials says they were refused, and never shows them", async () => {
  await using target = startRouteServer({ "/": { body: "direct" } }, { tls: true });
  await using proxy = refusingProxy(
    "HTTP/1.1 407 Proxy Authentication Required\r\nContent-Length: 0\r\n\r\n",
  );
  const error = await failure(target.url(), {
    ...TLS,
    proxy: `http://alice:s3cret@127.0.0.1:${proxy.port}`,
  });
  assert(error instanceof ProxyError && error.code === "PROXY_AUTH_REQUIRED", String(error));
  assert(error.message.includes("refused the credentials"), error.message);
  assertNamesProxyOnly(error.message, proxy.port, `127.0.0.1:${target.port}`);
  assertEquals(target.connectionCount, 0);
});

Deno.test("a 407 to a plain-http request through a proxy is PROXY_AUTH_REQUIRED, saying as to CONNECT whether credentials were given", async () => {
  await using target = startRouteServer({ "/": { body: "direct" } });
  await using proxy = refusingProxy(
    "HTTP/1.1 407 Proxy Authentication Required\r\nContent-Length: 0\r\n\r\n",
  );
  const error = await failure(target.url(), {
    proxy: `http://alice:s3cret@127.0.0.1:${proxy.port}`,
  });
  assert(error instanceof ProxyError && error.code === "PROXY_AUTH_REQUIRED", String(error));
  assertNamesProxyOnly(error.message, proxy.port, `127.0.0.1:${target.port}`);
  assert(
    error.message.endsWith("the proxy refused the credentials given in its URL"),
    error.message,
  );
  assertEquals(proxy.requests[0].path, target.url());
  const without = await failure(target.url(), { proxy: `http://127.0.0.1:${proxy.port}` });
  assert(
    without.message.endsWith(
      "the proxy requires credentials (give them in its URL: http://user:password@host:port)",
    ),
    without.message,
  );
  assertEquals(target.connectionCount, 0);
});

Deno.test("an unreachable proxy is PROXY_CONNECT_FAILED, for http and https targets alike", async () => {
  await using plain = startRouteServer({ "/": { body: "direct" } });
  await using secure = startRouteServer({ "/": { body: "direct" } }, { tls: true });
  const port = freePort();
  for (const target of [plain, secure]) {
    const error = await failure(target.url(), {
      ...TLS,
      proxy: `http://alice:s3cret@127.0.0.1:${port}`,
    });
    assert(error instanceof ProxyError && error.code === "PROXY_CONNECT_FAILED", String(error));
    assertNamesProxyOnly(error.message, port, `127.0.0.1:${target.port}`);
    assertEquals(target.connectionCount, 0);
  }
});

Deno.test("a proxy that never answers CONNECT fails within the connect deadline", async () => {
  await using target = startRouteServer({ "/": { body: "direct" } }, { tls: true });
  await using proxy = startScriptedServer({ respond: () => [stall()] });
  const error = await failure(target.url(), {
    ...TLS,
    proxy: `http://127.0.0.1:${proxy.port}`,
    timeouts: { connectMs: 200, tlsMs: 60_000 },
  });
  assert(error instanceof NetError && error.code === "TIMEOUT_CONNECT", String(error));
  assert(error.message.includes("no answer within timeouts.connectMs (200)"), error.message);
  assertNamesProxyOnly(error.message, proxy.port, `127.0.0.1:${target.port}`);
  assertEquals(target.connectionCount, 0);
});

Deno.test("a proxy URL that is not http:// is a TypeError naming the setting without credentials", async () => {
  await using target = startRouteServer({ "/": { body: "direct" } });
  const origin = new URL(target.url()).origin;
  for (
    const [options, where] of [
      [{ proxy: "socks5://alice:s3cret@127.0.0.1:1080" }, "the proxy setting"],
      [
        { originProxies: { [origin]: "https://alice:s3cret@127.0.0.1:1" } },
        `originProxies["${origin}"]`,
      ],
    ] as [RequestOptions, string][]
  ) {
    const error = await failure(target.url(), options);
    assert(error instanceof TypeError, String(error));
    assert(error.message.includes("only http:// proxy URLs are supported"), error.message);
    assert(error.message.includes(where), error.message);
    assert(!error.message.includes("s3cret") && !error.message.includes("alice"), error.message);
  }
  assertEquals(target.connectionCount, 0);
});

Deno.test("the frontier retries an unreachable or failing proxy like a connect error, never a refusal", () => {
  const decide = (code: string, method = "POST") =>
    decideRetry({ kind: "error", code }, {
      method,
      attempt: 0,
      settings: DEFAULT_RETRY_SETTINGS,
      nowMs: 0,
      random: () => 0,
    }).retry;
  for (const code of ["PROXY_CONNECT_FAILED", "PROXY_CLOSED", "PROXY_TUNNEL_FAILED"]) {
    assert(decide(code), code);
  }
  for (const code of ["PROXY_AUTH_REQUIRED", "PROXY_REFUSED", "PROXY_NOT_FOUND"]) {
    assert(!decide(code, "GET"), code);
  }
});

Deno.test("a proxy's 503 or 429 to CONNECT with Retry-After is waited for, up to maxBackoff, as a server's", async (t) => {
  for (
    const [name, status, retryAfter, maxBackoff, waits] of [
      ["503 Retry-After: 7", "503 Service Unavailable", "7", "60s", [7000, 7000]],
      ["429 Retry-After: 7, maxBackoff 2s", "429 Too Many Requests", "7", "2s", [2000, 2000]],
      [
        "503 Retry-After as a date 9s past the proxy's Date",
        "503 Service Unavailable",
        "Sun, 06 Nov 1994 08:49:46 GMT\r\nDate: Sun, 06 Nov 1994 08:49:37 GMT",
        "60s",
        [9000, 9000],
      ],
    ] as const
  ) {
    await t.step(name, async () => {
      await using proxy = startScriptedServer({
        respond: () => [
          write(`HTTP/1.1 ${status}\r\nRetry-After: ${retryAfter}\r\nContent-Length: 0\r\n\r\n`),
          close(),
        ],
      });
      const outDir = await Deno.makeTempDir({ prefix: "corun-proxy-retry-after-" });
      const retries: number[] = [];
      try {
        const report = await run(
          defineConfig({
            outDir,
            metadata: false,
            defaults: { retries: 2, backoff: "1ms", maxBackoff },
            tasks: [{
              name: "a",
              fetch: "https://127.0.0.1:9/a",
              proxy: `http://127.0.0.1:${proxy.port}`,
            }],
          }),
          {
            state: false,
            virtualTime: true,
            onEvent: (event) => {
              if (event.type === "retry") retries.push(event.delayMs);
            },
          },
        );
        assertEquals(report.tasks[0].error?.code, "PROXY_TUNNEL_FAILED");
        assertEquals(retries, [...waits]);
        assertEquals(proxy.requests.length, 3);
      } finally {
        await Deno.remove(outDir, { recursive: true });
      }
    });
  }
});

// ---------------------------------------------------------------------------------------------
// Which proxy a request uses.

Deno.test("proxy: false goes direct whatever the environment says; originProxies wins over proxy", async (t) => {
  await using target = startRouteServer({ "/": { body: "ok" } });
  await using refusing = refusingProxy("HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n");
  await using proxy = new TunnelProxy();
  const origin = new URL(target.url()).origin;
  const env: Record<string, string> = { http_proxy: `http://127.0.0.1:${refusing.port}` };
  const client = { proxyEnvironment: proxyEnvironmentFrom((name) => env[name]) };
  await t.step("the environment's proxy applies when the options give none", async () => {
    const fetched = await fetchOnce(target.url(), {}, { client });
    assertEquals(fetched.response.status, 403);
    assertEquals(refusing.requests.length, 1);
  });
  await t.step("proxy: false", async () => {
    const fetched = await fetchOnce(target.url(), { proxy: false }, { client });
    assertEquals(fetched.text, "ok");
    assertEquals(refusing.requests.length, 1);
  });
  await t.step("originProxies: false over a proxy", async () => {
    const options = { proxy: proxy.url(), originProxies: { [origin]: false as const } };
    const fetched = await fetchOnce(target.url(), options, { client });
    assertEquals(fetched.text, "ok");
    assertEquals(proxy.heads.length, 0);
  });
  await t.step("originProxies: a proxy over proxy: false", async () => {
    const options = { proxy: false as const, originProxies: { [origin]: proxy.url() } };
    const fetched = await fetchOnce(target.url(), options, { client });
    assertEquals(fetched.text, "ok");
    assertEquals(proxy.heads.length, 1);
    assertEquals(refusing.requests.length, 1);
  });
  await t.step("another origin's entry does not apply", async () => {
    const options = { originProxies: { "http://127.0.0.1:1": false as const } };
    const fetched = await fetchOnce(target.url(), options, { client });
    assertEquals(fetched.response.status, 403);
  });
});

Deno.test("the process's https_proxy and NO_PROXY are read, lower case first", async () => {
  await using target = startRouteServer({ "/": { body: "ok" } }, { tls: true });
  await using proxy = new TunnelProxy();
  const names = ["https_proxy", "HTTPS_PROXY", "no_proxy", "NO_PROXY", "all_proxy", "ALL_PROXY"];
  const saved = new Map(names.map((name) => [name, Deno.env.get(name)]));
  try {
    for (const name of names) Deno.env.delete(name);
    Deno.env.set("https_proxy", proxy.url());
    Deno.env.set("HTTPS_PROXY", "http://127.0.0.1:1");
    await fetchOnce(target.url(), TLS);
    assertEquals(proxy.heads.length, 1);
    Deno.env.set("NO_PROXY", "localhost, 127.0.0.0/8");
    const direct = await fetchOnce(target.url(), TLS);
    assertEquals([direct.text, proxy.heads.length, target.requests.length], ["ok", 1, 2]);
  } finally {
    for (const [name, value] of saved) {
      if (value === undefined) Deno.env.delete(name);
      else Deno.env.set(name, value);
    }
  }
});

Deno.test("a proxy from a variable is named with that variable in errors, never with its credentials", async (t) => {
  const environment = (name: string, port: number) =>
    proxyEnvironmentFrom((asked) =>
      asked === name ? `http://alice:s3cret@127.0.0.1:${port}` : undefined
    );
  await t.step("a refused CONNECT", async () => {
    await using proxy = refusingProxy("HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n");
    const error = await assertRejects(() =>
      fetchOnce("https://127.0.0.1:9/a", TLS, {
        client: { proxyEnvironment: environment("HTTPS_PROXY", proxy.port) },
      })
    );
    assert(error instanceof ProxyError, String(error));
    assertEquals(error.proxy, `http://127.0.0.1:${proxy.port}`);
    assertEquals(
      error.message,
      `Cannot open a tunnel to 127.0.0.1:9 through proxy http://127.0.0.1:${proxy.port} (from ` +
        "HTTPS_PROXY): it answered 403 Forbidden",
    );
  });
  await t.step("an unreachable proxy", async () => {
    const port = await freePort();
    const error = await assertRejects(() =>
      fetchOnce("http://127.0.0.1:9/a", {}, {
        client: { proxyEnvironment: environment("all_proxy", port) },
      })
    );
    assertStringIncludes(
      String(error),
      `Cannot connect to proxy http://127.0.0.1:${port} (from all_proxy) (for 127.0.0.1:9)`,
    );
    assert(!/alice|s3cret/.test(String(error)), String(error));
  });
  await t.step("a plain-http fetch's status error", async () => {
    await using proxy = refusingProxy(
      "HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n",
    );
    const outDir = await Deno.makeTempDir({ prefix: "corun-proxy-variable-" });
    const saved = Deno.env.get("http_proxy");
    Deno.env.set("http_proxy", `http://alice:s3cret@127.0.0.1:${proxy.port}`);
    try {
      const report = await run(
        defineConfig({
          outDir,
          metadata: false,
          defaults: { retries: 0 },
          tasks: [{ name: "a", fetch: "http://127.0.0.1:9/a" }],
        }),
        { state: false },
      );
      assertEquals(
        report.tasks[0].error?.message,
        "Cannot fetch http://127.0.0.1:9/a: the server answered 502 Bad Gateway (through proxy " +
          `http://127.0.0.1:${proxy.port} (from http_proxy)); tried once, as retries (0) allows`,
      );
    } finally {
      if (saved === undefined) Deno.env.delete("http_proxy");
      else Deno.env.set("http_proxy", saved);
      await Deno.remove(outDir, { recursive: true });
    }
  });
});

Deno.test("a redirect to another origin chooses its proxy again", async () => {
  await using second = startRouteServer({ "/there": { body: "arrived" } });
  await using first = startRouteServer({
    "/": { status: 302, headers: { Location: second.url("/there") } },
  });
  await using proxy = new TunnelProxy();
  const options = {
    proxy: false as const,
    originProxies: { [new URL(second.url()).origin]: proxy.url() },
  };
  const fetched = await fetchOnce(first.url(), options);
  assertEquals([fetched.text, fetched.response.redirects], ["arrived", 1]);
  assertEquals(first.requests.length, 1);
  assertEquals(proxy.heads.length, 1);
  assert(proxy.heads[0].startsWith(`GET ${second.url("/there")} HTTP/1.1`), proxy.heads[0]);
});

Deno.test("direct and proxied connections to one origin, or two proxies, never share a connection", async () => {
  await using target = startRouteServer({ "/": { body: "ok" } }, { tls: true });
  await using one = new TunnelProxy();
  await using two = new TunnelProxy();
  const reused = await withClient(function* (client: HttpClient) {
    const flags: boolean[] = [];
    const proxies: (string | false)[] = [
      false,
      one.url(),
      one.url(),
      two.url(),
      one.url("alice:s3cret"),
      false,
    ];
    for (const proxy of proxies) {
      const fetched = yield* fetchBody(client, target.url(), { ...TLS, proxy });
      flags.push(fetched.response.reusedConnection);
    }
    return flags;
  });
  assertEquals(reused, [false, false, true, false, false, true]);
  assertEquals([one.heads.length, two.heads.length], [2, 1]);
  assertEquals(target.connectionCount, 4);
});

Deno.test("without --allow-env the proxy variables are unset: no crash, no prompt, a direct connection", async () => {
  await using target = startRouteServer({ "/": { body: "ok" } });
  const dir = await Deno.makeTempDir({ prefix: "corun-proxy-env-" });
  try {
    const lib = new URL("../lib/", import.meta.url).href;
    const script = `${dir}/fetch.ts`;
    await Deno.writeTextFile(
      script,
      `import { HttpClient } from "${lib}http/mod.ts";
import { runOperation } from "${lib}loop/mod.ts";
const client = new HttpClient();
try {
  const status = await runOperation(function* () {
    const response = yield* client.request({ url: Deno.args[0] });
    response.body.close();
    return response.status;
  }());
  console.log(status);
} catch (error) {
  console.log((error as { code?: string }).code);
} finally {
  client.close();
}
`,
    );
    // An http_proxy nobody listens on: used only when the run may read it.
    const env = { NO_COLOR: "1", http_proxy: `http://127.0.0.1:${freePort()}` };
    const run = async (permissions: string[]) => {
      const { code, stdout, stderr } = await runDeno(
        ["run", "--no-prompt", ...permissions, script, target.url()],
        { cwd: dir, env, stdin: "" },
      );
      assertEquals(code, 0, stderr);
      return stdout.trim();
    };
    assertEquals(await run(["--allow-read", "--allow-net=127.0.0.1"]), "200");
    assertEquals(target.requests.length, 1);
    assertEquals(
      await run(["--allow-read", "--allow-net=127.0.0.1", "--allow-env"]),
      "PROXY_CONNECT_FAILED",
    );
    assertEquals(target.requests.length, 1);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a proxy that answers a plain-http request with something that is not HTTP is a ProxyError naming the proxy", async () => {
  await using target = startRouteServer({ "/": { body: "direct" } });
  await using proxy = refusingProxy("SSH-2.0-OpenSSH_9.6\r\n\r\n");
  const error = await failure(target.url(), {
    proxy: `http://alice:s3cret@127.0.0.1:${proxy.port}`,
  });
  if (!(error instanceof ProxyError)) throw error;
  assertEquals([error.code, error.proxy], ["PROXY_REFUSED", `http://127.0.0.1:${proxy.port}`]);
  assertEquals(
    error.message,
    `Cannot fetch ${target.url()} through proxy http://127.0.0.1:${proxy.port}: the proxy's ` +
      'answer is not HTTP (cannot parse response head: status line "SSH-2.0-OpenSSH_9.6" is not ' +
      '"HTTP/1.x NNN reason")',
  );
  assertNamesProxyOnly(error.message, proxy.port, `127.0.0.1:${target.port}`);
  assertEquals(target.connectionCount, 0);
});

Deno.test("a plain-http fetch through a proxy that goes silent or closes, before its head or mid-body, names the proxy, all it reached", async (t) => {
  await using target = startRouteServer({ "/": { body: "direct" } });
  await t.step("no head within timeouts.headersMs", async () => {
    await using proxy = startScriptedServer({ respond: () => [stall()] });
    const error = await failure(target.url(), {
      proxy: `http://alice:s3cret@127.0.0.1:${proxy.port}`,
      timeouts: { headersMs: 200 },
    });
    assertEquals(
      error.message,
      `Cannot fetch ${target.url()} through proxy http://127.0.0.1:${proxy.port}: no response ` +
        "head within timeouts.headersMs (200)",
    );
  });
  await t.step("closed before a head", async () => {
    await using proxy = startScriptedServer({ respond: () => [close()] });
    const error = await failure(target.url(), {
      proxy: `http://alice:s3cret@127.0.0.1:${proxy.port}`,
    });
    assertNamesProxyOnly(error.message, proxy.port, target.url());
    assert(error.message.includes(" through proxy "), error.message);
  });
  await t.step("closed mid-body", async () => {
    await using proxy = startScriptedServer({
      respond: () => [write("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nabc"), close()],
    });
    const error = await failure(target.url(), {
      proxy: `http://alice:s3cret@127.0.0.1:${proxy.port}`,
    });
    assertEquals(
      error.message,
      `Cannot read the body of ${target.url()} through proxy http://127.0.0.1:${proxy.port}: ` +
        "the connection closed early (Content-Length promised 100 bytes, got 3)",
    );
  });
  await t.step("silent mid-body past timeouts.idleMs", async () => {
    await using proxy = startScriptedServer({
      respond: () => [write("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nabc"), stall()],
    });
    const error = await failure(target.url(), {
      proxy: `http://alice:s3cret@127.0.0.1:${proxy.port}`,
      timeouts: { idleMs: 200 },
    });
    assertNamesProxyOnly(error.message, proxy.port, target.url());
    assert(
      error.message.startsWith(
        `Cannot read the body of ${target.url()} through proxy http://127.0.0.1:${proxy.port}: `,
      ),
      error.message,
    );
  });
  assertEquals(target.connectionCount, 0);
});

Deno.test("a POST whose kept-alive connection to a proxy closed fails naming the proxy, not sent again", async () => {
  const target = "http://origin.invalid/form";
  // The proxy answers a GET and keeps the connection, then closes it on reading the POST.
  let requests = 0;
  await using proxy = startScriptedServer({
    respond: () =>
      requests++ === 0 ? [write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")] : [close()],
  });
  const error = await assertRejects(() =>
    withClient(function* (client: HttpClient) {
      const options = { proxy: `http://alice:s3cret@127.0.0.1:${proxy.port}` };
      yield* fetchBody(client, target, options);
      const body = { kind: "bytes" as const, bytes: new TextEncoder().encode("once") };
      return yield* fetchBody(client, { url: target, method: "POST", body }, options);
    })
  );
  assertNamesProxyOnly(error.message, proxy.port, target);
  assert(error.message.includes(`${target} through proxy `), error.message);
  assertEquals(proxy.requests.map((request) => request.method), ["GET", "POST"]);
});

Deno.test("a status error through a proxy names the status by its standard reason, never by the proxy's text (it may echo the credentials)", async () => {
  // A proxy that reflects the request's Proxy-Authorization in its reason phrase.
  await using proxy = startScriptedServer({
    respond: (request) => [
      write(
        `HTTP/1.1 403 Denied for ${request.headers.get("proxy-authorization")}\r\n` +
          "Content-Length: 0\r\n\r\n",
      ),
      close(),
    ],
  });
  const outDir = await Deno.makeTempDir({ prefix: "corun-proxy-reason-" });
  try {
    const report = await run(
      defineConfig({
        outDir,
        metadata: false,
        tasks: [{
          name: "a",
          fetch: "http://127.0.0.1:9/a",
          proxy: `http://alice:s3cret@127.0.0.1:${proxy.port}`,
        }],
      }),
      { state: false },
    );
    assertEquals(
      proxy.requests[0].headers.get("proxy-authorization"),
      `Basic ${btoa("alice:s3cret")}`,
    );
    assertEquals(
      report.tasks[0].error?.message,
      "Cannot fetch http://127.0.0.1:9/a: the server answered 403 Forbidden (through proxy " +
        `http://127.0.0.1:${proxy.port})`,
    );
  } finally {
    await Deno.remove(outDir, { recursive: true });
  }
});

Deno.test("a status error of a plain-http fetch through a proxy names the proxy (its 401 looks like the server's); a direct one does not", async () => {
  await using proxy = refusingProxy(
    'HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Basic realm="Tinyproxy"\r\n' +
      "Content-Length: 0\r\n\r\n",
  );
  await using direct = startRouteServer({ "/d": { status: 401, body: "" } });
  const outDir = await Deno.makeTempDir({ prefix: "corun-proxy-status-" });
  try {
    const report = await run(
      defineConfig({
        outDir,
        metadata: false,
        defaults: { retries: 0 },
        tasks: [
          {
            name: "proxied",
            fetch: "http://127.0.0.1:9/p",
            proxy: `http://alice:s3cret@127.0.0.1:${proxy.port}`,
          },
          { name: "direct", fetch: direct.url("/d"), proxy: false },
        ],
      }),
      { state: false },
    );
    assertEquals(report.tasks.map((task) => task.error?.message), [
      "Cannot fetch http://127.0.0.1:9/p: the server answered 401 Unauthorized (through proxy " +
      `http://127.0.0.1:${proxy.port})`,
      `Cannot fetch ${direct.url("/d")}: the server answered 401 Status`,
    ]);
  } finally {
    await Deno.remove(outDir, { recursive: true });
  }
});
