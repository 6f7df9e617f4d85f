/**
 * `corun plan CONFIG`: a dry run in virtual time (no I/O), shown as tasks, start order and timeline,
 * with each task's URL count (a list file's lines are counted, nothing is fetched), the fetch tasks
 * that may wait for a slot (plan_slots.ts), each origin's rules and the tasks whose URLs go there,
 * and the settings each task runs with (plan_settings.ts).
 * @module
 */
import { type CommandSpec, CONFIG_ARGUMENT, CONFIG_LIMIT_OPTIONS, flagOf } from "./command.ts";
import { outputProblems } from "../config/mod.ts";
import { EXIT_CODES, exitCodeOf } from "./exit_codes.ts";
import { loadOrExplain } from "./load_step.ts";
import { addUrlCounts, buildPlan, planOrigins, recordStartOrder } from "./plan.ts";
import { writePlanJson } from "./plan_json.ts";
import { planReach } from "./plan_reach.ts";
import { markSlotWaits } from "./plan_slots.ts";
import { addSettings } from "./plan_settings.ts";
import { renderPlan } from "./plan_render.ts";
import { planSchedules } from "./plan_schedules.ts";
import { scheduleProblems, scheduleTargetsOf } from "./schedule_targets.ts";
import { warningLine } from "./format.ts";
import { scheduleWarnings } from "./schedule_warnings.ts";
import { unusedOriginWarnings } from "./unused_origins.ts";
import { unusableProxyVariables } from "../tasks/mod.ts";

/**
 * The `plan` command. Exits 1 when the dry run itself has a task that does not end `done`, 2 when a
 * schedule's cron expression or time zone is invalid, or the output is what `run` refuses to
 * start on (`outputProblems`: an `outDir` that is a file, a `metadata` log outside it). Scheduled configs also get each schedule's next
 * fire times; a list file that cannot be counted is a warning.
 */
export const planCommand: CommandSpec = {
  name: "plan",
  summary: "show what a run would do and when, without doing it",
  arguments: [CONFIG_ARGUMENT],
  options: [{ flags: "--json", description: "print the plan as JSON" }, ...CONFIG_LIMIT_OPTIONS],
  async execute(invocation, host) {
    // As a run would: a plan says what a run meets, a credential it cannot read among it.
    const config = await loadOrExplain(invocation.args[0], host, invocation, "read");
    if (config === undefined) return EXIT_CODES.usage;
    const targets = scheduleTargetsOf(config);
    // What run refuses before any I/O, plan refuses too: it would show a run that cannot happen.
    const label = config.source ?? invocation.args[0];
    const problems = [
      ...scheduleProblems(targets),
      ...unusableProxyVariables(config),
      ...outputProblems({ config, label }),
    ];
    if (problems.length > 0) {
      host.stderr.write(problems.map((problem) => `${problem}\n`).join(""));
      return EXIT_CODES.usage;
    }
    const starts = recordStartOrder();
    const report = await host.run(config, {
      dryRun: true,
      virtualTime: true,
      onEvent: starts.onEvent,
      onWarning: (message) => host.stderr.write(warningLine(message)),
    });
    const plan = buildPlan(config, report, starts.names);
    const reach = await planReach(config);
    for (const problem of addUrlCounts(plan, config, reach)) {
      host.stderr.write(warningLine(problem));
    }
    markSlotWaits(plan, config, reach);
    // The fire times listed below are not the ones a run meets when TZ cannot be read, nor each a
    // run when jitter merges them.
    const warnings = [
      ...unusedOriginWarnings(config, reach),
      ...scheduleWarnings(targets, host.now().getTime()),
    ];
    for (const warning of warnings) host.stderr.write(warningLine(warning));
    const origins = planOrigins(plan, config, reach);
    if (origins.length > 0) plan.origins = origins;
    addSettings(plan, config, reach);
    if (targets.length > 0) plan.schedules = planSchedules(targets, host.now().getTime());
    if (flagOf(invocation, "json")) writePlanJson(plan, host.stdout);
    else host.stdout.write(renderPlan(plan, host.columns()));
    return exitCodeOf(report);
  },
};
