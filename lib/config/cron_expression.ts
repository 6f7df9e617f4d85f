/**
 * The cron grammar corun accepts, read as cronie (the cron on most servers) reads it, plus the day
 * extensions `L` (last day of the month), `nL` / `n#L` (last such weekday) and `n#k` (k-th such
 * weekday). It lives in the config layer so a config's check reports a bad field with the config's
 * other problems, located; the schedule layer compiles the result for croner (`next_fire.ts`).
 *
 * What cronie does and corun follows:
 * - `@yearly`, `@annually`, `@monthly`, `@weekly`, `@daily`, `@midnight`, `@hourly` (`@reboot` has no
 *   fire times and is refused).
 * - Day of month and day of week: when either field starts with `*` (`*`, `*∕2`), a day must match
 *   both; otherwise (`1,15` and `fri`) it must match either.
 * - Names (`jan`-`dec`, `sun`-`sat`) in any case, also as range ends; 0 and 7 are Sunday; a range
 *   that ends on Sunday (`Sat-Sun`, `5-0`) ends on 7, so `Sun-Sun` is Sundays only. With a step
 *   (`5-0/2`) it does not, and the range runs backwards: refused, with `5-7/2` as the fix.
 * - A range that runs backwards (`20-4`, `Nov-Mar`) is refused: cronie would silently never fire it.
 *   So is an expression whose days never meet a date (`0 0 31 4 *`, `0 0 30 2 *`: `cron_days.ts`).
 *
 * Where cronie refuses and corun accepts: `n/step` (`5/15`: from 5 to the field's end, as croner,
 * robfig/cron, croniter and cron-parser read it), a seconds field first (6 fields), and the day
 * extensions above.
 * @module
 */

import { hasMatchingDate } from "./cron_days.ts";
import { quoteReceived } from "../http/mod.ts";

/** An expression checked and reduced to what croner needs to match it. */
export interface CronExpression {
  /** The expression as given. */
  readonly source: string;
  /**
   * Six fields (seconds first), each `*` or an explicit list of numbers, for croner; day of week
   * may hold `d#k` / `d#L`, day of month `L`.
   */
  readonly pattern: string;
  /** cronie's rule: true when day of month or day of week starts with `*` (both must match). */
  readonly daysMatchBoth: boolean;
  /** The hour field names every hour (such as `*` or `@hourly`). */
  readonly everyHour: boolean;
}

/** The result of reading an expression: the expression, or what is wrong with it. */
export type CronParseResult =
  | { readonly ok: true; readonly expression: CronExpression }
  | { readonly ok: false; readonly problem: string };

const NICKNAMES: Readonly<Record<string, string>> = {
  "@yearly": "0 0 1 1 *",
  "@annually": "0 0 1 1 *",
  "@monthly": "0 0 1 * *",
  "@weekly": "0 0 * * 0",
  "@daily": "0 0 * * *",
  "@midnight": "0 0 * * *",
  "@hourly": "0 * * * *",
};

/** The nicknames corun accepts, in cronie's order. */
const CRON_NICKNAMES: readonly string[] = Object.keys(NICKNAMES);

const MONTH_NAMES = [
  "jan",
  "feb",
  "mar",
  "apr",
  "may",
  "jun",
  "jul",
  "aug",
  "sep",
  "oct",
  "nov",
  "dec",
];
const DAY_NAMES = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];

interface FieldRule {
  readonly name: string;
  readonly low: number;
  readonly high: number;
  /** Names for low, low + 1, … */
  readonly names?: readonly string[];
}

const SECOND: FieldRule = { name: "second", low: 0, high: 59 };
const MINUTE: FieldRule = { name: "minute", low: 0, high: 59 };
const HOUR: FieldRule = { name: "hour", low: 0, high: 23 };
const DAY_OF_MONTH: FieldRule = { name: "day-of-month", low: 1, high: 31 };
const MONTH: FieldRule = { name: "month", low: 1, high: 12, names: MONTH_NAMES };
const DAY_OF_WEEK: FieldRule = { name: "day-of-week", low: 0, high: 7, names: DAY_NAMES };

/** Thrown inside the parser with the reason; turned into a result at its edge. */
class FieldProblem extends Error {}

/**
 * Reads a cron expression: 5 fields, 6 with seconds first, or a nickname.
 *
 * @param source The expression.
 * @returns The expression, or the problem, naming the field and the part of it that is wrong, such as
 * `minute "61": 61 is out of range 0-59`.
 * @example
 * ```ts
 * import { parseCronExpression } from "./cron_expression.ts";
 * const result = parseCronExpression("0 16 * * 5L");
 * console.log(result.ok && result.expression.pattern); // "0 0 16 * * 5#L"
 * ```
 */
export function parseCronExpression(source: string): CronParseResult {
  try {
    return { ok: true, expression: parse(source) };
  } catch (error) {
    if (error instanceof FieldProblem) return { ok: false, problem: error.message };
    throw error;
  }
}

