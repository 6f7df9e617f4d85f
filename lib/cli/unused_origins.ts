/**
 * The `origins:` entries no task's URL goes to: a typo (`https://exmaple.org`) or the wrong scheme
 * (`http://` for tasks on `https://`) leaves the rule unused, and the run is paced by the defaults.
 * An entry for where redirects lead (a CDN) is used, though no URL of the config names it.
 * `plan` and `check` both warn of them.
 * @module
 */
import type { ConfigSpec } from "../tasks/mod.ts";
import { closestMatch } from "../config/mod.ts";
import type { TaskReach } from "./plan_reach.ts";

/**
 * The most edits an entry may be from an origin a task names to be taken for a typo of it:
 * `exmaple`, `http` for `https`, a port's digit. A CDN's host (`cdn.example.org` for
 * `www.example.org`) differs by more, and a "did you mean" would send its rules to the wrong origin.
 */
const TYPO_EDITS = 2;

/**
 * Warns of each `origins:` entry that no task's URL goes to. Nothing is said when that cannot be
 * known: a list that could not be read, a custom task or a callback (they fetch what they choose).
 * When a task follows redirects, which may lead anywhere, only an entry a likely typo away from an
 * origin a task names is said, and not as unused.
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
  const redirected = config.tasks.some((task) =>
    task.kind === "fetch" && task.options.maxRedirects > 0
  );
  return Object.keys(config.origins).filter((origin) => !used.has(origin)).flatMap((origin) => {
    const near = closestMatch(origin, used, TYPO_EDITS);
    const hint = near === undefined ? "" : ` (did you mean ${JSON.stringify(near)}?)`;
    const named = JSON.stringify(origin);
    if (!redirected) {
      return [`origins: no task's URL goes to ${named}, so its rules are unused${hint}`];
    }
    return near === undefined ? [] : [
      `origins: no task's URL names ${named}, so its rules hold only where a redirect leads${hint}`,
    ];
  });
}
