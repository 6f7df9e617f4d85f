/**
 * Run ids: one per run, written on the run's history line and on each of its metadata lines, so a
 * metadata line can be tied to its run. Time first, so ids sort in the order runs started.
 * @module
 */

/** A run id: `20261125T100000123Z-3f9a1c2b` (UTC start to the millisecond, then 8 random hex digits). */
const RUN_ID = /^\d{8}T\d{9}Z-[0-9a-f]{8}$/;

/**
 * Makes a run id from a start time.
 *
 * @param wallMs When the run started (epoch ms, the real clock). @default Date.now()
 * @returns The id, safe as a file name.
 * @example
 * ```ts
 * import { assertMatch } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { newRunId } from "@corun/corun";
 * assertMatch(newRunId(Date.UTC(2026, 10, 25, 10)), /^20261125T100000000Z-[0-9a-f]{8}$/);
 * ```
 */
export function newRunId(wallMs: number = Date.now()): string {
  const stamp = new Date(wallMs).toISOString().replace(/[-:.]/g, "");
  const random = crypto.getRandomValues(new Uint8Array(4));
  return `${stamp}-${Array.from(random, (byte) => byte.toString(16).padStart(2, "0")).join("")}`;
}

/**
 * Tells whether a text is a run id as {@linkcode newRunId} makes them (used before it names a file).
 *
 * @param text Any text.
 * @returns True for a run id.
 */
export function isRunId(text: unknown): text is string {
  return typeof text === "string" && RUN_ID.test(text);
}

/** A run id's start, as {@linkcode newRunId} writes it: year, month, day, hour, minute, second, ms. */
const RUN_ID_START = /^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)(\d{3})Z-/;

/**
 * When a run started, as its id says (to the millisecond, UTC): for a run known by its id alone.
 *
 * @param id A run id.
 * @returns The ISO 8601 time; undefined when `id` holds no real time (`20261399…`).
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { startOfRunId } from "./run_id.ts";
 * assertEquals(startOfRunId("20261125T100000123Z-3f9a1c2b"), "2026-11-25T10:00:00.123Z");
 * assertEquals(startOfRunId("20260230T100000123Z-3f9a1c2b"), undefined);
 * ```
 */
export function startOfRunId(id: string): string | undefined {
  const part = RUN_ID_START.exec(id);
  if (part === null) return undefined;
  const [, year, month, day, hour, minute, second, ms] = part;
  const iso = `${year}-${month}-${day}T${hour}:${minute}:${second}.${ms}Z`;
  const time = Date.parse(iso);
  // A day that does not exist (February 30) is refused, not moved to the next month.
  return Number.isFinite(time) && new Date(time).toISOString() === iso ? iso : undefined;
}

/**
 * Checks a run id given by a caller (`RunOptions.runId`). Archived metadata is named by run id and
 * pruned oldest first by name, so only ids of {@linkcode newRunId}'s form are taken.
 *
 * @param id The id given.
 * @returns The id.
 * @throws {RangeError} When it is not of that form.
 */
export function checkedRunId(id: unknown): string {
  if (isRunId(id)) return id;
  throw new RangeError(
    `Cannot use runId ${JSON.stringify(id) ?? String(id)}: expected one of the form ` +
      `20261125T100000123Z-3f9a1c2b (the UTC start time to the millisecond, then 8 lowercase hex ` +
      `digits), as newRunId() makes, or none for a new one`,
  );
}
