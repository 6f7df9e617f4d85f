import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { defineConfig, fetchTask, run } from "../mod.ts";
import { close, startScriptedServer, write } from "./fixtures/scripted_server.ts";

Deno.test("a fetch waiting to retry a broken body lets another task have the network permit", async () => {
  await using server = startScriptedServer({
    routes: {
      "/flaky": [
        [write("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc"), close()],
        [write("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabcdefghij")],
      ],
      "/steady": [write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")],
    },
  });
  const outDir = await Deno.makeTempDir({ prefix: "corun-permit-" });
  try {
    const report = await run(
      defineConfig({
        outDir,
        metadata: false,
        concurrency: 1,
        defaults: { retries: 1, backoff: "1ms" },
        tasks: [
          fetchTask("flaky", server.url("/flaky"), { save: "flaky.txt" }),
          fetchTask("steady", server.url("/steady"), { save: "steady.txt" }),
        ],
      }),
      { state: false },
    );
    assertEquals(report.tasks.map((t) => t.outcome), ["done", "done"]);
    // "steady" ran while "flaky" backed off, not after it.
    assertEquals(server.requests.map((r) => r.path), ["/flaky", "/steady", "/flaky"]);
    assertEquals(await Deno.readTextFile(`${outDir}/flaky.txt`), "abcdefghij");
  } finally {
    await Deno.remove(outDir, { recursive: true });
  }
});

Deno.test("a fetch the client is holding back for a retry lets another task have the network permit", async () => {
  await using server = startScriptedServer({
    routes: {
      "/busy": [
        [write("HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n\r\n")],
        [write("HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nbusy")],
      ],
      "/other": [write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")],
    },
  });
  const outDir = await Deno.makeTempDir({ prefix: "corun-permit-" });
  try {
    const report = await run(
      defineConfig({
        outDir,
        metadata: false,
        concurrency: 1,
        defaults: { retries: 1, backoff: "20ms" },
        tasks: [
          fetchTask("busy", server.url("/busy"), { save: "busy.txt" }),
          fetchTask("other", server.url("/other"), { save: "other.txt" }),
        ],
      }),
      { state: false },
    );
    assertEquals(report.tasks.map((t) => t.outcome), ["done", "done"]);
    // "other" ran while the client waited to retry "busy", not after it.
    assertEquals(server.requests.map((r) => r.path), ["/busy", "/other", "/busy"]);
  } finally {
    await Deno.remove(outDir, { recursive: true });
  }
});
