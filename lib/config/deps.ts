/**
 * External packages of the config layer, by full specifier, so `mod.ts` works when imported from a URL.
 * @module
 */
// Paths and file URLs: std's, as the sinks layer picks them for the platform (no Node layer).
export {
  dirname,
  fromFileUrl,
  isAbsolute,
  join,
  relative,
  resolve,
  SEPARATOR,
  toFileUrl,
} from "../sinks/deps.ts";
