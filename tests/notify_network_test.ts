/**
 * `notify:` pings go out the way the config's fetches do: through its proxy (`origins:` entry, then
 * `defaults.proxy`, then the environment; less the hosts `defaults.noProxy` lists) and trusting its
 * `defaults.caFile`. A run behind a proxy,
 * or behind a TLS-inspecting one whose CA the config names, would otherwise have every ping fail.
 */
import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { main } from "../lib/cli/mod.ts";
import { readHead, writeAll } from "./fixtures/raw_conn.ts";
import { startRouteServer } from "./fixtures/route_server.ts";

const CA_FILE = decodeURIComponent(new URL("./fixtures/tls/ca.pem", import.meta.url).pathname);

/**
 * A forward proxy that answers every plain-http request itself with 200 (as a proxy answers for the
 * server it reaches), recording each request line.
 */
class AnsweringProxy implements AsyncDisposable {
  readonly requestLines: string[] = [];
  /** The answer's status line, given the request's head. */
  readonly #status: (head: string) => string;
  readonly #listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  readonly #serving = new Set<Promise<void>>();
  readonly #accepting: Promise<void>;

  constructor(status: (head: string) => string = () => "200 OK") {
    this.#status = status;
    this.#accepting = this.#accept();
  }

  get url(): string {
    return `http://127.0.0.1:${(this.#listener.addr as Deno.NetAddr).port}`;
  }

