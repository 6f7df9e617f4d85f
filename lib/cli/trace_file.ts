/**
 * `--trace FILE`: where a run's trace goes and how it gets there. The trace is kept in memory while
 * the run goes and written once it has ended (interrupted too), whole or not at all: a temporary file
 * beside `FILE`, renamed into place. Each fire of `corun schedule` writes a trace of its own, named
 * with its run id (`trace.json` → `trace.20261202T140000000Z-1a2b3c4d.json`), so a schedule that runs
 * for weeks never rewrites one growing file.
 * @module
 */
import { writeFileAtomic } from "../sinks/mod.ts";
import { basename, dirname, join } from "../sinks/deps.ts";
import type { TraceRecorder } from "./trace_recorder.ts";

/**
 * The file a run's trace goes to: `path` itself, or for one run of many (a schedule's) `path` with
 * the run id before its extension.
 *
 * @param path `--trace`'s value.
 * @param runId The run's id, when the trace is one run of many.
 * @returns The path to write.
 * @example
 * ```ts
 * import { traceFilePath } from "./trace_file.ts";
 * const path = traceFilePath("out/trace.json", "20261202T140000000Z-1a2b3c4d");
 * console.assert(path === "out/trace.20261202T140000000Z-1a2b3c4d.json");
 * ```
 */
export function traceFilePath(path: string, runId?: string): string {
  if (runId === undefined) return path;
  const name = basename(path);
  const dot = name.lastIndexOf(".");
  const extension = dot > 0 ? name.slice(dot) : "";
  const stem = name.slice(0, name.length - extension.length);
  return join(dirname(path), `${stem}.${runId}${extension || ".json"}`);
}

/**
 * Writes a trace atomically.
 *
 * @param path Where.
 * @param recorder The run's trace.
 * @throws {Error} Naming the file, when it cannot be written (nothing half-written is left).
 */
export async function writeTraceFile(path: string, recorder: TraceRecorder): Promise<void> {
  try {
    await writeFileAtomic(path, JSON.stringify(recorder.toJSON()));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`Cannot write the trace "${path}": ${reason}`, { cause: error });
  }
}
