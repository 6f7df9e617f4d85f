/**
 * External packages of the schedule layer, by full specifier, so `mod.ts` works when imported from a URL.
 * croner matches the pattern corun reads from a cron expression against wall-clock times; the reading
 * and the time zone arithmetic around it are ours (see `next_fire.ts` for why).
 * @module
 */
export { Cron } from "npm:croner@9.1.0";
// Paths: std's, as the sinks layer picks them for the platform (no Node compatibility layer).
export { basename, dirname, resolve } from "../sinks/deps.ts";
