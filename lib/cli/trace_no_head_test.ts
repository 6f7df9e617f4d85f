/**
 * `corun run --trace`: an attempt that ends before its response head (a headers timeout, a TLS
 * handshake that fails, Ctrl-C) has the phases it reached, the last one up to its end, as the report shows.
 */
import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { validateConfig } from "../config/mod.ts";
import { run } from "../tasks/mod.ts";
import { createFakeWorld, type FakeWorld } from "../../tests/fixtures/fake_host.ts";
import { stall, startScriptedServer } from "../../tests/fixtures/scripted_server.ts";
import { EXIT_CODES } from "./exit_codes.ts";
import { main } from "./main.ts";
import { readTrace, type ReportAttempt } from "./report_data.ts";

/**
 * Runs one fetch of `url` traced, without retries, in a world `onWorld` is handed: its one attempt
 * as the report reads it.
 */
async function tracedAttempt(
  url: string,
  timeout: Record<string, string>,
  exitCode: number = EXIT_CODES.taskFailed,
  onWorld: (world: FakeWorld) => void = () => {},
): Promise<ReportAttempt> {
  const outDir = await Deno.makeTempDir({ prefix: "corun-trace-no-head-" });
  try {
    const config = validateConfig({
      defaults: { retries: 0, timeout },
      tasks: [{ name: "single", fetch: url, save: "x.txt" }],
    }, "tasks.yaml");
    const world = createFakeWorld({ configs: { "tasks.yaml": config }, run });
    onWorld(world);
    const trace = `${outDir}/trace.json`;
    const args = ["run", "tasks.yaml", "--out", outDir, "--trace", trace, "--json"];
    assertEquals(await main(args, world.host), exitCode, world.stderr());
    const data = readTrace(await Deno.readTextFile(trace), trace);
    assertEquals(data.attempts.length, 1);
    return data.attempts[0];
  } finally {
    await Deno.remove(outDir, { recursive: true });
  }
}

Deno.test("run --trace: an attempt whose head never came has its connect, and its head up to the end", async () => {
  await using server = startScriptedServer({ routes: { "/slow": [stall()] } });
  const attempt = await tracedAttempt(server.url("/slow"), { headers: "200ms" });
  assertEquals(attempt.error?.code, "TIMEOUT_HEADERS");
  assertEquals(attempt.phases.map((phase) => phase.name), ["connect", "head"]);
  const [connect, head] = attempt.phases;
  assertEquals(connect.startMs >= attempt.startMs && connect.endMs <= head.startMs, true);
  assertEquals(head.endMs, attempt.endMs);
});

Deno.test("run --trace: an attempt whose TLS handshake failed has its connect, and its tls up to the end", async () => {
  // Its certificate is signed by a CA the run does not trust.
  await using server = startScriptedServer({ tls: true });
  const attempt = await tracedAttempt(server.url("/x"), {});
  assertEquals(attempt.error?.code, "TLS_FAILED");
  assertEquals(attempt.phases.map((phase) => phase.name), ["connect", "tls"]);
  assertEquals(attempt.phases[1].endMs, attempt.endMs);
});

Deno.test("run --trace: an attempt interrupted while it waited for its head has its head up to the end", async () => {
  let interrupt = () => {};
  // Interrupted (as Ctrl-C would) once the server has read the request.
  await using server = startScriptedServer({
    respond: () => {
      setTimeout(interrupt, 0);
      return [stall()];
    },
  });
  const attempt = await tracedAttempt(server.url("/x"), {}, EXIT_CODES.interrupted, (world) => {
    interrupt = () => world.interrupt();
  });
  assertEquals(attempt.outcome, "cancelled");
  assertEquals(attempt.phases.map((phase) => phase.name), ["connect", "head"]);
  assertEquals(attempt.phases[1].endMs, attempt.endMs);
});
