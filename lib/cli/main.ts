/**
 * The `corun` command: parse the command line, execute the command, return the exit code.
 * @module
 */
import type { CliHost } from "./cli_host.ts";
import { createRealHost } from "./real_host.ts";
import { EXIT_CODES } from "./exit_codes.ts";
import { resolveInvocationPaths } from "./invocation_paths.ts";
import { exitCodeAfterOutput } from "./lost_output.ts";
import { parseCommandLine } from "./program.ts";
import { CORUN_PROGRAM, type ProgramIdentity } from "./program_identity.ts";
import type { CommandSpec, Invocation } from "./command.ts";
import { COMMANDS } from "./registry.ts";
import { catchProgramStrays } from "./stray_errors.ts";
import { survivePastFileSizeLimit } from "./signals.ts";
import { exitProgram, goingRuns, guardForeignExit, recordGoingRuns } from "./foreign_exit.ts";
import { stalledText, watchUnendedStall } from "../tasks/mod.ts";
import { failureText } from "../loop/mod.ts";
import { redactCredentials } from "../net/mod.ts";

/**
 * Runs the `corun` command line and returns the exit code for the caller to exit with (a program's
 * entry point is `Deno.exit(await main(Deno.args))`), with one exception, the command's own: while
 * `run`, `schedule` or `worker` goes, it listens for SIGINT and SIGTERM (until it returns); the
 * first interrupt cancels the run, and one more exits the process at once with 130
 * (`EXIT_CODES.interrupted`; after `schedule --grace`, the second ends the grace and the third
 * exits; `run` writes its history line first, see `run_stop.ts`). Every other command listens too while it works, and the first interrupt makes `main`
 * return 130 at once, saying `Interrupted: corun check stopped`: what the command was waiting on is
 * left to the process's exit (`submit`, `db migrate`, `db prune` and `db cancel` are one transaction each, and
 * commit nothing unless the stop came during that commit). A `host` with a `listenForInterrupts` of
 * its own decides otherwise.
 *
 * @param args The arguments after the program name, such as `["run", "tasks/example.yaml"]`.
 * @param host Replacements for the real runner, loader, streams, terminal, clock, signals or timers.
 * @returns The exit code; see `EXIT_CODES` (0 ok, 1 a task failed, 2 bad config or arguments,
 *   75 `run --lock=fail` found the lock held, 130 interrupted, 141 standard output's reader went
 *   away before all was written: see `lost_output.ts`).
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { main, VERSION } from "@corun/corun";
 * const printed: string[] = [];
 * const code = await main(["--version"], { stdout: { write: (text) => void printed.push(text) } });
 * assertEquals([code, printed.join("")], [0, `${VERSION}\n`]);
 * ```
 */
export function main(args: readonly string[], host: Partial<CliHost> = {}): Promise<number> {
  return mainOf(CORUN_PROGRAM, args, host);
}

/** `main` for the program given: corun, or a config script that runs itself (`runMain`). */
async function mainOf(
  program: ProgramIdentity,
  args: readonly string[],
  host: Partial<CliHost>,
): Promise<number> {
  const world: CliHost = { ...createRealHost(), ...host };
  const parsed = await parseCommandLine(args, COMMANDS, world, program);
  if (parsed.kind === "exit") return exitCodeAfterOutput("corun", parsed.code, world);
  const code = await execute(parsed.command, parsed.invocation, world);
  return exitCodeAfterOutput(`corun ${parsed.command.name}`, code, world);
}

/** Executes a parsed command: its exit code, or 1 and what it threw when it failed unexpectedly. */
async function execute(command: CommandSpec, parsed: Invocation, world: CliHost): Promise<number> {
  const invocation = resolveInvocationPaths(command, parsed, world.callerDir());
  try {
    if (command.windsDownOnInterrupt) return await command.execute(invocation, world);
    return await executeUntilInterrupted(command, invocation, world);
  } catch (error) {
    // A bug, not a task failure: say so plainly, with the stack for the report.
    world.stderr.write(
      `corun ${command.name} failed unexpectedly: ${redactCredentials(failureText(error))}\n`,
    );
    return EXIT_CODES.taskFailed;
  }
}

