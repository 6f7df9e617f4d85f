/**
 * The CLI's host: everything the CLI touches outside itself (streams, terminal, clock, signals, the
 * runner, the loader), injected so commands run in tests without processes, terminals, signals or a
 * real runner. (`deps.ts` files are a layer's imports; the host is what is injected.)
 * @module
 */
import type { LoadConfigOptions } from "../config/mod.ts";
import type {
  AppendHistoryOptions,
  HistoryAppend,
  HistoryRun,
  LostRuns,
  MarkedRun,
  ReadHistoryOptions,
  RunMark,
  UnfinishedRun,
} from "../schedule/mod.ts";
import type { ConfigSpec, RunHooks, RunOptions, RunReport } from "../tasks/mod.ts";
import type { CutShortRun } from "./foreign_exit.ts";
import type { InterruptScope } from "./signals.ts";

/** What appending to a run history did (see {@linkcode CliHost.appendHistory}). */
export interface HistoryWrite extends HistoryAppend {
  /** False when the line was not written because writing there is not permitted. */
  written: boolean;
}

/** Where text goes. Writes are synchronous so a live frame is never drawn half-way. */
export interface TextSink {
  /** Writes `text` as it is (no newline added). */
  write(text: string): void;
  /**
   * The first write's failure, once one failed (its reader went away, its disk is full): what is
   * written since is dropped (see `lost_output.ts`).
   * @default undefined (a sink that never says so is taken as whole)
   */
  readonly failure?: unknown;
}

/** The CLI's view of the world. `main` fills in any field left out with the real thing. */
export interface CliHost {
  /** Runs a config (lib/tasks `run`), with corun's own hooks when a worker runs it. */
  run(config: ConfigSpec, options?: RunOptions & RunHooks): Promise<RunReport>;
  /**
   * Loads and validates a config from a file path or a `file:` URL.
   * @throws {ConfigError} With every located issue when the config is invalid.
   */
  loadConfig(location: string, options?: LoadConfigOptions): Promise<ConfigSpec>;
  /** The process's standard output. */
  stdout: TextSink;
  /** The process's standard error. */
  stderr: TextSink;
  /** True when stdout is a terminal (so a live view may redraw in place). */
  isTerminal(): boolean;
  /** True when NO_COLOR asks for plain output. */
  noColor(): boolean;
  /** The terminal's type (`TERM`) when the run may read it: `dumb` cannot move the cursor. */
  term(): string | undefined;
  /** Width of the terminal in columns. */
  columns(): number;
  /** Height of the terminal in rows (24 when unknown): the live view's frame takes one less. */
  rows(): number;
  /** Wall-clock time, for timestamps. */
  now(): Date;
  /**
   * Starts listening for SIGINT / SIGTERM; dispose to stop listening. A later interrupt exits at
   * once, unless `endsGrace`: then the second aborts `again` (the command ends its grace period
   * early and winds down) and the third exits at once, after the scope's `beforeExit` actions.
   */
  listenForInterrupts(options?: { endsGrace?: boolean }): InterruptScope;
  /** Calls `tick` every `intervalMs` until disposed (drives the live view's redraws). */
  every(intervalMs: number, tick: () => void): Disposable;
  /**
   * Appends one finished run (or one found lost) to a run history file (lib/schedule
   * `appendHistory`), then prunes it to `options.keep` runs per schedule.
   * @returns Whether it was written (false when writing there is not permitted), and the prune's
   *   failure when it was written but could not be pruned.
   * @throws {Error} Any other file system error.
   */
  appendHistory(
    path: string,
    entry: HistoryRun,
    options?: AppendHistoryOptions,
  ): Promise<HistoryWrite>;
  /**
   * Appends one run to a run history file at once, for a process about to exit (lib/schedule
   * `tryAppendHistorySync`): synchronous, never waiting for another writer, never pruning.
   * @returns False when it was not written: writing there is not permitted, or another process
   *   holds the file's lock this moment.
   * @throws {Error} Any other file system error.
   */
  appendHistoryAtExit(path: string, entry: HistoryRun): boolean;
  /**
   * Marks a run as going in its output directory until the mark is disposed (lib/schedule
   * `markRun`), so that a run killed before its history line is found lost.
   * @returns Undefined when no mark can be made (writing there is not permitted, no file locks).
   */
  markRun(outDir: string, run: Omit<MarkedRun, "pid" | "host">): RunMark | undefined;
  /**
   * The runs of `config` marked in an output directory, going or lost (lib/schedule
   * `readUnfinishedRuns`); none when reading there is not permitted.
   */
  readUnfinishedRuns(outDir: string, config?: string): UnfinishedRun[];
  /**
   * Takes over the marks of the runs that ended without their history line that a run of `config`
   * records at `nowMs` (lib/schedule `takeLostRuns`); none when writing there is not permitted.
   */
  takeLostRuns(outDir: string, config: string | undefined, nowMs: number): Promise<LostRuns>;
  /**
   * The folder the user typed `deno task corun` in, as corun's own task says it (`CORUN_CALLER_DIR`,
   * see `caller_dir.ts`); undefined when relative paths are the working directory's.
   */
  callerDir(): string | undefined;
  /**
   * Tells `report` each error the config's code lets go outside any task (a rejected promise nothing
   * awaited, a throw from a timer) until disposed: while the command line runs as the program, these
   * are caught (`stray_errors.ts`); a host that catches none never calls it.
   */
  watchStrayErrors(report: (message: string) => void): Disposable;
  /**
   * Has `run` named and recorded, until disposed, should the config's code call `Deno.exit` while
   * the command line runs as the program (`foreign_exit.ts`); a host that guards no exit never does.
   */
  watchForeignExit(run: CutShortRun): Disposable;
  /**
   * Reads the last `limit` runs of a history file (of `options.config`, when given), oldest first
   * (lib/schedule `readHistory`).
   */
  readHistory(
    path: string,
    limit?: number,
    options?: ReadHistoryOptions,
  ): Promise<HistoryRun[]>;
}
