/** External modules of the tasks layer, by full specifier (mod.ts must work when imported by URL). */
export { dirname, isAbsolute, relative, resolve } from "node:path";
