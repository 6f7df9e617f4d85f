import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { mainCapturing as corun } from "../../tests/fixtures/fake_host.ts";
import { stall, startScriptedServer } from "../../tests/fixtures/scripted_server.ts";

Deno.test("--config-timeout sets how long a config given by URL may take to arrive, and the error names it", async () => {
  await using server = startScriptedServer({ routes: { "/slow.yaml": [stall()] } });
  const slow = server.url("/slow.yaml");
  const result = await corun(["check", "--config-timeout", "300ms", slow]);
  assertEquals(result.code, 2);
  assertEquals(
    result.stderr.split("\n")[0],
    `${slow}: cannot read the config: it did not arrive within 300ms (--config-timeout; ` +
      "urlTimeoutMs in loadConfig)",
  );
});

Deno.test("--config-timeout that is not a duration above 0 is a usage error", async () => {
  const refused = async (
    value: string,
  ) => (await corun(["check", "--config-timeout", value, "c.yaml"]));
  const zero = await refused("0s");
  assertEquals([zero.code, zero.stderr], [
    2,
    'Cannot read --config-timeout: expected a duration longer than 0, got "0s"\n',
  ]);
  const typo = await refused("lots");
  assertEquals(typo.code, 2);
  assertEquals(
    typo.stderr.startsWith('Cannot read --config-timeout: expected a duration like "3s"'),
    true,
    typo.stderr,
  );
});
