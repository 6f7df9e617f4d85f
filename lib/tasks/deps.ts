/** External modules of the tasks layer, by full specifier (mod.ts must work when imported by URL). */
// Paths: std's, as the sinks layer picks them for the platform (no Node compatibility layer).
export { dirname, isAbsolute, relative, resolve, SEPARATOR } from "../sinks/deps.ts";
