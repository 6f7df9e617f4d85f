/**
 * The `corun` command line: {@linkcode main} (argument list in, exit code out) and
 * {@linkcode runMain} (make a TypeScript config runnable by itself), with the exit code table
 * {@linkcode EXIT_CODES} (a run report's code: {@linkcode exitCodeOf}) and {@linkcode VERSION}.
 * @module
 */
export type { CliHost, HistoryWrite, TextSink } from "./cli_host.ts";
export type { CutShortRun } from "./foreign_exit.ts";
export { EXIT_CODES, type ExitCode, exitCodeOf, type RunEnding } from "./exit_codes.ts";
export { main, runAsProgram } from "./main.ts";
export { argsForConfigModule, runMain } from "./config_main.ts";
export type { InterruptScope } from "./signals.ts";
export { VERSION } from "./version.ts";
