/**
 * The command line as a program of its own: the entry point of the bundled `dist/cli/corun.js`
 * (`dist/build.ts`). `mod.ts` runs the same `main` when it is the program.
 *
 * `corun --version` (or `-V`) alone is answered here, before the rest of corun loads: the rest is
 * most of the bundle, and compiling it would triple the time Deno itself takes to start (README,
 * "Performance"). Every other command line loads `main.ts`, which answers `--version` the same way.
 * @module
 */
import { VERSION } from "./version.ts";

/**
 * Whether a command line asks for the version and nothing else.
 *
 * @param args The arguments after the program name.
 * @returns True for `--version` or `-V` alone.
 */
export function asksOnlyForVersion(args: readonly string[]): boolean {
  return args.length === 1 && (args[0] === "--version" || args[0] === "-V");
}

if (import.meta.main) {
  if (asksOnlyForVersion(Deno.args)) {
    console.log(VERSION);
  } else {
    // Not awaited at the top level, for the reason `runAsProgram` gives.
    import("./main.ts").then(({ runAsProgram }) => runAsProgram(Deno.args));
  }
}
