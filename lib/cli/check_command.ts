/**
 * `corun check CONFIG`: validate only. Prints `ok: N tasks`, or every located issue.
 * @module
 */
import { type CommandSpec, CONFIG_ARGUMENT, CONFIG_LIMIT_OPTIONS } from "./command.ts";
import { EXIT_CODES } from "./exit_codes.ts";
import { loadOrExplain } from "./load_step.ts";
import { checkOutput } from "../config/mod.ts";
import { permissionWarnings } from "./permission_step.ts";
import { scheduleProblems, scheduleTargetsOf } from "./schedule_targets.ts";
import { warningLine } from "./format.ts";
import { scheduleWarnings } from "./schedule_warnings.ts";
import {
  configTlsOffWarnings,
  proxyBypassWarnings,
  unusableProxyVariables,
  unusableProxyWarnings,
} from "../tasks/mod.ts";
import { planReach } from "./plan_reach.ts";
import { unusedOriginWarnings } from "./unused_origins.ts";

/**
 * The `check` command: nothing runs, nothing is written. It refuses what `run` would refuse before
 * any I/O: schedules, and the output directory and metadata file (see lib/config
 * `output_check.ts`); that `run` would need `--allow-write` or `--allow-net` where this check has
 * none is a warning (exit 0, `permission_step.ts`), as is an output directory that cannot be
 * written when the run would record only its history there.
 */
export const checkCommand: CommandSpec = {
  name: "check",
  summary: "validate a config without running it",
  arguments: [CONFIG_ARGUMENT],
  options: [...CONFIG_LIMIT_OPTIONS],
  async execute(invocation, host) {
    // As a run would: a check passes only a config a run could load, its credentials read.
    const config = await loadOrExplain(invocation.args[0], host, invocation, "read");
    if (config === undefined) return EXIT_CODES.usage;
    const request = { config, label: config.source ?? invocation.args[0], pings: true };
    const output = checkOutput(request);
    // This check's own permissions say nothing of the config's, and a run that cannot record its
    // history still runs: a warning, never the exit code.
    // What a plan and a run warn of, a check does too: a CI gate on `check` sees it.
    const targets = scheduleTargetsOf(config);
    const schedules = scheduleProblems(targets);
    const warnings = [
      ...configTlsOffWarnings(config),
      ...proxyBypassWarnings(config),
      ...unusableProxyWarnings(config),
      // Of schedules that can be read: a bad one is a problem below.
      ...(schedules.length === 0 ? scheduleWarnings(targets, host.now().getTime()) : []),
      ...unusedOriginWarnings(config, await planReach(config)),
      ...permissionWarnings(request),
      ...output.warnings,
    ];
    host.stderr.write(warnings.map(warningLine).join(""));
    // The config layer checks a cron expression's shape; its fields are only read here.
    const problems = [...schedules, ...unusableProxyVariables(config), ...output.problems];
    if (problems.length > 0) {
      host.stderr.write(problems.map((problem) => `${problem}\n`).join(""));
      return EXIT_CODES.usage;
    }
    const count = config.tasks.length;
    host.stdout.write(`ok: ${count} ${count === 1 ? "task" : "tasks"}\n`);
    return EXIT_CODES.ok;
  },
};
