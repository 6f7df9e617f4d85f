/**
 * Text shared by every output mode: durations, the one-line summary, what a task does.
 * @module
 */
import { formatMs } from "../loop/mod.ts";
import type {
  FetchSummary,
  ItemCounts,
  RunReport,
  TaskOutcome,
  TaskResult,
  TaskSpec,
} from "../tasks/mod.ts";
import { formatCount, keptPartialText, shownError } from "../tasks/mod.ts";
import { BIDI_CONTROL_RANGES, isStdoutSave } from "../sinks/mod.ts";

export { formatCount };

const OUTCOME_ORDER: readonly TaskOutcome[] = ["done", "failed", "cancelled", "skipped"];

/**
 * Formats a duration as seconds with two decimals (`3.00s`), with minutes and hours when long.
 *
 * @param ms Milliseconds; negative counts as 0.
 * @returns `0.25s`, `3.00s`, `2m05.50s`, `1h02m05s`.
 * @example
 * ```ts
 * import { formatSeconds } from "./format.ts";
 * formatSeconds(3005); // "3.01s"
 * ```
 */
export function formatSeconds(ms: number): string {
  // Rounded to whole centiseconds first: 3005ms is 3.01s, not toFixed's binary-float 3.00s.
  const totalMs = Math.round(Math.max(0, ms) / 10) * 10;
  if (totalMs < 60_000) return `${(totalMs / 1000).toFixed(2)}s`;
  const totalSeconds = Math.floor(totalMs / 1000);
  const minutes = Math.floor(totalSeconds / 60) % 60;
  const hours = Math.floor(totalSeconds / 3600);
  if (hours > 0) {
    return `${hours}h${pad2(minutes)}m${pad2(totalSeconds % 60)}s`;
  }
  return `${minutes}m${((totalMs % 60_000) / 1000).toFixed(2).padStart(5, "0")}s`;
}

function pad2(value: number): string {
  return String(value).padStart(2, "0");
}

/** How {@linkcode summaryLine} and {@linkcode describeOutcome} write their counts. */
export interface CountStyle {
  /**
   * Thousands separators (`10,004`), as every count of the live view has. Plain lines, `--log`
   * files and `--quiet` keep bare digits (`10004`): scripts and cron mail filters read them.
   * @default false
   */
  grouped?: boolean;
}

/**
 * The count formatter of a style.
 *
 * @param style Grouped (`1,000`) or plain.
 * @returns The formatter.
 */
export function countsOf(style: CountStyle): (count: number) => string {
  return style.grouped ? formatCount : String;
}

/**
 * The line that ends every run: `4 tasks: 3 done, 1 failed in 3.01s`.
 *
 * @param report The finished run.
 * @param style How counts are written.
 * @returns One line without a newline; outcomes with no task are left out.
 * @example
 * ```ts
 * import { summaryLine } from "./format.ts";
 * summaryLine({
 *   startedAt: "", endedAt: "", durationMs: 3005, virtualTime: false, interrupted: false,
 *   counts: { done: 3, failed: 1, cancelled: 0, skipped: 0 }, warnings: [], tasks: [],
 * }); // "4 tasks: 3 done, 1 failed in 3.01s"
 * ```
 */
export function summaryLine(report: RunReport, style: CountStyle = {}): string {
  const count = countsOf(style);
  const total = OUTCOME_ORDER.reduce((sum, outcome) => sum + report.counts[outcome], 0);
  const parts = OUTCOME_ORDER.filter((outcome) => report.counts[outcome] > 0)
    .map((outcome) => `${count(report.counts[outcome])} ${outcome}`);
  const head = `${count(total)} ${total === 1 ? "task" : "tasks"}`;
  let line = parts.length === 0 ? head : `${head}: ${parts.join(", ")}`;
  line += ` in ${formatSeconds(report.durationMs)}`;
  if (report.virtualTime) line += " (virtual time)";
  if (report.interrupted) line += " (interrupted)";
  return line;
}

