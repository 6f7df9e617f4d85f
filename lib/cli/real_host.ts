/**
 * The real world for the CLI: the runner, the config loader, the process's stdout / stderr, the
 * terminal, the wall clock, signals and timers.
 * @module
 */
import { loadConfig } from "../config/mod.ts";
import { isGranted, startHostTimer } from "../loop/mod.ts";
import { envIfAllowed } from "../net/mod.ts";
import {
  appendHistory,
  type LostRuns,
  markRun,
  readHistory,
  readUnfinishedRuns,
  RUN_MARKS_DIR,
  takeLostRuns,
  tryAppendHistorySync,
} from "../schedule/mod.ts";
import { run } from "../tasks/mod.ts";
import { findCallerDir } from "./caller_dir.ts";
import type { CliHost, TextSink } from "./cli_host.ts";
import { EXIT_CODES } from "./exit_codes.ts";
import { exitProgram, watchForeignExit } from "./foreign_exit.ts";
import { listenForInterrupts } from "./signals.ts";
import { watchStrayErrors } from "./stray_errors.ts";
import { join } from "./deps.ts";

const DEFAULT_COLUMNS = 80;
const DEFAULT_ROWS = 24;

/**
 * Creates the dependencies `main` uses when none are injected. Nothing starts until a field is used.
 *
 * @returns Real implementations of every `CliHost` field.
 */
export function createRealHost(): CliHost {
  return {
    run,
    loadConfig,
    stdout: createTextSink(Deno.stdout),
    stderr: createTextSink(Deno.stderr),
    isTerminal: () => Deno.stdout.isTerminal(),
    noColor: () => Deno.noColor,
    // Read without a prompt: a run without --allow-env=TERM takes the terminal as able.
    term: () => envIfAllowed("TERM"),
    columns: () => {
      try {
        return Deno.consoleSize().columns || DEFAULT_COLUMNS;
      } catch {
        return DEFAULT_COLUMNS; // not a terminal
      }
    },
    rows: () => {
      try {
        return Deno.consoleSize().rows || DEFAULT_ROWS;
      } catch {
        return DEFAULT_ROWS; // not a terminal
      }
    },
    now: () => new Date(),
    // A second Ctrl-C while tasks wind down means "out now", as in most CLIs; where the first gave
    // running jobs a grace period, the second ends it (they are cancelled, and recorded) and the
    // third is "out now".
    listenForInterrupts: (options) => {
      const atExit = new Set<() => void>();
      const scope = listenForInterrupts({
        onRepeat: (_signal, repeats) => {
          if (repeats <= (options?.endsGrace ? 1 : 0)) return;
          for (const action of atExit) {
            try {
              action();
            } catch {
              // Exiting: an action says its own failures; one that throws must not keep the rest.
            }
          }
          exitProgram(EXIT_CODES.interrupted);
        },
      });
      return Object.assign(scope, {
        beforeExit(action: () => void): Disposable {
          atExit.add(action);
          return { [Symbol.dispose]: () => void atExit.delete(action) };
        },
      });
    },
    // The runtime's own timer, re-armed each tick: `setInterval` would load Node's timers.
    every: (intervalMs, tick) => {
      let cancel = () => {};
      const arm = () => {
        cancel = startHostTimer(intervalMs, () => {
          arm();
          tick();
        });
      };
      arm();
      return { [Symbol.dispose]: () => cancel() };
    },
    appendHistory: async (path, entry, options) => {
      // A sleep-only config runs with --allow-read alone: no history then, and never a prompt.
      if (!canWrite(path)) return { written: false };
      return { written: true, ...await appendHistory(path, entry, options) };
    },
    appendHistoryAtExit: (path, entry) => canWrite(path) && tryAppendHistorySync(path, entry),
    readHistory,
    // As the history: never a prompt, and nothing without the permissions.
    markRun: (outDir, run) => canWriteMarks(outDir) ? markRun(outDir, run) : undefined,
    readUnfinishedRuns: (outDir, config) =>
      canRead(join(outDir, RUN_MARKS_DIR)) ? readUnfinishedRuns(outDir, config) : [],
    takeLostRuns: (outDir, config, nowMs) =>
      canWriteMarks(outDir) ? takeLostRuns(outDir, config, nowMs) : Promise.resolve(NO_LOST_RUNS),
    callerDir: findCallerDir,
    watchStrayErrors,
    watchForeignExit,
  };
}

/** True when writing `path` is permitted without asking. */
function canWrite(path: string): boolean {
  return isGranted({ name: "write", path });
}

/** True when reading `path` is permitted without asking. */
function canRead(path: string): boolean {
  return isGranted({ name: "read", path });
}

/** True when the marks of runs in `outDir` may be made, read and removed without asking. */
function canWriteMarks(outDir: string): boolean {
  return canRead(outDir) && canWrite(outDir);
}

/** No run taken over. */
const NO_LOST_RUNS: LostRuns = { runs: [], settle() {} };

/**
 * Wraps a stream of the process as a synchronous text sink. A write that fails (a closed pipe,
 * `corun … | head`; a full disk) stops output instead of failing the run: the failure is kept for
 * `main` to say once the command is over (`lost_output.ts`).
 *
 * @param file `Deno.stdout` or `Deno.stderr`.
 * @returns A sink writing UTF-8 text to it.
 */
export function createTextSink(file: { writeSync(bytes: Uint8Array): number }): TextSink {
  const encoder = new TextEncoder();
  let failure: unknown;
  return {
    get failure() {
      return failure;
    },
    write(text) {
      if (failure !== undefined) return;
      const bytes = encoder.encode(text);
      try {
        for (let offset = 0; offset < bytes.length;) {
          offset += file.writeSync(bytes.subarray(offset));
        }
      } catch (error) {
        failure = error ?? new Error("the write failed");
      }
    },
  };
}
