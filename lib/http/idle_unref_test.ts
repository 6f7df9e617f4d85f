/**
 * A keep-alive connection waiting idle in the pool keeps a read armed (to notice stale bytes); that
 * read alone must not keep the process alive, or a script that never closes its client would hang
 * until the server drops the connection.
 */
import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { startRouteServer } from "../../tests/fixtures/route_server.ts";

const HTTP_MOD = new URL("./mod.ts", import.meta.url).href;
const LOOP_MOD = new URL("../loop/mod.ts", import.meta.url).href;

Deno.test("a script that never closes its client exits once its request is done", async () => {
  await using server = startRouteServer({ "/": { body: "hello" } });
  const script = `
import { HttpClient } from ${JSON.stringify(HTTP_MOD)};
import { runOperation } from ${JSON.stringify(LOOP_MOD)};
const client = new HttpClient();
const text = await runOperation((function* () {
  const response = yield* client.request({ url: ${JSON.stringify(server.url("/"))} });
  return new TextDecoder().decode(yield* response.body.bytes());
})());
console.log(text); // no client.close(): the idle connection stays in the pool
`;
  const child = new Deno.Command(Deno.execPath(), {
    args: ["eval", "--ext=ts", script],
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  // The server keeps the connection open for far longer than this; a hang is a failure.
  const guard = setTimeout(() => child.kill("SIGKILL"), 20_000);
  const output = await child.output();
  clearTimeout(guard);
  assertEquals(
    [output.code, new TextDecoder().decode(output.stdout).trim()],
    [0, "hello"],
    new TextDecoder().decode(output.stderr),
  );
});
