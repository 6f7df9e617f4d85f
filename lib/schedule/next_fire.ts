/**
 * Cron expressions → fire times (epoch ms) in an IANA time zone, right across daylight-saving changes.
 *
 * corun reads the expression itself, as cronie does (`../config/cron_expression.ts`: croner 9.1.0
 * reads `5L` as every Friday, ORs `*∕2` with a weekday and `Sun-Sun` as every day), and hands croner an
 * explicit pattern; croner finds the matching wall-clock times. We run it in UTC, where no clock
 * ever jumps, and turn each wall-clock time into instants ourselves (`time_zone.ts`). croner 9.1.0's own
 * `timezone` option is not used because around the autumn change it returns a time *before* the one it
 * was asked to start from when that start lies in the repeated hour (so a scheduler asking again would
 * fire in a loop), it takes the first pass of the repeated hour in New York but the second in Berlin,
 * and `0 * * * *` in Berlin skips 02:00 CEST altogether (`croner_zone_test.ts` pins all three).
 *
 * The rules:
 * - **Clocks go forward** (02:00 → 03:00): a time in the gap fires once, read on the clock in force
 *   before the jump, so `30 2 * * *` fires at 03:30 new time, the gap's length later (croner does the
 *   same; ISC cron would run it at 03:00, right after the jump). When that lands on a time the
 *   expression also names, it fires once.
 * - **Clocks go back** (02:00 → 01:00): a time in the repeated hour fires once, at its first
 *   occurrence, so `30 1 * * *` fires at 01:30 summer time only (as ISC cron does). Expressions whose hour field is every
 *   hour (`*`, as in `@hourly` or `0,30 * * * *`) keep their real-time cadence and fire in both passes: an
 *   hourly job runs every hour, including the repeated one.
 * - Fire times are strictly increasing; each instant fires at most once.
 * @module
 */
import type { ScheduleSpec } from "../tasks/mod.ts";
import { parseCronExpression } from "../config/cron_expression.ts";
import { Cron } from "./deps.ts";
import { createTimeZone, resolveWallTime, type TimeZone } from "./time_zone.ts";

/** What fire times depend on: the expression and the zone. */
export type FireTimeSpec = Pick<ScheduleSpec, "cron" | "timezone">;

/** A cron expression that could not be parsed. */
export class CronSyntaxError extends SyntaxError {
  /** Stable code for callers that branch. */
  readonly code = "CRON_SYNTAX";
  /** The expression as given. */
  readonly expression: string;

  /**
   * @param expression The expression.
   * @param reason What is wrong with it.
   * @param options The parser's own error as `cause`.
   */
  constructor(expression: string, reason: string, options?: ErrorOptions) {
    super(`Cannot parse cron expression "${expression}": ${reason}`, options);
    this.name = "CronSyntaxError";
    this.expression = expression;
  }
}

/**
 * Lists the next `count` fire times strictly after `afterWallMs`.
 *
 * @param spec Cron expression (5 fields, 6 with seconds first, or `@hourly`, `@daily` / `@midnight`,
 * `@weekly`, `@monthly`, `@yearly` / `@annually`; read as cronie reads it, see
 * `lib/config/cron_expression.ts`) and IANA time zone (local when absent).
 * @param afterWallMs Epoch milliseconds; only later fire times are listed.
 * @param count How many. @default 1
 * @returns Increasing epoch milliseconds, `count` of them.
 * @throws {CronSyntaxError} When the expression cannot be parsed, or never fires (`0 0 30 2 *`).
 * @throws {RangeError} When the time zone is unknown.
 * @example
 * ```ts
 * import { nextFireTimes } from "./next_fire.ts";
 * const times = nextFireTimes(
 *   { cron: "30 2 * * *", timezone: "America/New_York" },
 *   Date.UTC(2026, 2, 7, 12),
 *   2,
 * );
 * console.log(times.map((ms) => new Date(ms).toISOString()));
 * // ["2026-03-08T07:30:00.000Z" (03:30 EDT: 02:30 did not exist), "2026-03-09T06:30:00.000Z"]
 * ```
 */
