import { assert, assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { validateConfig } from "../config/mod.ts";
import { chooseOutputMode, createView, type OutputMode } from "./choose_view.ts";
import { createFakeWorld } from "./fake_deps.ts";
import { JsonView, QuietView } from "./final_views.ts";
import { LiveView } from "./live_view.ts";
import { PlainLog } from "./plain_log.ts";

Deno.test("chooseOutputMode() goes live only on a terminal without NO_COLOR", () => {
  const cases: [boolean, boolean, boolean, boolean, OutputMode][] = [
    // json, quiet, terminal, noColor
    [false, false, true, false, "live"],
    [false, false, false, false, "plain"],
    [false, false, true, true, "plain"],
    [false, true, true, false, "quiet"],
    [true, false, true, false, "json"],
    [true, true, false, true, "json"],
  ];
  for (const [json, quiet, terminal, noColor, mode] of cases) {
    assertEquals(
      chooseOutputMode({ json, quiet }, { isTerminal: () => terminal, noColor: () => noColor }),
      mode,
      JSON.stringify({ json, quiet, terminal, noColor }),
    );
  }
});

Deno.test("createView() makes the view of each mode", () => {
  const { deps } = createFakeWorld();
  const config = validateConfig({ tasks: [{ sleep: "1s" }] }, "x.yaml");
  const kinds = [
    ["json", JsonView],
    ["quiet", QuietView],
    ["live", LiveView],
    ["plain", PlainLog],
  ] as const;
  for (const [mode, kind] of kinds) {
    using view = createView(mode, config, deps);
    assert(view instanceof kind, mode);
  }
});
