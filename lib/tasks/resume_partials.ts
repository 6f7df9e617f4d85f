/**
 * The partial bodies a run keeps between attempts (temporaries of this run, not `resume: true`'s
 * named ones): a fetch waiting in the frontier for its retry holds one. A run that ends normally ends
 * every fetch, and each removes its own; an interrupted run drops the fetches still waiting, so its
 * workers remove what those held as they stop: without `resume: true`, nothing half-written
 * outlives the run.
 * @module
 */
import type { OutputDir } from "../sinks/mod.ts";

/** Kept temporaries by run (its output directory object, which lives as long as the run). */
const kept = new WeakMap<OutputDir, Set<string>>();

/**
 * Records a temporary kept for a later attempt of this run.
 *
 * @param output The run's output directory.
 * @param path The temporary, relative to it.
 */
export function noteKeptPartial(output: OutputDir, path: string): void {
  let paths = kept.get(output);
  if (paths === undefined) kept.set(output, paths = new Set());
  paths.add(path);
}

/**
 * The temporary is a fetch's own again (continued, or removed): no longer the run's to remove.
 *
 * @param output The run's output directory.
 * @param path The temporary, relative to it.
 */
export function forgetKeptPartial(output: OutputDir, path: string): void {
  kept.get(output)?.delete(path);
}

/**
 * Removes every temporary still kept for a fetch that will not be attempted again (the run was
 * interrupted). Best effort: one left behind is swept by a later run.
 *
 * @param output The run's output directory.
 */
export function removeKeptPartials(output: OutputDir): void {
  const paths = kept.get(output);
  if (paths === undefined) return;
  kept.delete(output);
  for (const path of paths) {
    try {
      output.confined.removeFileSync(path);
    } catch {
      // Swept by a later run.
    }
  }
}