/**
 * Says what a declared task does: `sleep 3s`, `GET https://example.com/ → {host}/{uuid}.html`,
 * `GET each URL in urls.txt → {path}` (a list: its file is read, not fetched).
 *
 * @param task The validated task.
 * @param shownPath How a file the config names is shown (plan: relative to the config's folder).
 * @returns A short description for plans and logs.
 */
export function describeTask(
  task: TaskSpec,
  shownPath: (path: string) => string = (path) => path,
): string {
  switch (task.kind) {
    case "sleep":
      return `sleep ${formatMs(task.durationMs)}`;
    case "fetch": {
      const { method, url } = task.request;
      const request = task.urls?.kind === "list"
        ? `${method} each URL in ${shownPath(task.urls.path)}`
        : `${method} ${url}`;
      const targets = [
        ...(task.save !== undefined
          ? [isStdoutSave(task.save) ? "stdout" : task.save]
          : task.urls?.kind === "list"
          ? ["the list's save names"]
          : []),
        ...(task.onResponse === undefined ? [] : ["callback"]),
      ];
      return targets.length === 0
        ? `${request} (not saved)`
        : `${request} → ${targets.join(" + ")}`;
    }
    case "custom":
      return "custom coroutine";
  }
}

/**
 * How long a finished task ran, as every view shows it: its loop-clock span, plus the real time it
 * spent fetching when the clock was virtual (that clock stands still while a fetch is pending, and
 * runs through sleeps without waiting).
 *
 * @param result The task's record.
 * @returns Milliseconds, or null when it never started.
 */
export function taskDurationMs(result: TaskResult): number | null {
  if (result.startMs === null || result.endMs === null) return null;
  return result.endMs - result.startMs + (result.realFetchMs ?? 0);
}

/**
 * Says where a fetch's body is, for the live view: `a.html`, or `unchanged a.html` when the server
 * answered 304 and the file an earlier run saved was kept.
 *
 * @param fetch What the fetch task fetched, if it is one.
 * @returns The text, or "" when nothing was saved.
 */
export function savedDetail(fetch: FetchSummary | undefined): string {
  if (fetch === undefined) return "";
  const path = fetch.savedPath ?? "";
  return fetch.unchanged ? `unchanged ${path}`.trimEnd() : path;
}

/**
 * Says how a task ended, for logs: `done 3.00s (200, 512 bytes, saved a.html)`,
 * `done 0.02s (304, unchanged a.html)`, `failed 0.52s: Cannot connect…`, `skipped: …`,
 * `cancelled 3.87s: 4096 bytes are kept in .a.iso.corun-partial for the next run to continue`.
 *
 * @param result The task's record.
 * @param style How counts are written.
 * @returns The outcome, its duration when it ran, and the error message when there is one.
 */
export function describeOutcome(result: TaskResult, style: CountStyle = {}): string {
  const count = countsOf(style);
  const durationMs = taskDurationMs(result);
  let text = durationMs === null
    ? result.outcome
    : `${result.outcome} ${formatSeconds(durationMs)}`;
  if (result.outcome === "done" && result.fetch !== undefined) {
    const { status, bytes, savedPath, unchanged, stdout } = result.fetch;
    const facts = [String(status ?? "-")];
    // An unchanged fetch received no body, so no byte count: the file an earlier run saved stands.
    if (unchanged) facts.push(savedDetail(result.fetch));
    else {
      facts.push(`${count(bytes)} bytes`);
      // `save: "-"`: "saved -" would read as a file named "-", which a server may name its file.
      if (stdout) facts.push("written to stdout");
      else if (savedPath !== null) facts.push(`saved ${savedPath}`);
    }
    text += ` (${facts.join(", ")})`;
  }
  if (result.items !== undefined) {
    text += ` (${describeItems(result.items, style, result.emptyList)})`;
  }
  const error = shownError(result);
  if (error !== undefined) text += `: ${error}`;
  if (result.keptPartial !== undefined) text += `: ${keptPartialText(result.keptPartial, count)}`;
  return text;
}

