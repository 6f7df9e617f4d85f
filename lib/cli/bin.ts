/**
 * The command line as a program of its own: the entry point of the bundled `dist/cli/corun.js`
 * (`dist/build.ts`). `mod.ts` runs the same `main` when it is the program.
 * @module
 */
import { runAsProgram } from "./main.ts";

if (import.meta.main) runAsProgram(Deno.args);
