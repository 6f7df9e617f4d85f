/**
 * `-` as the value of `--log` and `--trace`: standard output, as with any command-line tool, not a
 * file named `-` in the working directory. Standard output holds one thing at a time:
 *
 * - `--trace -`: the trace, written as the run goes; the run is shown on stderr in plain lines, as
 *   with a `save: "-"` body. Refused beside such a body or `--json` (each needs stdout whole), and
 *   by `corun schedule` (one trace per run: several JSON documents on one stream).
 * - `--log -`: the plain timestamped lines, on stdout, which is what the view there writes anyway
 *   (a live view becomes plain lines), or on stderr when stdout holds a `save: "-"` body or the
 *   trace; with `--json`, on stderr beside the report on stdout. Refused with `--quiet` (which
 *   asks for no lines), and with `--json` when the body holds stdout (the report is on stderr then).
 *
 * This module is the one place that reads `-` and says what clashes.
 * @module
 */
import { unusableFlag } from "./flag_problem.ts";

/** The value that means standard output. */
export const STD_STREAM = "-";

/** What a run asks to write where. */
export interface StreamRequest {
  /** `--log`'s value. */
  logPath?: string | undefined;
  /** `--trace`'s value. */
  tracePath?: string | undefined;
  /** `--json`. */
  json: boolean;
  /** `--quiet` (without `--json`, which wins over it). */
  quiet: boolean;
  /** A task saves its body to stdout (`save: "-"`). */
  bodyOnStdout: boolean;
  /** Each run writes a trace of its own (`corun schedule`). */
  tracePerRun?: boolean;
}

/**
 * Whether an option's value means standard output.
 *
 * @param path The value.
 * @returns True for `-`.
 */
export function isStdStream(path: string | undefined): boolean {
  return path === STD_STREAM;
}

/** The paths by which a process names its own standard output and error (Linux, macOS). */
const STREAM_PATHS: ReadonlyMap<string, "standard output" | "standard error"> = new Map([
  ["/dev/stdout", "standard output"],
  ["/dev/fd/1", "standard output"],
  ["/proc/self/fd/1", "standard output"],
  ["/dev/stderr", "standard error"],
  ["/dev/fd/2", "standard error"],
  ["/proc/self/fd/2", "standard error"],
]);

/**
 * Which standard stream a path names (`/dev/stdout`), for a refusal to point at `-` instead: Deno
 * lets a program write there only with `-A`, and a file renamed into place replaces the link.
 *
 * @param path An absolute path.
 * @returns The stream, or undefined for any other path.
 */
export function standardStreamOf(path: string): "standard output" | "standard error" | undefined {
  return STREAM_PATHS.get(path);
}

/**
 * An option's value as a file to open: none when the option was not given, or is `-` (a stream).
 *
 * @param path The value.
 * @returns The file's path, or undefined.
 */
export function fileOf(path: string | undefined): string | undefined {
  return isStdStream(path) ? undefined : path;
}

/**
 * Whether standard output belongs to something else than the run's view: a `save: "-"` body or
 * `--trace -`. The view then goes to stderr, in plain lines.
 *
 * @param request What the run writes.
 * @returns True when the view must leave stdout.
 */
export function isStdoutTaken(request: Pick<StreamRequest, "bodyOnStdout" | "tracePath">): boolean {
  return request.bodyOnStdout || isStdStream(request.tracePath);
}

/**
 * The clashes of `-` with what else needs standard output, each a sentence for stderr (exit 2).
 *
 * @param request What the run writes.
 * @returns One message per clash; empty when none.
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { streamProblems } from "./std_stream.ts";
 * assertEquals(streamProblems({ tracePath: "-", json: true, quiet: false, bodyOnStdout: false }), [
 *   "Cannot use --trace -: standard output holds the --json report; give the trace a file",
 * ]);
 * ```
 */
export function streamProblems(request: StreamRequest): string[] {
  const problems: string[] = [];
  if (isStdStream(request.tracePath)) {
    const holder = request.tracePerRun
      ? "each scheduled run writes a trace of its own, which one stream cannot hold apart"
      : request.bodyOnStdout
      ? 'standard output holds the body a task saves to "-"'
      : request.json
      ? "standard output holds the --json report"
      : undefined;
    if (holder !== undefined) {
      problems.push(unusableFlag("--trace -", `${holder}; give the trace a file`));
    }
  }
  if (isStdStream(request.logPath)) {
    if (request.quiet && !request.json) {
      problems.push(
        unusableFlag("--log - with --quiet", "one asks for every line, the other for none"),
      );
    } else if (request.json && request.bodyOnStdout) {
      problems.push(unusableFlag(
        "--log - with --json here",
        'standard output holds the body a task saves to "-" and standard error the report; ' +
          "give the log a file",
      ));
    }
  }
  return problems;
}
