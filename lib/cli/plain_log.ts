/**
 * Plain output for cron, CI and pipes: one timestamped line per event, no escape codes.
 * @module
 */
import type { LiveRun, RunEvent, RunReport } from "../tasks/mod.ts";
import type { TextSink } from "./cli_deps.ts";
import { describeOutcome, summaryLine } from "./format.ts";
import type { RunView } from "./run_view.ts";

/** Options of {@linkcode PlainLog}. */
export interface PlainLogOptions {
  /** Wall-clock time for each line's timestamp. */
  now: () => Date;
  /** What a task does (`sleep 3s`), shown on its start line; undefined shows its kind. */
  describe?: (name: string) => string | undefined;
}

/**
 * Writes `2026-11-25T10:00:00.123Z task-1 done 3.00s` per event, then the summary line.
 *
 * @example
 * ```ts
 * import { PlainLog } from "./plain_log.ts";
 * const lines: string[] = [];
 * const log = new PlainLog({ write: (text) => lines.push(text) }, { now: () => new Date(0) });
 * log.event({ type: "task-start", name: "task-1", kind: "sleep", atMs: 0 });
 * lines[0]; // "1970-01-01T00:00:00.000Z task-1 start sleep\n"
 * ```
 */
export class PlainLog implements RunView {
  readonly #out: TextSink;
  readonly #options: PlainLogOptions;

  /**
   * @param out Where the lines go.
   * @param options The clock and task descriptions.
   */
  constructor(out: TextSink, options: PlainLogOptions) {
    this.#out = out;
    this.#options = options;
  }

  /** Plain output has nothing to poll. */
  start(_live: LiveRun): void {}

  /** Writes one line for the event. */
  event(event: RunEvent): void {
    this.#line(plainEventText(event, this.#options.describe));
  }

  /** Writes the summary line. */
  finish(report: RunReport): void {
    this.#out.write(`${summaryLine(report)}\n`);
  }

  /** Nothing to stop. */
  [Symbol.dispose](): void {}

  #line(text: string): void {
    this.#out.write(`${this.#options.now().toISOString()} ${text}\n`);
  }
}

/**
 * The text of one event, without its timestamp: `task-1 start sleep 3s`, `task-1 done 3.00s`.
 *
 * @param event What happened.
 * @param describe What a task does, by name.
 * @returns One line of text without a newline.
 */
export function plainEventText(
  event: RunEvent,
  describe?: (name: string) => string | undefined,
): string {
  switch (event.type) {
    case "task-start":
      return `${event.name} start ${describe?.(event.name) ?? event.kind}`;
    case "task-end":
      return `${event.result.name} ${describeOutcome(event.result)}`;
    case "warning":
      return `warning: ${event.message}`;
    case "log":
      return `${event.name}: ${event.message}`;
  }
}
