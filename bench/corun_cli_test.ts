import { assertEquals, assertThrows } from "npm:deno-std@1.4.0/assert/mod.js";
import { corunTaskFlags, denoTaskCorunFlags } from "./corun_cli.ts";

Deno.test("the benchmark takes deno task corun's flags but its permissions, not its script", () => {
  const denoJson = JSON.stringify({
    tasks: { corun: "deno run --allow-net --v8-flags=--max-semi-space-size=4 dist/cli/corun.js" },
  });
  assertEquals(corunTaskFlags(denoJson), ["-A", "--v8-flags=--max-semi-space-size=4"]);
  const withArgs = JSON.stringify({ tasks: { corun: "deno run -q --allow-net x.js --quiet" } });
  assertEquals(corunTaskFlags(withArgs), ["-A", "-q"]);
  const withEnv = JSON.stringify({ tasks: { corun: "A=$INIT_CWD B=1 deno run -q x.js C=2" } });
  assertEquals(corunTaskFlags(withEnv), ["-A", "-q"]);
});

Deno.test("a deno.json without a deno run corun task is refused", () => {
  assertThrows(() => corunTaskFlags("{}"), Error, 'no "corun" task');
  assertThrows(
    () => corunTaskFlags(JSON.stringify({ tasks: { corun: "node x.js" } })),
    Error,
    'does not start with "deno run"',
  );
});

Deno.test("the repository's corun task runs the bundle with a smaller young generation", async () => {
  const flags = await denoTaskCorunFlags();
  assertEquals(flags.includes("--v8-flags=--max-semi-space-size=4"), true, flags.join(" "));
});
