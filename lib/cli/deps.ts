/**
 * External packages of the CLI layer, by full specifier, so `mod.ts` works when imported from a URL.
 * Nothing here loads Deno's Node compatibility layer: `corun --version` starts as fast as Deno does.
 * @module
 */
export { cyan, dim, gray, green, red, yellow } from "npm:deno-std@1.4.0/fmt/colors.js";
// Paths and file URLs: std's, as the sinks layer picks them for the platform.
export {
  basename,
  dirname,
  fromFileUrl,
  isAbsolute,
  join,
  relative,
  resolve,
} from "../sinks/deps.ts";