/**
 * Executes a command that has nothing to wind down on SIGINT or SIGTERM (no tasks to cancel, no run
 * to record), until it ends or the first interrupt comes: then 130, said on stderr, as a stopped
 * `run` exits, and never the runtime's default for the signal (143 for SIGTERM). The listeners go
 * when it returns.
 */
async function executeUntilInterrupted(
  command: CommandSpec,
  invocation: Invocation,
  world: CliHost,
): Promise<number> {
  using interrupts = world.listenForInterrupts();
  const stopped = Promise.withResolvers<number>();
  const stop = () => {
    world.stderr.write(`Interrupted: corun ${command.name} stopped\n`);
    stopped.resolve(EXIT_CODES.interrupted);
  };
  interrupts.signal.addEventListener("abort", stop, { once: true });
  const work = command.execute(invocation, world);
  // Left behind by a stop, its later failure is no one's to hear (the process is exiting).
  work.catch(() => {});
  try {
    return await Promise.race([work, stopped.promise]);
  } finally {
    interrupts.signal.removeEventListener("abort", stop);
  }
}

/**
 * Runs the command line as the program and exits with its code. Not awaited at the top level: a
 * TypeScript config the run imports may import the module that called this, which would then wait
 * for the run to end, and the run for it. A failure outside `main`'s own catch exits 1 too.
 *
 * Should a run wait on what nothing will ever settle (a custom task awaiting a promise that never
 * resolves), the run fails the tasks stuck and ends as any run does (lib/tasks `stall_watch.ts`).
 * Should the command still wait on such a promise after that (a task's own `finally` stuck too),
 * Deno's event loop drains and the process would end with exit code 0, no summary and no word: it
 * says so instead, naming the tasks still waiting, records the runs going as failed (their history
 * lines, as `Deno.exit` by the config's code has them), and exits 1.
 *
 * A promise the config's code rejected that nothing awaited, or a throw from a timer it left
 * behind, would end the process at once, other tasks' downloads cut short: each is caught instead,
 * a warning of the runs going (`stray_errors.ts`), and the exit code is at least 1. Should the
 * config's code call `Deno.exit` itself, that is said, with the tasks it cut short, the runs going
 * are recorded as failed, and the exit code is at least 1 (`foreign_exit.ts`). A save past the file
 * size limit (`ulimit -f`) fails that task with EFBIG instead of SIGXFSZ killing the process.
 *
 * @param args The arguments after the program name.
 * @param host Replacements for the real world (`runMain`'s tests).
 * @param program Whose command line it is: `runMain`'s script names itself and is the config.
 */
export function runAsProgram(
  args: readonly string[],
  host: Partial<CliHost> = {},
  program: ProgramIdentity = CORUN_PROGRAM,
): void {
  const stalled = watchUnendedStall(() => {
    console.error(stalledText("corun stopped: what is left of the command", goingRuns()));
    // Recorded as failed, so the next run does not take it for one that was killed.
    recordGoingRuns();
    exitProgram(EXIT_CODES.taskFailed);
  });
  const strays = catchProgramStrays((text) => console.error(text.trimEnd()));
  const foreignExit = guardForeignExit((text) => console.error(text.trimEnd()));
  const fileSizeLimit = survivePastFileSizeLimit();
  const exit = (code: number) => {
    fileSizeLimit[Symbol.dispose]();
    stalled[Symbol.dispose]();
    strays[Symbol.dispose]();
    foreignExit[Symbol.dispose]();
    exitProgram(strays.count > 0 && code === EXIT_CODES.ok ? EXIT_CODES.taskFailed : code);
  };
  mainOf(program, args, host).then(exit, (error) => {
    console.error(`corun failed unexpectedly: ${redactCredentials(failureText(error))}`);
    exit(EXIT_CODES.taskFailed);
  });
}
