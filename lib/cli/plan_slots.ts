/**
 * Which fetch tasks of a plan may wait for a slot. A dry run gives fetches no time, so it starts
 * every fetch task as soon as its `after:` allows; a run starts one only when a fetch of it gets a
 * place under its origin's `perHost` and the run's `concurrency`. A task whose fetches meet those
 * already taken by the fetches that start at the same moment before it is marked `plusUnknown`:
 * how much later it starts, only the run can tell. Not a simulation: only that moment's fetches
 * are counted, not those of tasks started earlier.
 * @module
 */
import type { ConfigSpec } from "../tasks/mod.ts";
import type { Plan } from "./plan.ts";
import type { TaskReach } from "./plan_reach.ts";

/**
 * Marks the fetch tasks that may wait for a slot (`plusUnknown`): walked in the order a run starts
 * them, those of one virtual moment count each one's fetches (a pattern's or list's every URL),
 * per origin and all together.
 *
 * @param plan From `buildPlan`: its tasks and start order; waiting tasks get `plusUnknown`.
 * @param config The config it was built from: `perHost`, `concurrency` and `origins:`.
 * @param reach From `planReach`: where each fetch task's URLs go.
 */
export function markSlotWaits(
  plan: Plan,
  config: ConfigSpec,
  reach: ReadonlyMap<string, TaskReach>,
): void {
  const byName = new Map(plan.tasks.map((task) => [task.name, task]));
  const perHostOf = (origin: string) => config.origins[origin]?.perHost ?? config.perHost;
  const moments = new Map<number, SlotsTaken>();
  for (const name of plan.startOrder) {
    const task = byName.get(name);
    const reached = reach.get(name);
    // A task after a fetch is `+ ?` already, its moment unknown; a list that cannot be read, or
    // holds no URL, ends as it starts, holding no slot.
    if (
      task === undefined || task.startMs === null || task.plusUnknown ||
      reached === undefined || reached.problem !== undefined || reached.urls === 0
    ) continue;
    let taken = moments.get(task.startMs);
    if (taken === undefined) moments.set(task.startMs, taken = new SlotsTaken(perHostOf));
    if (taken.holdsBack(reached, config.concurrency)) task.plusUnknown = true;
    taken.take(reached);
  }
}

/** The fetches asked for at one moment, by origin and all together. */
class SlotsTaken {
  /** Fetches that may run at once: each origin's up to its `perHost`, and those on other origins. */
  #running = 0;
  readonly #byOrigin = new Map<string, number>();
  readonly #perHostOf: (origin: string) => number;

  constructor(perHostOf: (origin: string) => number) {
    this.#perHostOf = perHostOf;
  }

  /**
   * Whether a task's first fetch may find no slot: the run's are all taken, or every origin its
   * URLs go to is at its `perHost` (URLs on origins the plan does not name find theirs free).
   */
  holdsBack(reached: TaskReach, concurrency: number): boolean {
    if (this.#running >= concurrency) return true;
    if (reached.elsewhere > 0 || reached.urlsOn.size === 0) return false;
    return [...reached.urlsOn.keys()].every((origin) =>
      (this.#byOrigin.get(origin) ?? 0) >= this.#perHostOf(origin)
    );
  }

  /** Counts a task's fetches: they go ahead of those of the tasks that start after it. */
  take(reached: TaskReach): void {
    for (const [origin, urls] of reached.urlsOn) {
      const before = this.#byOrigin.get(origin) ?? 0;
      const perHost = this.#perHostOf(origin);
      this.#byOrigin.set(origin, before + urls);
      this.#running += Math.min(before + urls, perHost) - Math.min(before, perHost);
    }
    this.#running += reached.elsewhere;
  }
}
