/**
 * One frame of the live view: a row per task (icon, name, state, elapsed, what it waits on), cut to
 * the terminal's width so no row wraps (a wrapped row would break redrawing in place).
 * @module
 */
import type { TaskPhase, TaskResult, TaskSnapshot } from "../tasks/mod.ts";
import { cyan, dim, gray, green, red, yellow } from "./deps.ts";
import { formatSeconds, savedDetail, taskDurationMs } from "./format.ts";

const SPINNER = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];
const MAX_NAME_CHARS = 24;
const PHASE_CHARS = 9;
const ELAPSED_CHARS = 8;
const PHASES: readonly TaskPhase[] = [
  "running",
  "waiting",
  "done",
  "failed",
  "cancelled",
  "skipped",
];

type Paint = (text: string) => string;

const ICONS: Record<Exclude<TaskPhase, "running">, string> = {
  waiting: "·",
  done: "✓",
  failed: "✗",
  cancelled: "○",
  skipped: "-",
};

const PAINT: Record<TaskPhase, Paint> = {
  waiting: gray,
  running: cyan,
  done: green,
  failed: red,
  cancelled: yellow,
  skipped: gray,
};

/** A piece of a row: its text, and how to color it once cut to width. */
interface Piece {
  text: string;
  paint: Paint;
}

/**
 * Renders one row per task.
 *
 * @param snapshots The tasks, in declaration order.
 * @param columns Terminal width; rows are cut to `columns - 1` visible characters.
 * @param tick Frame counter, which turns the spinner of running tasks.
 * @returns Colored rows without newlines.
 */
export function renderRows(
  snapshots: readonly TaskSnapshot[],
  columns: number,
  tick = 0,
): string[] {
  const nameChars = Math.min(
    MAX_NAME_CHARS,
    snapshots.reduce((widest, task) => Math.max(widest, task.name.length), 0),
  );
  return snapshots.map((task) => {
    const paint = PAINT[task.phase];
    const icon = task.phase === "running" ? SPINNER[tick % SPINNER.length] : ICONS[task.phase];
    const elapsed = task.elapsedMs === null ? "" : formatSeconds(task.elapsedMs);
    return fit([
      { text: `${icon} `, paint },
      { text: `${cut(task.name, nameChars).padEnd(nameChars)}  `, paint: (text) => text },
      { text: task.phase.padEnd(PHASE_CHARS), paint },
      { text: elapsed.padStart(ELAPSED_CHARS), paint: (text) => text },
      { text: task.detail === "" ? "" : `  ${task.detail}`, paint: dim },
    ], columns - 1);
  });
}

/**
 * The line under the rows while the run goes: total elapsed and how many tasks are in each state.
 *
 * @param snapshots The tasks.
 * @param elapsedMs Loop-clock time since the run started.
 * @param columns Terminal width.
 * @returns `1.20s  2 running, 1 waiting, 1 done`, dimmed.
 */
export function renderFooter(
  snapshots: readonly TaskSnapshot[],
  elapsedMs: number,
  columns: number,
): string {
  const counts = PHASES.map((
    phase,
  ) => [phase, snapshots.filter((task) => task.phase === phase).length])
    .filter(([, count]) => count !== 0)
    .map(([phase, count]) => `${count} ${phase}`);
  return fit(
    [{ text: `${formatSeconds(elapsedMs)}  ${counts.join(", ")}`, paint: dim }],
    columns - 1,
  );
}

/**
 * Turns a finished task's record into a row, so the final frame shows outcomes exactly as reported.
 *
 * @param result The task's record.
 * @returns A snapshot in the task's final phase, with its error message as the detail.
 */
export function snapshotOfResult(result: TaskResult): TaskSnapshot {
  return {
    name: result.name,
    kind: result.kind,
    phase: result.outcome,
    detail: result.error?.message ?? savedDetail(result.fetch),
    elapsedMs: taskDurationMs(result),
  };
}

function cut(text: string, chars: number): string {
  if (text.length <= chars) return text;
  return chars <= 0 ? "" : `${text.slice(0, chars - 1)}…`;
}

/** Cuts the pieces to `width` visible characters, then colors them. */
function fit(pieces: readonly Piece[], width: number): string {
  let room = Math.max(0, width);
  let line = "";
  for (const { text, paint } of pieces) {
    const single = text.replaceAll(/[\r\n\t]/g, " ");
    const shown = single.length <= room ? single : cut(single, room);
    room -= shown.length;
    if (shown !== "") line += paint(shown);
  }
  return line.trimEnd();
}