/**
 * `20000 fetches: 19998 done, 2 failed; 5 URLs left out`: how a many-URL task's fetches ended. The
 * URLs a crawl left out (refused, or a crawled link that redirected off its origins) stand apart,
 * outside the fetches' count, so the fetches' parts add up. The fetches a 304 answered are some of
 * the done ones, said right after them (`5 done, 3 of them unchanged`), not a part of their own.
 *
 * A list with no URL that `allowEmptyList` allows says so, not `0 fetches: 0 done`, which reads
 * like a broken step before the run.
 *
 * @param items The task's fetch counts.
 * @param style How counts are written.
 * @param emptyList The task's list held no URL, as its `allowEmptyList` allows (`TaskResult.emptyList`).
 * @returns The text, without parentheses.
 */
export function describeItems(
  items: ItemCounts,
  style: CountStyle = {},
  emptyList = false,
): string {
  if (emptyList) return "0 fetches: its list holds no URL, which allowEmptyList allows";
  const count = countsOf(style);
  const parts = [`${count(items.done)} done`];
  if (items.unchanged) parts.push(`${count(items.unchanged)} of them unchanged`);
  if (items.failed > 0) parts.push(`${count(items.failed)} failed`);
  if (items.cancelled > 0) parts.push(`${count(items.cancelled)} cancelled`);
  let text = `${count(items.total)} ${items.total === 1 ? "fetch" : "fetches"}: ${
    parts.join(", ")
  }`;
  if (items.skipped > 0) {
    text += `; ${count(items.skipped)} ${items.skipped === 1 ? "URL" : "URLs"} left out`;
  }
  return text;
}

const BYTE_UNITS = ["KiB", "MiB", "GiB", "TiB"];

/**
 * Formats a byte count in binary units, one decimal above 1 KiB.
 *
 * @param bytes A count of bytes; negative counts as 0.
 * @returns `512 B`, `1.5 KiB`, `40.0 MiB`, `2.3 GiB`.
 * @example
 * ```ts
 * import { formatBytes } from "./format.ts";
 * formatBytes(1536); // "1.5 KiB"
 * ```
 */
