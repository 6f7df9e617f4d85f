/**
 * A keep-alive connection waiting idle in the pool keeps a read armed (to notice stale bytes); that
 * read alone must not keep the process alive, or a script that never closes its client would hang
 * until the server drops the connection.
 */
import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { startRouteServer } from "../../tests/fixtures/route_server.ts";
import { runDeno } from "../../tests/fixtures/run_deno.ts";

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
  // The server keeps the connection open for far longer than this; a hang is a failure.
  const output = await runDeno(["eval", "--ext=ts", script], { giveUpMs: 20_000 });
  assertEquals([output.code, output.stdout.trim()], [0, "hello"], output.stderr);
});
