/**
 * `corun run CONFIG`: run every task, show it, exit with what happened.
 * @module
 */
import type { RunReport } from "../tasks/mod.ts";
import { chooseOutputMode, createView } from "./choose_view.ts";
import { type CommandSpec, CONFIG_ARGUMENT, flagOf, textOf } from "./command.ts";
import { EXIT_CODES, exitCodeOf } from "./exit_codes.ts";
import { loadOrExplain } from "./load_step.ts";

/** The `run` command. Ctrl-C (or SIGTERM) cancels every task cleanly and exits with 130. */
export const runCommand: CommandSpec = {
  name: "run",
  summary: "run every task in a config",
  arguments: [CONFIG_ARGUMENT],
  options: [
    { flags: "--virtual-time", description: "sleeps take no real time (virtual clock)" },
    { flags: "--json", description: "print the run report as JSON on stdout, and nothing else" },
    { flags: "--out <dir>", description: "save files under DIR instead of the config's outDir" },
    { flags: "-q, --quiet", description: "print nothing unless a task fails" },
  ],
  async execute(invocation, deps) {
    const location = invocation.args[0];
    const config = await loadOrExplain(location, deps);
    if (config === undefined) return EXIT_CODES.usage;

    const mode = chooseOutputMode(
      { json: flagOf(invocation, "json"), quiet: flagOf(invocation, "quiet") },
      deps,
    );
    using view = createView(mode, config, deps);
    using interrupts = deps.listenForInterrupts();
    let report: RunReport;
    try {
      report = await deps.run(config, {
        virtualTime: flagOf(invocation, "virtualTime"),
        outDir: textOf(invocation, "out"),
        signal: interrupts.signal,
        onStart: (live) => view.start(live),
        onEvent: (event) => view.event(event),
      });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      deps.stderr.write(`Cannot run "${config.source ?? location}": ${reason}\n`);
      return interrupts.signal.aborted ? EXIT_CODES.interrupted : EXIT_CODES.taskFailed;
    }
    view.finish(report);
    return interrupts.signal.aborted ? EXIT_CODES.interrupted : exitCodeOf(report);
  },
};
