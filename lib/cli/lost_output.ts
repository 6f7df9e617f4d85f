/**
 * Standard output that did not take all of a command's output: its reader went away
 * (`corun run tasks.yaml --json | head -c 10`, a broken pipe) or a write failed (a full disk). The
 * process's stream stops at its first failed write and keeps the failure (`createTextSink`); once
 * the command is over, `main` says so on stderr, and a command that would have exited 0 exits with a
 * code that says its output is not whole: 141 for a broken pipe (128 + SIGPIPE, what a shell reports
 * for `yes | head`), 1 for any other failure. Any other code wins: it says more (a failed task, a
 * usage error, an interrupt), and a script that forgives 141 (`|| [ $? -eq 141 ]`) must not miss it.
 * @module
 */
import { isBrokenPipe, stdoutFailureReason } from "../sinks/mod.ts";
import type { TextSink } from "./cli_host.ts";
import { EXIT_CODES } from "./exit_codes.ts";

/**
 * The code a command exits with once its output is known to be whole or not, saying on stderr when
 * it is not.
 *
 * @param who Who says it: `corun plan`, or `corun` for help and the version.
 * @param code What the command returned.
 * @param host Its standard output (whose `failure` says whether it lost output) and standard error.
 * @returns `code`, unless it is 0 and standard output lost output: then 141 for a broken pipe, else 1.
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { exitCodeAfterOutput } from "./lost_output.ts";
 * const said: string[] = [];
 * const stdout = { write() {}, failure: new Deno.errors.BrokenPipe("Broken pipe (os error 32)") };
 * const stderr = { write: (text: string) => void said.push(text) };
 * assertEquals(exitCodeAfterOutput("corun plan", 0, { stdout, stderr }), 141);
 * assertEquals(said, [
 *   "corun plan: Cannot write standard output: its reader went away (broken pipe); the output is cut short\n",
 * ]);
 * ```
 */
export function exitCodeAfterOutput(
  who: string,
  code: number,
  host: { stdout: TextSink; stderr: TextSink },
): number {
  const { failure } = host.stdout;
  if (failure === undefined) return code;
  host.stderr.write(
    `${who}: Cannot write standard output: ${
      stdoutFailureReason(failure)
    }; the output is cut short\n`,
  );
  if (code !== EXIT_CODES.ok) return code;
  return isBrokenPipe(failure) ? EXIT_CODES.brokenPipe : EXIT_CODES.taskFailed;
}
