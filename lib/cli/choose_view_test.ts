import { assert, assertEquals, assertStringIncludes } from "npm:deno-std@1.4.0/assert/mod.js";
import { validateConfig } from "../config/mod.ts";
import { chooseOutputMode, createView, type OutputMode } from "./choose_view.ts";
import { createFakeWorld } from "../../tests/fixtures/fake_host.ts";
import { JsonView, QuietView } from "./final_views.ts";
import { LiveView } from "./live_view.ts";
import { PlainLog } from "./plain_log.ts";

Deno.test("chooseOutputMode() goes live only on a terminal that moves its cursor, without NO_COLOR", () => {
  const cases: [boolean, boolean, boolean, boolean, string | undefined, OutputMode][] = [
    // json, quiet, terminal, noColor, TERM
    [false, false, true, false, "xterm-256color", "live"],
    [false, false, true, false, undefined, "live"],
    [false, false, false, false, "xterm", "plain"],
    [false, false, true, true, "xterm", "plain"],
    // An editor's shell buffer or a serial console: no cursor movement there.
    [false, false, true, false, "dumb", "plain"],
    [false, true, true, false, "dumb", "quiet"],
    [false, true, true, false, "xterm", "quiet"],
    [true, false, true, false, "xterm", "json"],
    [true, true, false, true, "xterm", "json"],
  ];
  for (const [json, quiet, terminal, noColor, term, mode] of cases) {
    const host = { isTerminal: () => terminal, noColor: () => noColor, term: () => term };
    assertEquals(
      chooseOutputMode({ json, quiet }, host),
      mode,
      JSON.stringify({ json, quiet, terminal, noColor, term }),
    );
  }
});

Deno.test("createView() makes the view of each mode", () => {
  const { host } = createFakeWorld();
  const config = validateConfig({ tasks: [{ sleep: "1s" }] }, "x.yaml");
  const kinds = [
    ["json", JsonView],
    ["quiet", QuietView],
    ["live", LiveView],
    ["plain", PlainLog],
  ] as const;
  for (const [mode, kind] of kinds) {
    using view = createView(mode, config, host);
    assert(view instanceof kind, mode);
  }
});

Deno.test('createView(): when a task saves to "-", every view writes to stderr and live turns plain', () => {
  const toStdout = validateConfig(
    { tasks: [{ name: "dump", fetch: "https://example.org/", save: "-" }] },
    "x.yaml",
  );
  const toFile = validateConfig(
    { tasks: [{ name: "dump", fetch: "https://example.org/", save: "dump.html" }] },
    "x.yaml",
  );
  const report = {
    tasks: [],
    counts: { done: 0, failed: 1, cancelled: 0, skipped: 0 },
    startedAt: new Date(0).toISOString(),
    durationMs: 0,
  };
  const show = (mode: OutputMode, config: typeof toFile) => {
    const world = createFakeWorld({ terminal: true });
    using view = createView(mode, config, world.host);
    view.event({ type: "task-start", name: "dump", kind: "fetch", atMs: 0 });
    view.warning("careful");
    // deno-lint-ignore no-explicit-any
    view.finish(report as any);
    return { view, stdout: world.stdout(), stderr: world.stderr() };
  };
  for (const mode of ["json", "quiet", "plain"] as const) {
    const usual = show(mode, toFile);
    assert(usual.stdout.length > 0, mode);
    const shown = show(mode, toStdout);
    assertEquals(shown.stdout, "", mode);
    // What would have gone to stdout (the JSON report, the summary) is on stderr.
    const last = mode === "json" ? '"failed": 1' : usual.stdout.trim().split("\n").at(-1)!;
    assertStringIncludes(usual.stdout, last, mode);
    assertStringIncludes(shown.stderr, last, mode);
    assertStringIncludes(shown.stderr, "careful", mode);
  }
  const live = show("live", toStdout);
  assert(live.view instanceof PlainLog, "a live view becomes plain lines");
  assertEquals(live.stdout, "");
  assertStringIncludes(live.stderr, "dump start");
});
