/**
 * A success refused by its Content-Length (past `maxBodySize`) fails before its body is read, but
 * its head came: the fetch's metadata line, the run report (`--json`) and the trace say the status
 * the server answered, as they do for a body cut off once it passes the limit.
 */
import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { type AttemptEvent, defineConfig, fetchTask, run } from "../mod.ts";
import { startRouteServer } from "./fixtures/route_server.ts";

Deno.test("a body refused by its Content-Length still records the status that came", async () => {
  await using server = startRouteServer({
    "/large": { body: "x".repeat(5000) },
    "/large-chunked": {
      headers: { "Transfer-Encoding": "chunked" },
      body: `1388\r\n${"x".repeat(5000)}\r\n0\r\n\r\n`,
    },
  });
  const outDir = await Deno.makeTempDir({ prefix: "corun-body-too-large-" });
  const attempts: AttemptEvent[] = [];
  try {
    const report = await run(
      defineConfig({
        outDir,
        defaults: { maxBodySize: "1KiB", retries: 0 },
        tasks: [
          fetchTask("length", server.url("/large")),
          fetchTask("chunked", server.url("/large-chunked")),
        ],
      }),
      { state: false, onAttempt: (event) => attempts.push(event) },
    );
    const lines = (await Deno.readTextFile(`${outDir}/corun.jsonl`)).trim().split("\n")
      .map((line) => JSON.parse(line));
    const byTask = Object.fromEntries(lines.map((line) => [line.task, line]));
    assertEquals(
      [byTask.length.status, byTask.length.error.code],
      [200, "BODY_TOO_LARGE"],
    );
    // Refused by its length or cut off as it came, the same answer says the same status.
    assertEquals(byTask.chunked.status, byTask.length.status);
    const fetched = Object.fromEntries(
      report.tasks.map((task) => [task.name, [task.fetch?.status, task.error?.code]]),
    );
    assertEquals(fetched, {
      length: [200, "BODY_TOO_LARGE"],
      chunked: [200, "BODY_TOO_LARGE"],
    });
    const traced = Object.fromEntries(attempts.map((event) => [event.task, event.status]));
    assertEquals(traced, { length: 200, chunked: 200 });
  } finally {
    await Deno.remove(outDir, { recursive: true });
  }
});

Deno.test("a decoded body past maxBodySize says the limit counts its decoded bytes", async () => {
  const text = "Hello, corun! ".repeat(200);
  const gzip = new Uint8Array(
    await new Response(new Blob([text]).stream().pipeThrough(new CompressionStream("gzip")))
      .arrayBuffer(),
  );
  await using server = startRouteServer({
    "/gz": { headers: { "Content-Encoding": "gzip" }, body: gzip },
    "/plain": {
      headers: { "Transfer-Encoding": "chunked" },
      body: `${text.length.toString(16)}\r\n${text}\r\n0\r\n\r\n`,
    },
  });
  const outDir = await Deno.makeTempDir({ prefix: "corun-body-too-large-" });
  try {
    const report = await run(
      defineConfig({
        outDir,
        defaults: { maxBodySize: "2KiB", retries: 0 },
        tasks: [fetchTask("gz", server.url("/gz")), fetchTask("plain", server.url("/plain"))],
      }),
      { state: false },
    );
    const [gz, plain] = report.tasks.map((task) => task.error?.message);
    assertEquals(
      gz,
      `Cannot read the body of ${server.url("/gz")}: it exceeds maxBodySize (2KiB) once decoded ` +
        `from its Content-Encoding gzip (${gzip.length} bytes received)`,
    );
    // Nothing decoded: the bytes received are the body's.
    assertEquals(
      plain,
      `Cannot read the body of ${server.url("/plain")}: it exceeds maxBodySize (2KiB)`,
    );
  } finally {
    await Deno.remove(outDir, { recursive: true });
  }
});
