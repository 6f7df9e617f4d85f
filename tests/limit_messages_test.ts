/**
 * A limit a fetch reaches is named by the setting that raises it, in the words its user wrote: a
 * config's key and value (`timeout.total (300ms)`, `maxBodySize (1KiB)`), as `corun run` shows
 * them; a `ctx.fetch`'s own options (`timeouts.totalMs (300)`) for the limits the call set; a
 * fetch out of retries says how many it made and the setting.
 */
import { assertEquals, assertStringIncludes } from "npm:deno-std@1.4.0/assert/mod.js";
import { defineConfig, run, task } from "../mod.ts";
import { mainCapturing } from "./fixtures/fake_host.ts";
import { fillBacklog } from "./fixtures/full_backlog.ts";
import { encodeResponse } from "./fixtures/route_server.ts";
import { stall, startScriptedServer, write } from "./fixtures/scripted_server.ts";

/** A server with one route per limit to reach. */
function limitServer() {
  return startScriptedServer({
    routes: {
      "/silent": [stall()],
      "/trickle": [write("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nabc"), stall()],
      "/loop": [write(encodeResponse({ status: 302, headers: { Location: "/loop" } }))],
      "/busy": [write(encodeResponse({ status: 503 }))],
      "/large": [write(encodeResponse({ body: "x".repeat(5000) }))],
      "/large-chunked": [
        write(
          "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1388\r\n" + "x".repeat(5000) +
            "\r\n0\r\n\r\n",
        ),
      ],
      "/large-head": [write(encodeResponse({ headers: { "X-Pad": "p".repeat(5000) } }))],
      "/long-line": [write(encodeResponse({ headers: { "X-Pad": "p".repeat(20_000) } }))],
      "/many-headers": [
        write(encodeResponse({ headers: Array.from({ length: 20 }, () => ["X-A", "1"] as const) })),
      ],
    },
  });
}

Deno.test("corun run names each limit a YAML config's fetch reaches by its key and value", async () => {
  await using server = limitServer();
  using backlog = await fillBacklog();
  const hanging = `http://127.0.0.1:${backlog.port}/`;
  const dir = await Deno.makeTempDir({ prefix: "corun-limits-" });
  try {
    const config = `${dir}/limits.yaml`;
    await Deno.writeTextFile(
      config,
      [
        "outDir: out",
        "metadata: false",
        "defaults:",
        "  retries: 0",
        "tasks:",
        `  - { name: total, fetch: "${server.url("/trickle")}", timeout: { total: 300ms } }`,
        `  - { name: head, fetch: "${server.url("/silent")}", timeout: { headers: 200ms } }`,
        `  - { name: total-head, fetch: "${server.url("/silent")}", timeout: { total: 200ms } }`,
        `  - { name: idle, fetch: "${server.url("/trickle")}", timeout: { idle: 200ms } }`,
        `  - { name: connect, fetch: "${hanging}", timeout: { connect: 200ms } }`,
        `  - { name: connect-total, fetch: "${hanging}", timeout: { connect: 10s, total: 200ms } }`,
        `  - { name: redirects, fetch: "${server.url("/loop")}", maxRedirects: 2 }`,
        `  - { name: body, fetch: "${server.url("/large")}", maxBodySize: 1KiB }`,
        `  - { name: chunked, fetch: "${server.url("/large-chunked")}", maxBodySize: 1KiB }`,
        `  - { name: head-size, fetch: "${server.url("/large-head")}", maxHeaderSize: 4KiB }`,
        `  - { name: line, fetch: "${server.url("/long-line")}" }`,
        `  - { name: fields, fetch: "${server.url("/many-headers")}", maxHeaderCount: 10 }`,
        `  - { name: busy, fetch: "${server.url("/busy")}", retries: 1, backoff: 1ms }`,
      ].join("\n") + "\n",
    );
    const { code, stdout } = await mainCapturing(["run", config, "--json"]);
    assertEquals(code, 1);
    const report = JSON.parse(stdout) as { tasks: { name: string; error?: { message: string } }[] };
    const said = Object.fromEntries(report.tasks.map((t) => [t.name, t.error?.message ?? ""]));
    const expected: Record<string, string> = {
      total: "the whole attempt took more than timeout.total (300ms) while the body was still " +
        "arriving: raise it for a large download; tried once, as retries (0)",
      "total-head": "the whole attempt took more than timeout.total (200ms); tried once",
      head: "no response head within timeout.headers (200ms)",
      idle: "no body bytes for timeout.idle (200ms)",
      connect: "no answer within timeout.connect (200ms)",
      "connect-total": "no answer before timeout.total (200ms) ran out",
      redirects: "stopped after 2 redirects, the most maxRedirects (2) allows",
      body: "Content-Length 5000 exceeds maxBodySize (1KiB)",
      chunked: "it exceeds maxBodySize (1KiB)",
      "head-size": "it exceeds maxHeaderSize (4KiB)",
      line: "a line exceeds 16384 bytes, the longest maxHeaderSize (64KiB) allows",
      fields: "it has more header fields than maxHeaderCount (10)",
      busy: "the server answered 503 Service Unavailable; tried 2 times, as retries (1) allows",
    };
    for (const [name, words] of Object.entries(expected)) assertStringIncludes(said[name], words);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a ctx.fetch names the limits its own options set as it wrote them, the others by the config's keys", async () => {
  await using server = limitServer();
  const outDir = await Deno.makeTempDir({ prefix: "corun-limits-" });
  const said: string[] = [];
  try {
    const report = await run(
      defineConfig({
        outDir,
        metadata: false,
        defaults: { retries: 0, maxBodySize: "1KiB", timeout: { headers: "200ms" } },
        tasks: [
          task("calls", function* (ctx) {
            const calls = [
              () => ctx.fetch(server.url("/trickle"), { timeouts: { totalMs: 300 } }),
              () => ctx.fetch(server.url("/silent"), { timeouts: { totalMs: 60_000 } }),
              () => ctx.fetch(server.url("/large")),
              () => ctx.fetch(server.url("/large"), { maxBodyBytes: 2048 }),
            ];
            for (const call of calls) {
              try {
                yield* call();
              } catch (error) {
                said.push((error as Error).message);
              }
            }
          }),
        ],
      }),
      { state: false },
    );
    assertEquals(report.counts.done, 1);
    assertEquals(said.length, 4);
    assertStringIncludes(said[0], "the whole attempt took more than timeouts.totalMs (300)");
    assertStringIncludes(said[1], "no response head within timeout.headers (200ms)");
    assertStringIncludes(said[2], "Content-Length 5000 exceeds maxBodySize (1KiB)");
    assertStringIncludes(said[3], "Content-Length 5000 exceeds maxBodyBytes (2048)");
  } finally {
    await Deno.remove(outDir, { recursive: true });
  }
});
