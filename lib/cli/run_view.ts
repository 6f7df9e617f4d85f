/**
 * What a run looks like while it runs: one `RunView` per output mode (live, plain, quiet, JSON).
 * @module
 */
import type { LiveRun, RunEvent, RunReport } from "../tasks/mod.ts";

/**
 * Receives a run as it happens and writes it out. Disposing stops any timer it started, so a view
 * can be abandoned when the runner throws.
 */
export interface RunView extends Disposable {
  /**
   * False for views that only use the final report: the run then skips per-task events, which for
   * a config of a hundred thousand tasks is real memory. @default true
   */
  readonly wantsEvents?: boolean;
  /** The run began; `live` can be polled for snapshots. */
  start(live: LiveRun): void;
  /** Something happened. Warning events are left out: they come through {@linkcode warning}. */
  event(event: RunEvent): void;
  /**
   * Something went wrong beside the tasks (the run's warnings and the command's own, such as a log
   * file that cannot be written). Every view puts it on stderr, or in its log file.
   */
  warning(message: string): void;
  /**
   * A line of the command about the run as it goes, no warning (`stopping: …` as an interrupt
   * cancels the tasks): above the live frame, or a timestamped line among the plain ones; `--json`
   * puts it on stderr, `--quiet` says nothing. @default nothing is said
   */
  notice?(text: string): void;
  /** The run ended; write what remains (final frame, summary, JSON). */
  finish(report: RunReport): void;
}