export function nextFireTimes(spec: FireTimeSpec, afterWallMs: number, count = 1): number[] {
  const times: number[] = [];
  if (count <= 0) return times;
  for (const epochMs of createFireTimeSource(spec, afterWallMs)) {
    times.push(epochMs);
    if (times.length >= count) break;
  }
  return times;
}

/**
 * Creates an endless, lazily computed sequence of fire times strictly after `afterWallMs`.
 *
 * @param spec Cron expression and time zone, as for {@linkcode nextFireTimes}.
 * @param afterWallMs Epoch milliseconds to start after. @default Date.now()
 * @returns An iterator of increasing epoch milliseconds that does not end.
 * @throws {CronSyntaxError} When the expression cannot be parsed, or never fires (`0 0 30 2 *`).
 * @throws {RangeError} When the time zone is unknown.
 * @example
 * ```ts
 * import { createFireTimeSource } from "./next_fire.ts";
 * const source = createFireTimeSource({ cron: "@hourly", timezone: "UTC" }, Date.UTC(2026, 0, 1));
 * console.log(source.next().value === Date.UTC(2026, 0, 1, 1)); // true
 * ```
 */
export function createFireTimeSource(
  spec: FireTimeSpec,
  afterWallMs: number = Date.now(),
): IterableIterator<number> {
  return new FireTimeIterator(compileCron(spec.cron), createTimeZone(spec.timezone), afterWallMs);
}

/**
 * Takes from `source` the fire times that have passed (at or before `nowWallMs`, none past
 * `untilWallMs`): a scheduler that could not fire meanwhile (the machine slept, the process was
 * stopped) fires once for them, not in a burst.
 *
 * @example
 * ```ts
 * import { createFireTimeSource, skipPassedFires } from "./next_fire.ts";
 * const source = createFireTimeSource({ cron: "@hourly", timezone: "UTC" }, Date.UTC(2026, 0, 1));
 * const { passed, next } = skipPassedFires(source, Date.UTC(2026, 0, 1, 3, 30));
 * console.log(passed === 3 && next.value === Date.UTC(2026, 0, 1, 4)); // true
 * ```
 *
 * @param source Fire times, in order.
 * @param nowWallMs The wall time now.
 * @param untilWallMs The last fire time the scheduler handles. @default no end
 * @returns How many passed, and the source's next result: the first fire time still ahead.
 */
export function skipPassedFires(
  source: Iterator<number>,
  nowWallMs: number,
  untilWallMs = Infinity,
): { passed: number; next: IteratorResult<number> } {
  let passed = 0;
  let next = source.next();
  while (!next.done && next.value <= nowWallMs && next.value <= untilWallMs) {
    passed++;
    next = source.next();
  }
  return { passed, next };
}

/**
 * Checks a schedule without computing anything.
 *
 * @param spec Cron expression and time zone.
 * @throws {CronSyntaxError} When the expression cannot be parsed.
 * @throws {RangeError} When the time zone is unknown.
 * @example
 * ```ts
 * import { validateFireTimeSpec } from "./next_fire.ts";
 * validateFireTimeSpec({ cron: "0 9 * * 1-5", timezone: "Europe/Berlin" });
 * ```
 */
export function validateFireTimeSpec(spec: FireTimeSpec): void {
  compileCron(spec.cron);
  createTimeZone(spec.timezone);
}

/** croner matching wall-clock times (as UTC), and whether the hour field names every hour. */
interface CompiledCron {
  readonly matcher: Cron;
  readonly everyHour: boolean;
}

function compileCron(expression: string): CompiledCron {
  if (typeof expression !== "string") throw new CronSyntaxError(String(expression), "it is empty");
  // corun's own reading (cronie's rules); croner only matches the explicit pattern it yields.
  const parsed = parseCronExpression(expression);
  if (!parsed.ok) throw new CronSyntaxError(expression, parsed.problem);
  const { pattern, daysMatchBoth, everyHour } = parsed.expression;
  // utcOffset 0 keeps croner off Intl entirely (a wall-clock time has no zone) and is ~200x faster.
  // legacyMode false makes croner require both day fields; true, either (cronie's rule decides).
  const matcher = new Cron(pattern, { utcOffset: 0, paused: true, legacyMode: !daysMatchBoth });
  return { matcher, everyHour };
}

