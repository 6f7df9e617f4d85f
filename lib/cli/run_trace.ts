/**
 * The `--trace` of one run, from its start to its end: where it goes (`trace_file.ts`), what records
 * it (`TraceRecorder`), and the one place that says it cannot be written. A trace serves the run,
 * which does its work without one: a trace that cannot be made at the start, or put in place at the
 * end, is a warning (through the run's views: on stderr, in `--log`, in `--json`'s list), never the
 * exit code.
 * @module
 */
import { messageOf } from "../loop/mod.ts";
import type { TextSink } from "./cli_host.ts";
import { isStdStream } from "./std_stream.ts";
import { TraceFileOutput, type TraceOutput, TraceStreamOutput } from "./trace_file.ts";
import { TraceRecorder, type TraceStart } from "./trace_recorder.ts";

/** A run's trace while the run goes. */
export interface RunTrace {
  /** Takes the run's events and attempts. */
  readonly recorder: TraceRecorder;
  /**
   * Ends the trace and puts it in place (an interrupted run's too: it shows where the run stood),
   * or says why it cannot be. Never throws.
   *
   * @param options Whether the run was interrupted.
   */
  end(options: { interrupted: boolean }): Promise<void>;
}

/**
 * Starts the trace of a run: a file made beside `path` (`-`: standard output).
 *
 * @param path Where the trace goes (a scheduled run's own name already: `traceFilePath`).
 * @param start The run's config, id and fire, and when it started.
 * @param io The process's standard output, and where warnings go (the run's views).
 * @returns The trace, or undefined when it cannot be made (said as a warning: the run goes on).
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { startRunTrace } from "./run_trace.ts";
 * const warnings: string[] = [];
 * const file = Deno.makeTempFileSync();
 * const trace = startRunTrace(`${file}/t.json`, {}, {
 *   stdout: { write() {} },
 *   warn: (message) => void warnings.push(message),
 * });
 * assertEquals(trace, undefined);
 * assertEquals(warnings.length, 1);
 * Deno.removeSync(file);
 * ```
 */
export function startRunTrace(
  path: string,
  start: TraceStart,
  io: { stdout: TextSink; warn: (message: string) => void },
): RunTrace | undefined {
  let output: TraceOutput;
  try {
    output = isStdStream(path) ? new TraceStreamOutput(io.stdout) : TraceFileOutput.open(path);
  } catch (error) {
    io.warn(`${messageOf(error)}; going on without a trace`);
    return undefined;
  }
  const recorder = new TraceRecorder(start, output.write);
  return {
    recorder,
    async end({ interrupted }) {
      recorder.finish(performance.now(), { interrupted });
      try {
        await output.commit();
      } catch (error) {
        io.warn(messageOf(error));
      }
    },
  };
}
