/**
 * One run shown in several places at once: the chosen view on stdout and the plain log in `--log`.
 * @module
 */
import type { LiveRun, RunEvent, RunReport } from "../tasks/mod.ts";
import type { RunView } from "./run_view.ts";

/**
 * Hands everything to each of its views, in order; finishes them last first. Put the view whose
 * finishing may warn last (the log: writing its summary line may fail), so that warning still
 * reaches the views that have not finished (`--json` lists it, the live view writes it below its
 * summary).
 *
 * @example
 * ```ts
 * import { QuietView } from "./final_views.ts";
 * import { TeeView } from "./tee_view.ts";
 * using view = new TeeView([new QuietView({ write: () => {} }, { write: () => {} })]);
 * ```
 */
export class TeeView implements RunView {
  readonly #views: readonly RunView[];

  /** @param views Where the run goes; disposed with this view. */
  constructor(views: readonly RunView[]) {
    this.#views = views;
  }

  /** Events are wanted if any view wants them. */
  get wantsEvents(): boolean {
    return this.#views.some((view) => view.wantsEvents !== false);
  }

  /** Starts every view. */
  start(live: LiveRun): void {
    for (const view of this.#views) view.start(live);
  }

  /** Passes the event to every view. */
  event(event: RunEvent): void {
    for (const view of this.#views) view.event(event);
  }

  /** Passes the warning to every view. */
  warning(message: string): void {
    for (const view of this.#views) view.warning(message);
  }

  /** Passes the line to every view. */
  notice(text: string): void {
    for (const view of this.#views) view.notice?.(text);
  }

  /** Finishes every view, the last first. */
  finish(report: RunReport): void {
    for (const view of this.#views.toReversed()) view.finish(report);
  }

  /** Disposes every view. */
  [Symbol.dispose](): void {
    for (const view of this.#views) view[Symbol.dispose]();
  }
}
