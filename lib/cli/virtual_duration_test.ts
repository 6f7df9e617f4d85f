/**
 * `corun run --virtual-time`'s plain lines show a fetch's real duration (the virtual clock stands
 * still while it is pending) and a sleep's virtual one, with the real runner against a local server.
 */
import { assert, assertEquals, assertGreaterOrEqual } from "npm:deno-std@1.4.0/assert/mod.js";
import { validateConfig } from "../config/mod.ts";
import { run } from "../tasks/mod.ts";
import { pause, startScriptedServer, write } from "../../tests/fixtures/scripted_server.ts";
import { EXIT_CODES } from "./exit_codes.ts";
import { createFakeWorld, FAKE_NOW } from "../../tests/fixtures/fake_host.ts";
import { main } from "./main.ts";

Deno.test("run --virtual-time: a fetch's plain line shows its real time, a sleep's line its virtual time", async () => {
  await using server = startScriptedServer({
    routes: { "/": [pause(300), write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")] },
  });
  const outDir = await Deno.makeTempDir({ prefix: "corun-cli-virtual-" });
  try {
    const config = validateConfig({
      tasks: [
        { name: "slow", fetch: server.url(), save: "slow.txt", retries: 0 },
        { name: "nap", sleep: "1h" },
      ],
    }, "tasks.yaml");
    const world = createFakeWorld({ configs: { "tasks.yaml": config }, run });
    const args = ["run", "tasks.yaml", "--virtual-time", "--out", outDir, "--no-state"];
    assertEquals(await main(args, world.host), EXIT_CODES.ok, world.stderr());
    const lines = world.stdout().split("\n");
    assert(lines.includes(`${FAKE_NOW} nap done 1h00m00s`), world.stdout());
    const slow = lines.find((line) => line.startsWith(`${FAKE_NOW} slow done `));
    const seconds = slow?.match(/^\S+ slow done (\d+\.\d\d)s \(200, 2 bytes, saved slow\.txt\)$/);
    assert(seconds, world.stdout());
    // The server waited 300 ms of real time before answering.
    assertGreaterOrEqual(Number(seconds![1]), 0.25);
  } finally {
    await Deno.remove(outDir, { recursive: true });
  }
});