  async #accept(): Promise<void> {
    for await (const conn of this.#listener) {
      const serving: Promise<void> = this.#serve(conn).catch(() => {}).finally(() => {
        conn.close();
        this.#serving.delete(serving);
      });
      this.#serving.add(serving);
    }
  }

  async #serve(conn: Deno.Conn): Promise<void> {
    const read = await readHead(conn);
    if (read === null) return;
    this.requestLines.push(read.head.slice(0, read.head.indexOf("\r\n")));
    await writeAll(
      conn,
      `HTTP/1.1 ${this.#status(read.head)}\r\nContent-Length: 2\r\nConnection: close\r\n\r\nOK`,
    );
  }

  async [Symbol.asyncDispose](): Promise<void> {
    this.#listener.close();
    await this.#accepting.catch(() => {});
    await Promise.all([...this.#serving]);
  }
}

/** Runs `corun run` on a config written to a temporary directory, its output captured. */
async function runConfig(yaml: string): Promise<{ code: number; stderr: string }> {
  const dir = await Deno.makeTempDir({ prefix: "corun-notify-network-" });
  try {
    await Deno.writeTextFile(`${dir}/tasks.yaml`, yaml);
    let stderr = "";
    const code = await main(["run", `${dir}/tasks.yaml`, "--quiet"], {
      stdout: { write: () => {} },
      stderr: { write: (text) => void (stderr += text) },
      isTerminal: () => false,
    });
    return { code, stderr };
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("notify pings go through the config's proxy and trust its CA file", async (t) => {
  await t.step("defaults.proxy: the ping is sent to the proxy", async () => {
    await using proxy = new AnsweringProxy();
    // A name that resolves nowhere: only the proxy can deliver the ping.
    const run = await runConfig(
      `outDir: out\nnotify:\n  start: http://hc-ping.invalid/ping/k1/start\n` +
        `  success: http://hc-ping.invalid/ping/k1\n` +
        `defaults: { proxy: "${proxy.url}" }\ntasks:\n  - { name: nap, sleep: 10ms }\n`,
    );
    assertEquals(run.code, 0, run.stderr);
    assertEquals(run.stderr, "");
    assertEquals(proxy.requestLines, [
      "POST http://hc-ping.invalid/ping/k1/start HTTP/1.1",
      "POST http://hc-ping.invalid/ping/k1 HTTP/1.1",
    ]);
  });

  await t.step(
    "a proxy's refusal is named by its standard reason, never by its own text",
    async () => {
      // A proxy that echoes the request's Proxy-Authorization in its reason phrase.
      await using proxy = new AnsweringProxy((head) =>
        `403 Denied for ${/proxy-authorization: ([^\r\n]*)/i.exec(head)?.[1]}`
      );
      const run = await runConfig(
        `outDir: out\nnotify:\n  start: http://hc-ping.invalid/ping/k5/start\n` +
          `defaults: { proxy: "http://alice:s3cret@${proxy.url.slice("http://".length)}" }\n` +
          `tasks:\n  - { name: nap, sleep: 10ms }\n`,
      );
      assertEquals(run.code, 0, run.stderr);
      assertEquals(
        run.stderr,
        "warning: notify start ping to hc-ping.invalid/… failed: answered 403 Forbidden\n",
      );
      assertEquals(proxy.requestLines, ["POST http://hc-ping.invalid/ping/k5/start HTTP/1.1"]);
    },
  );

  await t.step(
    "a ping redirected through a proxy has the proxy's refusal named by its standard reason",
    async () => {
      // The ping's own URL goes direct (noProxy); where it is sent on, the proxy answers.
      await using proxy = new AnsweringProxy((head) =>
        `403 Denied for ${/proxy-authorization: ([^\r\n]*)/i.exec(head)?.[1]}`
      );
      await using receiver = startRouteServer({
        "/ping/k6/start": {
          status: 307,
          headers: { Location: "http://hc-ping.invalid/ping/k6/start" },
        },
      });
      const run = await runConfig(
        `outDir: out\nnotify:\n  start: ${receiver.url("/ping/k6/start")}\n` +
          `defaults: { proxy: "http://alice:s3cret@${proxy.url.slice("http://".length)}", ` +
          `noProxy: "127.0.0.1" }\ntasks:\n  - { name: nap, sleep: 10ms }\n`,
      );
      assertEquals(run.code, 0, run.stderr);
      assertEquals(
        run.stderr,
        `warning: notify start ping to 127.0.0.1:${receiver.port}/… failed: answered 403 Forbidden\n`,
      );
      assertEquals(proxy.requestLines, ["POST http://hc-ping.invalid/ping/k6/start HTTP/1.1"]);
    },
  );

  await t.step("an origins: entry's proxy wins for the ping's origin", async () => {
    await using proxy = new AnsweringProxy();
    const run = await runConfig(
      `outDir: out\nnotify:\n  start: http://hc-ping.invalid/ping/k2/start\n` +
        `origins:\n  "http://hc-ping.invalid": { proxy: "${proxy.url}" }\n` +
        `defaults: { proxy: false }\ntasks:\n  - { name: nap, sleep: 10ms }\n`,
    );
    assertEquals(run.code, 0, run.stderr);
    assertEquals(run.stderr, "");
    assertEquals(proxy.requestLines, ["POST http://hc-ping.invalid/ping/k2/start HTTP/1.1"]);
  });

  await t.step("defaults.noProxy: a receiver it lists is reached directly", async () => {
    await using proxy = new AnsweringProxy();
    await using receiver = startRouteServer({ "/ping/k4/start": { body: "OK" } });
    const run = await runConfig(
      `outDir: out\nnotify:\n  start: ${receiver.url("/ping/k4/start")}\n` +
        `defaults: { proxy: "${proxy.url}", noProxy: "127.0.0.1" }\n` +
        `tasks:\n  - { name: nap, sleep: 10ms }\n`,
    );
    assertEquals(run.code, 0, run.stderr);
    assertEquals(run.stderr, "");
    assertEquals(proxy.requestLines, []);
    assertEquals(receiver.requests.map((request) => request.path), ["/ping/k4/start"]);
  });

  await t.step("defaults.caFile: an https receiver signed by that CA is trusted", async () => {
    await using receiver = startRouteServer({ "/ping/k3/start": { body: "OK" } }, { tls: true });
    const run = await runConfig(
      `outDir: out\nnotify:\n  start: https://localhost:${receiver.port}/ping/k3/start\n` +
        `defaults: { caFile: "${CA_FILE}" }\ntasks:\n  - { name: nap, sleep: 10ms }\n`,
    );
    assertEquals(run.code, 0, run.stderr);
    assertEquals(run.stderr, "");
    assertEquals(receiver.requests.map((request) => request.path), ["/ping/k3/start"]);
  });
});
