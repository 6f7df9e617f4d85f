/**
 * The partial bodies a run keeps between attempts (temporaries of this run, not `resume: true`'s
 * named ones): a fetch waiting in the frontier for its retry holds one. A run that ends normally ends
 * every fetch, and each removes its own; an interrupted run drops the fetches still waiting, so its
 * workers remove what those held as they stop: without `resume: true`, nothing half-written
 * outlives the run.
 * @module
 */
import type { OutputDir } from "../sinks/mod.ts";

/** One run's kept temporaries, relative to its output directory. */
export class KeptPartials {
  readonly #output: OutputDir;
  readonly #paths = new Set<string>();

  /** @param output The run's output directory. */
  constructor(output: OutputDir) {
    this.#output = output;
  }

  /**
   * Records a temporary kept for a later attempt of this run.
   *
   * @param path The temporary, relative to the output directory.
   */
  note(path: string): void {
    this.#paths.add(path);
  }

  /**
   * The temporary is a fetch's own again (continued, or removed): no longer the run's to remove.
   *
   * @param path The temporary, relative to the output directory.
   */
  forget(path: string): void {
    this.#paths.delete(path);
  }

  /**
   * Removes every temporary still kept for a fetch that will not be attempted again (the run was
   * interrupted). Best effort: one left behind is swept by a later run.
   */
  removeAll(): void {
    for (const path of this.#paths) {
      try {
        this.#output.confined.removeFileSync(path);
      } catch {
        // Swept by a later run.
      }
    }
    this.#paths.clear();
  }
}
