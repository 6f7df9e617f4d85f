/**
 * The command line as a program of its own: the entry point of the bundled `dist/cli/corun.js`
 * (`dist/build.ts`). `mod.ts` runs the same `main` when it is the program.
 * @module
 */
import { main } from "./main.ts";

// No top-level await, as in mod.ts: a TypeScript config imported by the run may import mod.ts.
if (import.meta.main) main(Deno.args).then((code) => Deno.exit(code));