function parse(source: string): CronExpression {
  const trimmed = source.trim();
  if (trimmed === "") throw new FieldProblem("it is empty");
  if (trimmed.startsWith("@")) {
    if (trimmed === "@reboot") {
      throw new FieldProblem('"@reboot" has no fire times (cron runs it when cron starts)');
    }
    const expanded = NICKNAMES[trimmed];
    if (expanded === undefined) {
      throw new FieldProblem(
        `unknown nickname ${quoteReceived(trimmed)}; use one of ${CRON_NICKNAMES.join(", ")}`,
      );
    }
    return parseFields(source, expanded.split(" "));
  }
  // croner reads "?" as "the time the job was created", which would move the schedule on each restart.
  if (trimmed.includes("?")) throw new FieldProblem('"?" is not supported; write "*" or a value');
  const fields = trimmed.split(/\s+/);
  if (fields.length !== 5 && fields.length !== 6) {
    throw new FieldProblem(
      `it has ${fields.length} field${fields.length === 1 ? "" : "s"}; ` +
        "cron needs 5 (minute hour day-of-month month day-of-week), or 6 with seconds first",
    );
  }
  return parseFields(source, fields);
}

function parseFields(source: string, fields: string[]): CronExpression {
  const [second, minute, hour, dayOfMonth, month, dayOfWeek] = fields.length === 6
    ? fields
    : ["0", ...fields];
  const hours = parseField(hour, HOUR);
  const days = parseDayOfMonth(dayOfMonth);
  const weekdays = parseDayOfWeek(dayOfWeek);
  const months = parseField(month, MONTH);
  const daysMatchBoth = dayOfMonth.startsWith("*") || dayOfWeek.startsWith("*");
  const lastDay = days.last.length > 0;
  const { values: weekdayValues, nth } = weekdays;
  if (
    !hasMatchingDate({
      days: days.values,
      lastDay,
      months,
      weekdays: weekdayValues,
      nth,
      daysMatchBoth,
    })
  ) {
    throw new FieldProblem(
      daysMatchBoth && dayOfWeek !== "*"
        ? `it never fires: no date in month ${quoteReceived(month)} is both day-of-month ${
          quoteReceived(dayOfMonth)
        } and day-of-week ${quoteReceived(dayOfWeek)}`
        : `it never fires: month ${quoteReceived(month)} has no day-of-month ${
          quoteReceived(dayOfMonth)
        }`,
    );
  }
  const pattern = [
    listOf(parseField(second, SECOND), SECOND, true),
    listOf(parseField(minute, MINUTE), MINUTE, true),
    listOf(hours, HOUR, true),
    // croner ignores a day field written "*"; that is right only when the days must match both.
    [...listOf(days.values, DAY_OF_MONTH, daysMatchBoth && dayOfMonth === "*"), ...days.last]
      .join(","),
    listOf(months, MONTH, true),
    [...listOf(weekdays.values, DAY_OF_WEEK, daysMatchBoth && dayOfWeek === "*"), ...weekdays.nth]
      .join(","),
  ].join(" ");
  return { source, pattern, daysMatchBoth, everyHour: hours.size === 24 };
}

/** `*` when every value is in and `star` allows it, else the values, for croner. */
function listOf(values: ReadonlySet<number>, rule: FieldRule, star: boolean): string[] {
  const all = rule === DAY_OF_WEEK ? 7 : rule.high - rule.low + 1;
  if (star && values.size === all) return ["*"];
  return [...values].sort((a, b) => a - b).map(String);
}

function parseDayOfMonth(field: string): { values: Set<number>; last: string[] } {
  const items = splitItems(field, DAY_OF_MONTH);
  const plain = items.filter((item) => item.toUpperCase() !== "L");
  const last = plain.length === items.length ? [] : ["L"];
  for (const item of plain) {
    if (/W/i.test(item)) {
      // Only a day (or L) is one to write alone: "W" or "*/W" leave nothing a field takes.
      const day = item.replace(/W/gi, "");
      const instead = /^(\d+|L)$/i.test(day)
        ? `write the day alone (${quoteReceived(day)})`
        : "write the days without it";
      throw new FieldProblem(
        `day-of-month ${quoteReceived(field)}: ${
          quoteReceived(item)
        } is not supported; "W" (the weekday nearest a day) is not cronie's: ${instead}`,
      );
    }
    if (/L/i.test(item)) {
      throw new FieldProblem(
        `day-of-month ${quoteReceived(field)}: ${
          quoteReceived(item)
        } is not supported; "L" (the last day) stands alone in a list item`,
      );
    }
  }
  const values = plain.length === 0 ? new Set<number>() : parseItems(field, plain, DAY_OF_MONTH);
  return { values, last };
}

