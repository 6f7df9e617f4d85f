/**
 * External packages of the schedule layer, by full specifier, so `mod.ts` works when imported from a URL.
 * croner parses cron expressions and matches them against wall-clock times; the time zone arithmetic
 * around it is ours (see `next_fire.ts` for why).
 * @module
 */
export { Cron } from "npm:croner@9.1.0";
export { basename, dirname, join, resolve } from "node:path";