/**
 * The first wall-clock match strictly after `afterWallMs`. croner 9.1.0 looks for a day past the
 * month's last one ("30 February") and, when such a day matches, goes on from where it overflows to
 * (2 March), so `0 0 1 * 0` after 28 February 2025 gave 2 March, not 1 March. Whenever its answer is in
 * a later month than the start, we ask again from that month's first second, until it stays put.
 */
function nextWallMatch(matcher: Cron, afterWallMs: number): Date | null {
  let fromMs = afterWallMs;
  for (;;) {
    const next = matcher.nextRun(new Date(fromMs));
    if (next === null) return null;
    const monthStartMs = Date.UTC(next.getUTCFullYear(), next.getUTCMonth(), 1);
    if (monthStartMs - 1000 <= fromMs) return next;
    fromMs = monthStartMs - 1000;
  }
}

/**
 * Walks croner's wall-clock matches in order, resolves each to instants, and hands them out in
 * increasing order. Resolving can reorder (the second pass of a repeated hour comes after later wall
 * times; a time shifted over a gap may land after the next match), so instants wait in `#pending`
 * until no later wall-clock match can produce an earlier one.
 */
class FireTimeIterator implements IterableIterator<number> {
  readonly #cron: CompiledCron;
  readonly #zone: TimeZone;
  /** Sorted ascending, no duplicates. */
  #pending: number[] = [];
  /** The next wall-clock match not yet resolved, or null when there is none. */
  #nextWall: Date | null;
  #lastEmittedMs: number;

  constructor(cron: CompiledCron, zone: TimeZone, afterWallMs: number) {
    this.#cron = cron;
    this.#zone = zone;
    this.#lastEmittedMs = afterWallMs;
    // A wall time W near `afterWallMs` resolves to W minus one of the offsets in force around it, so
    // any W up to `afterWallMs` + the smaller offset resolves to `afterWallMs` or earlier.
    const before = zone.offsetMs(afterWallMs - 86_400_000);
    const after = zone.offsetMs(afterWallMs + 86_400_000);
    this.#nextWall = nextWallMatch(cron.matcher, afterWallMs + Math.min(before, after));
  }

  [Symbol.iterator](): IterableIterator<number> {
    return this;
  }

  next(): IteratorResult<number, undefined> {
    for (;;) {
      const earliest = this.#pending[0];
      if (earliest !== undefined && (this.#nextWall === null || earliest < this.#lowerBound())) {
        this.#pending.shift();
        if (earliest <= this.#lastEmittedMs) continue;
        this.#lastEmittedMs = earliest;
        return { done: false, value: earliest };
      }
      if (this.#nextWall === null) return { done: true, value: undefined };
      this.#resolveNextWall();
    }
  }

  /** No instant from `#nextWall` or any later wall-clock match is earlier than this. */
  #lowerBound(): number {
    const wallMs = this.#nextWall!.getTime();
    const before = this.#zone.offsetMs(wallMs - 86_400_000);
    const after = this.#zone.offsetMs(wallMs + 86_400_000);
    return wallMs - Math.max(before, after);
  }

  #resolveNextWall(): void {
    const wall = this.#nextWall!;
    const resolution = resolveWallTime(this.#zone, wall.getTime());
    switch (resolution.kind) {
      case "unique":
        this.#add(resolution.epochMs);
        break;
      case "skipped":
        this.#add(resolution.shiftedEpochMs);
        break;
      case "repeated":
        this.#add(resolution.firstEpochMs);
        if (this.#cron.everyHour) this.#add(resolution.secondEpochMs);
        break;
    }
    this.#nextWall = nextWallMatch(this.#cron.matcher, wall.getTime());
  }

  #add(epochMs: number): void {
    const pending = this.#pending;
    let index = pending.length;
    while (index > 0 && pending[index - 1] > epochMs) index--;
    if (pending[index - 1] === epochMs) return;
    pending.splice(index, 0, epochMs);
  }
}