function parseDayOfWeek(field: string): { values: Set<number>; nth: string[] } {
  const nth: string[] = [];
  const plain: string[] = [];
  for (const item of splitItems(field, DAY_OF_WEEK)) {
    const special = /^([a-z0-9]+)(?:#([0-9]+|L)|(L))$/i.exec(item);
    if (!special) {
      if (/[L#]/i.test(item)) {
        throw new FieldProblem(
          `day-of-week ${quoteReceived(field)}: ${
            quoteReceived(item)
          } is not supported; write "5L" or "5#L" for the last Friday, "5#2" for the second`,
        );
      }
      plain.push(item);
      continue;
    }
    const day = valueOf(field, special[1], DAY_OF_WEEK) % 7;
    const which = special[3] ? "L" : special[2].toUpperCase();
    if (which !== "L" && !/^[1-5]$/.test(which)) {
      throw new FieldProblem(
        `day-of-week ${quoteReceived(field)}: ${
          quoteReceived(item)
        } asks for weekday number ${which} of the month; use 1-5 or L`,
      );
    }
    nth.push(`${day}#${which}`);
  }
  const values = new Set([...parseItems(field, plain, DAY_OF_WEEK)].map((day) => day % 7));
  return { values, nth };
}

function splitItems(field: string, rule: FieldRule): string[] {
  const items = field.split(",");
  if (items.some((item) => item === "")) {
    throw new FieldProblem(`${rule.name} ${quoteReceived(field)}: a list has an empty item`);
  }
  return items;
}

function parseField(field: string, rule: FieldRule): Set<number> {
  return parseItems(field, splitItems(field, rule), rule);
}

/** Each item: `*`, `value`, `value-value`, any of them with `/step`. */
function parseItems(field: string, items: readonly string[], rule: FieldRule): Set<number> {
  const values = new Set<number>();
  for (const item of items) {
    const match = /^(?:(\*)|([a-z0-9]+)(?:-([a-z0-9]+))?)(?:\/([0-9]+))?$/i.exec(item);
    if (!match) {
      const hint = item.includes("~")
        ? '; "~" (a random value) is not supported'
        : /W/i.test(item)
        ? '; "W" (nearest weekday) is not supported'
        : "";
      throw new FieldProblem(
        `${rule.name} ${quoteReceived(field)}: cannot read ${
          quoteReceived(item)
        }${hint}; write *, a value, a range a-b, each with an optional /step, or a list of them`,
      );
    }
    const [, star, first, last, stepText] = match;
    const step = stepText === undefined ? 1 : Number(stepText);
    if (step === 0) {
      throw new FieldProblem(`${rule.name} ${quoteReceived(field)}: a step of 0 never advances`);
    }
    let low: number;
    let high: number;
    if (star) {
      low = rule.low;
      high = rule === DAY_OF_WEEK ? 6 : rule.high;
    } else {
      low = valueOf(field, first, rule);
      if (last !== undefined) {
        high = valueOf(field, last, rule);
        // cronie: a range ending on Sunday written 0 ends on 7 (`Sat-Sun` is Saturday and Sunday),
        // but only without a step: cronie refuses `5-0/2`, so corun does too, saying how to write it.
        if (rule === DAY_OF_WEEK && high === 0 && low > 0) {
          if (stepText !== undefined) {
            throw new FieldProblem(
              `${rule.name} ${
                quoteReceived(field)
              }: the range ${first}-${last} ends on Sunday written as 0 ` +
                `and has a step, which cron refuses; write ${first}-7/${stepText}`,
            );
          }
          high = 7;
        }
        if (low > high) {
          throw new FieldProblem(
            `${rule.name} ${quoteReceived(field)}: the range ${first}-${last} runs backwards; ` +
              `cron needs the first value not after the second (split it: ${first}-${
                nameOf(rule, rule.high)
              },${nameOf(rule, rule.low)}-${last})`,
          );
        }
      } else {
        // `5/15`: from 5 to the field's end (cronie refuses it; croner and the others read it so).
        high = stepText === undefined ? low : rule === DAY_OF_WEEK ? 6 : rule.high;
      }
    }
    for (let value = low; value <= high; value += step) values.add(value);
  }
  return values;
}

function valueOf(field: string, text: string, rule: FieldRule): number {
  let value: number;
  if (/^[0-9]+$/.test(text)) value = Number(text);
  else {
    const index = rule.names?.indexOf(text.toLowerCase()) ?? -1;
    if (index < 0) {
      const known = rule.names ? ` (names: ${rule.names.join(", ")})` : "";
      throw new FieldProblem(
        `${rule.name} ${quoteReceived(field)}: ${
          quoteReceived(text)
        } is not a ${rule.name}${known}`,
      );
    }
    value = index + rule.low;
  }
  if (value < rule.low || value > rule.high) {
    throw new FieldProblem(
      `${rule.name} ${quoteReceived(field)}: ${text} is out of range ${rule.low}-${rule.high}`,
    );
  }
  return value;
}

/** How a field's value is written in a hint: its name when the field has names. */
function nameOf(rule: FieldRule, value: number): string {
  const name = rule.names?.[value - rule.low];
  return name === undefined ? String(value) : name[0].toUpperCase() + name.slice(1);
}
