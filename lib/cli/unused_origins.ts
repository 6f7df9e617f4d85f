/**
 * The `origins:` entries no task's URL goes to: a typo (`https://exmaple.org`) or the wrong scheme
 * (`http://` for tasks on `https://`) leaves the rule unused, and the run is paced by the defaults.
 * `plan` and `check` both warn of them.
 * @module
 */
import type { ConfigSpec } from "../tasks/mod.ts";
import { closestMatch } from "../config/mod.ts";
import type { TaskReach } from "./plan_reach.ts";

/**
 * Warns of each `origins:` entry that no task's URL goes to. Nothing is said when that cannot be
 * known: a list that could not be read, a custom task or a callback (they fetch what they choose).
 *
 * @param config The validated config.
 * @param reach From `planReach`: where each fetch task's URLs go.
 * @returns The warnings, in the order of `origins:`.
 */
export function unusedOriginWarnings(
  config: ConfigSpec,
  reach: ReadonlyMap<string, TaskReach>,
): string[] {
  const free = config.tasks.some((task) =>
    task.kind === "custom" || (task.kind === "fetch" && task.onResponse !== undefined)
  );
  if (free || [...reach.values()].some((task) => task.problem !== undefined)) return [];
  const used = new Set([...reach.values()].flatMap((task) => task.origins));
  return Object.keys(config.origins).filter((origin) => !used.has(origin)).map((origin) => {
    const near = closestMatch(origin, used);
    const hint = near === undefined ? "" : ` (did you mean ${JSON.stringify(near)}?)`;
    return `origins: no task's URL goes to ${
      JSON.stringify(origin)
    }, so its rules are unused${hint}`;
  });
}