export function formatBytes(bytes: number): string {
  // Rounded as shown before the unit is chosen: 1023.6 B is 1.0 KiB and 1023.96 KiB is 1.0 MiB,
  // never 1024 B or 1024.0 KiB.
  const whole = Math.round(Math.max(0, bytes));
  if (whole < 1024) return `${whole} B`;
  let value = Math.max(0, bytes) / 1024;
  let unit = 0;
  while (unit < BYTE_UNITS.length - 1 && Math.round(value * 10) / 10 >= 1024) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(1)} ${BYTE_UNITS[unit]}`;
}

// Code points a terminal draws two columns wide: East Asian Wide and Fullwidth, and emoji shown as
// pictures (Unicode's EastAsianWidth.txt, the blocks that matter; the rest of the plane is narrow).
const WIDE =
  /[\u1100-\u115F\u231A\u231B\u2329\u232A\u2E80-\u303E\u3041-\u33FF\u3400-\u4DBF\u4E00-\u9FFF\uA000-\uA4CF\uA960-\uA97F\uAC00-\uD7A3\uF900-\uFAFF\uFE10-\uFE19\uFE30-\uFE6F\uFF00-\uFF60\uFFE0-\uFFE6\u{16FE0}-\u{16FE4}\u{17000}-\u{18CFF}\u{1B000}-\u{1B2FF}\u{1F200}-\u{1F2FF}\u{20000}-\u{2FFFD}\u{30000}-\u{3FFFD}\p{Emoji_Presentation}]/u;
// Drawn on top of the character before them (combining marks, variation selectors) or not at all
// (zero-width spaces and joiners, other format characters).
const ZERO_WIDTH = /[\p{Mn}\p{Me}\p{Cf}]/u;
// Control characters would move the cursor or start an escape sequence inside a frame; the
// bidirectional controls would show the rest of a line in another order (a server's
// `invoice\u202Efdp.exe` read as `invoiceexe.pdf`). The other format characters harm no terminal
// and join emoji (U+200D) in a log line: text a message quotes has them escaped where it is quoted
// (`quoteReceived`, lib/http), so a library caller's message shows them too.
const CONTROL_CLASS = `[\\p{Cc}${BIDI_CONTROL_RANGES}]`;
const CONTROLS = new RegExp(CONTROL_CLASS, "gu");
// The same but tab, which moves no line and starts no sequence: a plain log line keeps it.
const CONTROLS_BUT_TAB = new RegExp(`(?!\\t)${CONTROL_CLASS}`, "u");
const CONTROLS_BUT_TAB_ALL = new RegExp(`(?!\\t)${CONTROL_CLASS}`, "gu");
// Variation selector 16 asks for emoji presentation: `❤️`, `☀️`, `✔️` are drawn two columns wide
// by terminals that follow Unicode (kitty, WezTerm, iTerm2, VTE), one by others (xterm). Counting
// two may leave a column blank; counting one would push the line past the edge and wrap it.
const EMOJI_PRESENTATION = "\uFE0F";
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/**
 * How many terminal columns one code point takes.
 *
 * @param char One code point (a string of one or two UTF-16 units).
 * @returns 0, 1 or 2.
 */
function charWidth(char: string): number {
  if (char < "\u0300") return 1; // Latin and the like, the common case (controls are gone by now)
  if (ZERO_WIDTH.test(char)) return 0;
  return WIDE.test(char) ? 2 : 1;
}

/**
 * How many terminal columns `text` takes once drawn: wide CJK characters and emoji count two (a
 * character with the emoji selector U+FE0F too: `❤️`), combining marks and zero-width characters
 * none. Control characters count one, as the space
 * {@linkcode oneLine} turns them into.
 *
 * @param text Text without color codes.
 * @returns Its width in columns.
 * @example
 * ```ts
 * import { displayWidth } from "./format.ts";
 * displayWidth("日本"); // 4
 * ```
 */
export function displayWidth(text: string): number {
  if (PRINTABLE_ASCII.test(text)) return text.length;
  let width = 0;
  walkColumns(text, (_char, adds) => {
    width += adds;
  });
  return width;
}

/**
 * Walks `text` a character at a time with the columns each adds: a narrow character followed by
 * {@linkcode EMOJI_PRESENTATION} becomes an emoji, so the selector adds one column to it.
 *
 * @param text The text.
 * @param visit Told each character, the columns it adds, and the columns of the character it is or
 *   widens (a selector's included); returning false stops the walk.
 */
function walkColumns(
  text: string,
  visit: (char: string, adds: number, whole: number) => boolean | void,
): void {
  let whole = 0;
  for (const char of text) {
    const isSelector = char === EMOJI_PRESENTATION;
    const adds = isSelector ? (whole === 1 ? 1 : 0) : charWidth(char);
    whole = isSelector ? whole + adds : adds;
    if (visit(char, adds, whole) === false) return;
  }
}

/**
 * How many rows a terminal that wraps long lines lays `text` on at `columns` wide: a wide character
 * that does not fit in what is left of a row starts the next one and leaves that column blank, so
 * a line of them can take more rows than its width over `columns` says.
 *
 * @param text Text without color codes or control characters.
 * @param columns The terminal's width.
 * @returns 1 at least.
 * @example
 * ```ts
 * import { wrappedRows } from "./format.ts";
 * wrappedRows("日本語", 3); // 3: one wide character a row
 * ```
 */
export function wrappedRows(text: string, columns: number): number {
  if (columns <= 0) return 1;
  if (PRINTABLE_ASCII.test(text)) return Math.max(1, Math.ceil(text.length / columns));
  let rows = 1;
  let used = 0;
  walkColumns(text, (char, adds, whole) => {
    if (adds === 0) return;
    if (used + adds > columns) {
      rows++;
      // A selector widens the character before it: the two move to the next row together.
      used = char === EMOJI_PRESENTATION ? whole : adds;
    } else used += adds;
  });
  return rows;
}

/**
 * Makes text safe inside a frame of lines: each control character (newline, tab, escape) becomes a
 * space, so a name or URL can neither break a line nor move the cursor.
 *
 * @param text Any text.
 * @returns The text on one line.
 */
export function oneLine(text: string): string {
  return text.replace(CONTROLS, " ");
}

/**
 * Splits text into the lines it holds, each made safe by {@linkcode oneLine}: what a terminal
 * prints above a frame, where a newline in a message would be a line the frame does not know of.
 *
 * @param text Any text.
 * @returns Its lines (one at least), a CRLF counting as one line break, without control characters.
 */
export function safeLines(text: string): string[] {
  return text.split(/\r?\n/).map(oneLine);
}

/**
 * Makes text one plain log line: each control character other than tab is written as an escape
 * (`\n`, `\r`, else `\u001b`), so an event stays one line that starts with its timestamp, and no
 * escape sequence reaches the file or terminal that shows the log.
 *
 * @param text Any text.
 * @returns The text on one line, readable as it was.
 * @example
 * ```ts
 * import { escapeControls } from "./format.ts";
 * escapeControls("a\nb\x1b[2J"); // "a\\nb\\u001b[2J"
 * ```
 */
export function escapeControls(text: string): string {
  if (!CONTROLS_BUT_TAB.test(text)) return text;
  return text.replace(CONTROLS_BUT_TAB_ALL, escapeOf);
}

/**
 * A warning as stderr shows it: `warning: <message>` on one line, its control characters escaped
 * (a server's text in a message can neither break the line nor move a terminal's cursor).
 *
 * @param message The warning.
 * @returns The line, with its line break.
 */
export function warningLine(message: string): string {
  return `warning: ${escapeControls(message)}\n`;
}

function escapeOf(char: string): string {
  if (char === "\n") return "\\n";
  if (char === "\r") return "\\r";
  return `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`;
}

/**
 * Cuts text to at most `width` terminal columns, ending with `…` when cut. Never splits a character
 * (a surrogate pair, a wide character) and keeps combining marks with the character they mark.
 *
 * @param text Text without color codes or control characters.
 * @param width Columns available.
 * @returns `text`, or its head and `…` within `width` columns.
 * @example
 * ```ts
 * import { cutToWidth } from "./format.ts";
 * cutToWidth("https://example.com/a/long/path", 12); // "https://exa…"
 * ```
 */
export function cutToWidth(text: string, width: number): string {
  if (width <= 0) return "";
  if (PRINTABLE_ASCII.test(text)) {
    return text.length <= width ? text : `${text.slice(0, width - 1)}…`;
  }
  if (displayWidth(text) <= width) return text;
  let head = "";
  let used = 0;
  let previousChar = "";
  walkColumns(text, (char, adds) => {
    if (used + adds > width - 1) {
      // A selector that does not fit takes its character with it: half an emoji is none.
      if (char === EMOJI_PRESENTATION && adds > 0) head = head.slice(0, -previousChar.length);
      return false;
    }
    head += char;
    used += adds;
    previousChar = char;
    return true;
  });
  return `${head}…`;
}

/** How {@linkcode alignColumns} lays out a table. */
export interface AlignOptions {
  /** Columns padded on the left (numbers). @default none */
  rightAligned?: ReadonlySet<number>;
  /** Put before every line. @default two spaces */
  indent?: string;
}

/**
 * Rows of cells as lines, every column but the last padded to its widest cell, two spaces apart,
 * without trailing spaces.
 *
 * @param rows The header and the rows, all of one length.
 * @param options Which columns align right, and the indent.
 * @returns One line per row.
 */
export function alignColumns(rows: readonly string[][], options: AlignOptions = {}): string[] {
  const { rightAligned, indent = "  " } = options;
  const last = rows[0].length - 1;
  // A loop, not `Math.max(...cells)`: spreading a plan's 200,000 rows overflows the stack.
  const widths = rows[0].map((_, column) =>
    rows.reduce((widest, row) => Math.max(widest, row[column].length), 0)
  );
  return rows.map((row) =>
    (indent +
      row.map((cell, column) =>
        column === last
          ? cell
          : rightAligned?.has(column)
          ? cell.padStart(widths[column])
          : cell.padEnd(widths[column])
      ).join("  ")).trimEnd()
  );
}
