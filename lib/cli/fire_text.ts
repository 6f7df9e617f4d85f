/**
 * How `corun schedule` words a fire: its line, and why the overlap policy skipped it. Both
 * schedulers (in-process and `--db`) say the fire times passed while late, and a wall clock set far
 * back, the same way.
 * @module
 */
import { formatMs } from "../loop/mod.ts";
import type { FireInfo, WallStep } from "../schedule/mod.ts";
import { countOf } from "../tasks/mod.ts";

/** `3 later fires passed while late`: fire times coalesced into one fire. */
export function laterFiresText(count: number): string {
  return `${countOf(count, "later fire")} passed while late`;
}

/** A fire as its line says it: the overlap policy's outcome, and what made it so. */
export function describeFire(info: FireInfo): string {
  const facts: string[] = [];
  if (info.isCatchUp) facts.push("catching up a run missed while not scheduling");
  if (info.missedCount > 0) facts.push(laterFiresText(info.missedCount));
  if (info.outcome !== "started") facts.push(`${countOf(info.runningCount, "run")} still going`);
  return facts.length === 0 ? info.outcome : `${info.outcome} (${facts.join("; ")})`;
}

/** Why the overlap policy (`skip`, `queue`, `allow`) skipped a fire, for its history line. */
export function whySkipped(overlap: string, runningCount: number): string {
  return overlap === "queue"
    ? `overlap: queue, and a run is already queued behind the ${runningCount} still going`
    : `overlap: ${overlap}, and ${countOf(runningCount, "earlier run")} still going`;
}

/**
 * A wall clock set back far enough for a schedule to start its fire times afresh:
 * `the wall clock went back 1d (2026-11-26T10:00:01.000Z -> 2026-11-25T10:00:01.000Z): fire times
 * start again from the new time`.
 */
export function clockStepText(step: WallStep): string {
  const backMs = Math.round((step.fromWallMs - step.toWallMs) / 1000) * 1000;
  const from = new Date(step.fromWallMs).toISOString();
  const to = new Date(step.toWallMs).toISOString();
  return `the wall clock went back ${
    formatMs(backMs)
  } (${from} -> ${to}): fire times start again ` +
    "from the new time";
}
