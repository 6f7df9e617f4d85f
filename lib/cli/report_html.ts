/**
 * The page `corun report` writes: one self-contained HTML file (inline CSS and SVG, no script, no
 * network) with the run's totals, its timeline (a row per task and per connection slot, phases
 * coloured, a legend), the slowest fetches, errors by kind, and bytes and throughput over time. The
 * timeline is drawn at the page's width from aggregated rows, so its size does not grow with the
 * number of fetches.
 * @module
 */
import { formatBytes } from "./format.ts";
import {
  errorsByKind,
  type ReportData,
  slowestAttempts,
  type Stretch,
  throughput,
  timeIn,
  timelineRows,
  totalsOf,
} from "./report_data.ts";
import { headOf } from "../loop/mod.ts";

/** The timeline's width in pixel columns, and its rows' height. */
const COLUMNS = 1000;
const LABEL_WIDTH = 170;
const ROW_HEIGHT = 16;
/** Rows in the slowest-fetches table. */
const SLOWEST = 25;
/** Rows in the failed-tasks table. */
const FAILED_TASKS = 25;
/** Characters of an error message shown in a table cell; the whole is in its title. */
const MESSAGE_CHARS = 300;
/** Stretches of the throughput chart. */
const BUCKETS = 120;

/** Colours of the phases, waits and task outcomes, in the legend's order. */
export const COLOURS: Readonly<Record<string, string>> = {
  connect: "#e9a23b",
  tls: "#b07cd8",
  head: "#4aa3df",
  body: "#53b36b",
  write: "#1f6e43",
  attempt: "#c3c8cf",
  queued: "#dcdcdc",
  politeness: "#f2d16b",
  "retry-after": "#e8845c",
  backoff: "#f4b6b6",
  done: "#8cc68c",
  failed: "#e05d5d",
  cancelled: "#a0a0a0",
  skipped: "#d0d0d0",
  unfinished: "#9ecae1",
  starting: "#b8c2d6",
};

/**
 * What the page calls each wait in the frontier (the trace's names are short): what held the fetch
 * back, so that a wait for the origin's `rate`/`delay` is never taken for one for a slot.
 */
export const WAIT_LABELS: Readonly<Record<string, string>> = {
  queued: "queued for a slot",
  politeness: "waiting for the origin's rate/delay",
  "retry-after": "paused by the server (Retry-After)",
  backoff: "backoff before a retry",
};

/** A phase's, wait's or outcome's name as the page shows it. */
function labelOf(name: string): string {
  return WAIT_LABELS[name] ?? name;
}

/**
 * Renders the report page.
 *
 * @param data The run, read from its trace.
 * @param tracePath The trace's path, named on the page.
 * @returns The whole HTML document.
 */
export function renderReport(data: ReportData, tracePath: string): string {
  const { facts } = data;
  const title = `corun run ${facts.source ?? ""}`.trim();
  const parts = [
    "<!doctype html>",
    '<html lang="en"><head><meta charset="utf-8">',
    `<title>${escape(title)}${facts.interrupted ? " (interrupted)" : ""}: report</title>`,
    `<style>${STYLE}</style></head><body>`,
    `<h1>${escape(title)}</h1>`,
    `<p class="facts">Trace <code>${escape(tracePath)}</code>, started ${escape(facts.startedAt)}` +
    (facts.runId ? `, run <code>${escape(facts.runId)}</code>` : "") +
    (facts.fireAt ? `, fired for ${escape(facts.fireAt)}` : "") + ".</p>",
    interruptedNote(data),
    totalsSection(data),
    timelineSection(data),
    slowestSection(data),
    errorsSection(data),
    throughputSection(data),
    warningsSection(data),
    "</body></html>",
  ];
  return parts.join("\n");
}

/** Said before any figure: an interrupted run's figures stop where it stood, not where it ended. */
function interruptedNote(data: ReportData): string {
  if (!data.facts.interrupted) return "";
  return `<p id="interrupted" class="interrupted"><strong>Interrupted</strong> (Ctrl-C or ` +
    `SIGTERM): the run was stopped before it ended. The tasks and fetches still running or ` +
    `waiting were cancelled; the figures below stop where it stood.</p>`;
}

function totalsSection(data: ReportData): string {
  const totals = totalsOf(data);
  const tasks = Object.entries(totals.tasks).map(([outcome, count]) => `${count} ${outcome}`)
    .join(", ") || "none";
  const phases = Object.entries(totals.phaseMs).sort((a, b) => b[1] - a[1])
    .map(([name, ms]) => `${labelOf(name)} ${formatSpan(ms)}`).join(", ") || "none";
  const rows: [string, string][] = [
    ["duration", formatSpan(totals.durationMs)],
    ["tasks", tasks],
    [
      "fetches",
      `${totals.fetches.done} done, ${totals.fetches.failed} failed, ${totals.fetches.cancelled} cancelled` +
      (totals.fetches.leftOut > 0 ? `, ${totals.fetches.leftOut} left out` : ""),
    ],
    [
      "attempts",
      `${totals.attempts} (${totals.retries} ${totals.retries === 1 ? "retry" : "retries"})`,
    ],
    [
      "bytes",
      `${formatBytes(totals.bytes)} (${formatBytes(totals.bytesPerSecond)}/s over the run)`,
    ],
    ["time by phase", phases],
  ];
  if (totals.robotsReads > 0) {
    const reads = `${totals.robotsReads} read for crawled links (not counted as fetches)`;
    rows.splice(3, 0, ["robots.txt", reads]);
  }
  return `<h2>Totals</h2><table id="totals">` +
    rows.map(([name, value]) => `<tr><th>${name}</th><td>${escape(value)}</td></tr>`).join("") +
    "</table>";
}

function timelineSection(data: ReportData): string {
  const rows = timelineRows(data, COLUMNS);
  const width = LABEL_WIDTH + COLUMNS;
  const axisY = rows.length * ROW_HEIGHT + 4;
  const height = axisY + 20;
  const svg: string[] = [
    `<svg id="timeline" xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" ` +
    `viewBox="0 0 ${width} ${height}" role="img" aria-label="timeline of the run">`,
  ];
  for (const tick of ticks(data.durationMs)) {
    const x = LABEL_WIDTH + tick.at * COLUMNS;
    svg.push(
      `<line x1="${x}" y1="0" x2="${x}" y2="${axisY}" class="tick"/>` +
        `<text x="${x}" y="${axisY + 14}" text-anchor="middle">${tick.label}</text>`,
    );
  }
  rows.forEach((row, index) => {
    const y = index * ROW_HEIGHT;
    svg.push(
      `<g class="row" data-kind="${row.kind}" data-label="${escape(row.label)}">` +
        `<text x="${LABEL_WIDTH - 6}" y="${y + ROW_HEIGHT - 4}" text-anchor="end">` +
        `${escape(shorten(row.label, 28))}</text>`,
    );
    for (const segment of row.segments) {
      svg.push(
        `<rect x="${LABEL_WIDTH + segment.column}" y="${y + 2}" width="${segment.columns}" ` +
          `height="${ROW_HEIGHT - 4}" fill="${COLOURS[segment.name] ?? "#888"}"/>`,
      );
    }
    svg.push("</g>");
  });
  svg.push("</svg>");
  const legend = Object.entries(COLOURS).map(([name, colour]) =>
    `<span class="key"><i style="background:${colour}"></i>${escape(labelOf(name))}</span>`
  ).join("");
  return `<h2>Timeline</h2><p class="note">The runner's start, a row per task, a row per connection slot (attempts as ` +
    `they ran side by side, coloured by phase), and what waiting fetches waited for: a free slot ` +
    `(concurrency, perHost), their origin's rate or delay, a server's Retry-After, or their ` +
    `backoff. Each pixel shows what covered most of it.</p>` +
    `<div class="scroll">${svg.join("")}</div>` +
    `<p id="legend">${legend}</p>`;
}

function slowestSection(data: ReportData): string {
  const slowest = slowestAttempts(data, SLOWEST);
  if (slowest.length === 0) return `<h2>Slowest fetches</h2><p>No fetches.</p>`;
  const names = ["connect", "tls", "head", "body", "write"];
  const head = [
    "URL",
    "task",
    "attempt",
    "outcome",
    "status",
    "total",
    "waited",
    ...names,
    "bytes",
  ];
  const rows = slowest.map((attempt) => {
    const waited = attempt.waits.reduce((sum, wait) => sum + wait.endMs - wait.startMs, 0);
    // What it waited for, on hovering the time.
    const why = [...new Set(attempt.waits.map((wait) => wait.name))]
      .map((name) => `${labelOf(name)} ${formatSpan(timeIn(attempt.waits, name))}`).join(", ");
    const cells = [
      `<td class="url">${escape(attempt.url)}</td>`,
      // A crawled link's robots.txt read is the task's, but none of its fetches.
      `<td>${escape(attempt.task)}${attempt.robots ? " (robots.txt)" : ""}</td>`,
      `<td>${attempt.attempt}</td>`,
      `<td class="${escape(attempt.outcome)}">${escape(attempt.outcome)}</td>`,
      `<td>${attempt.status ?? ""}</td>`,
      `<td>${formatSpan(attempt.endMs - attempt.startMs)}</td>`,
      why === ""
        ? `<td>${formatSpan(waited)}</td>`
        : `<td title="${escape(why)}">${formatSpan(waited)}</td>`,
      ...names.map((name) => `<td>${phaseCell(attempt.phases, name)}</td>`),
      `<td>${formatBytes(attempt.bytes)}</td>`,
    ];
    return `<tr>${cells.join("")}</tr>`;
  });
  return `<h2>Slowest fetches</h2><table id="slowest"><thead><tr>` +
    head.map((name) => `<th>${name}</th>`).join("") + `</tr></thead><tbody>${rows.join("")}` +
    "</tbody></table>";
}

function phaseCell(phases: Stretch[], name: string): string {
  return phases.some((phase) => phase.name === name) ? formatSpan(timeIn(phases, name)) : "";
}

function errorsSection(data: ReportData): string {
  const heading = "<h2>Errors by kind</h2>";
  const tasks = failedTasksTable(data);
  const kinds = errorsByKind(data);
  if (kinds.length === 0) {
    return `${heading}<p id="errors">No failed or retried fetches.</p>${tasks}`;
  }
  const rows = kinds.map((kind) =>
    `<tr><td class="kind">${
      escape(kind.kind)
    }</td><td>${kind.attempts}</td><td>${kind.retried}</td>` +
    `<td>${kind.attempts - kind.retried}</td><td class="url">${escape(kind.example.url)}</td>` +
    `${messageCell(kind.example.message)}</tr>`
  );
  return `${heading}<table id="errors"><thead><tr><th>kind</th><th>attempts</th>` +
    `<th>retried</th><th>final</th><th>for example</th><th>message</th></tr></thead>` +
    `<tbody>${rows.join("")}</tbody></table>${tasks}`;
}

/**
 * The failed tasks and why, in the run's order: a task may fail with no fetch to blame (its list
 * unreadable, its own code threw), so the fetches' errors alone would say nothing went wrong.
 */
function failedTasksTable(data: ReportData): string {
  const failed = data.tasks.filter((task) => task.outcome === "failed");
  if (failed.length === 0) return "";
  const rows = failed.slice(0, FAILED_TASKS).map((task) =>
    `<tr><td>${escape(task.name)}</td><td>${escape(task.error?.code ?? "")}</td>` +
    `${messageCell(task.error?.message ?? "")}</tr>`
  );
  const more = failed.length > FAILED_TASKS
    ? `<p class="note">and ${failed.length - FAILED_TASKS} more failed tasks.</p>`
    : "";
  return `<h3>Failed tasks</h3><table id="failed-tasks"><thead><tr><th>task</th><th>code</th>` +
    `<th>error</th></tr></thead><tbody>${rows.join("")}</tbody></table>${more}`;
}

/**
 * An error's message in a table: wrapped anywhere, and cut when long (a server's reason phrase may
 * be thousands of characters of one word), the whole text on hovering.
 */
function messageCell(message: string): string {
  if (message.length <= MESSAGE_CHARS) return `<td class="message">${escape(message)}</td>`;
  return `<td class="message" title="${escape(message)}">` +
    `${escape(headOf(message, MESSAGE_CHARS))}…</td>`;
}

function throughputSection(data: ReportData): string {
  const buckets = throughput(data, BUCKETS);
  const total = buckets.at(-1)?.totalBytes ?? 0;
  // No scale is made up for nothing: every fetch failed before its body, or the run fetched none.
  if (total <= 0) {
    return `<h2>Bytes and throughput</h2><p id="throughput" class="note">No bytes were ` +
      `received: nothing to chart.</p>`;
  }
  const width = LABEL_WIDTH + COLUMNS;
  const height = 200;
  const plotTop = 10;
  const plotHeight = 160;
  const widthMs = buckets[0] ? buckets[0].endMs - buckets[0].startMs : 1;
  const rates = buckets.map((bucket) => bucket.bytes / (widthMs / 1000));
  const maxRate = Math.max(...rates);
  const column = COLUMNS / Math.max(buckets.length, 1);
  const svg: string[] = [
    `<svg id="throughput" xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" ` +
    `viewBox="0 0 ${width} ${height}" role="img" aria-label="bytes and throughput over time">`,
  ];
  rates.forEach((rate, index) => {
    if (rate <= 0) return;
    const barHeight = rate / maxRate * plotHeight;
    svg.push(
      `<rect x="${(LABEL_WIDTH + index * column).toFixed(1)}" y="${
        (plotTop + plotHeight - barHeight).toFixed(1)
      }" width="${Math.max(column - 0.5, 0.5).toFixed(1)}" height="${barHeight.toFixed(1)}" ` +
        `fill="${COLOURS.body}"><title>${formatBytes(rate)}/s</title></rect>`,
    );
  });
  const points = buckets.map((bucket, index) =>
    `${(LABEL_WIDTH + (index + 1) * column).toFixed(1)},${
      (plotTop + plotHeight - bucket.totalBytes / total * plotHeight).toFixed(1)
    }`
  );
  svg.push(
    `<polyline class="cumulative" fill="none" stroke="#333" stroke-width="1.5" ` +
      `points="${LABEL_WIDTH},${plotTop + plotHeight} ${points.join(" ")}"/>`,
  );
  svg.push(
    `<text x="${LABEL_WIDTH - 6}" y="${plotTop + 10}" text-anchor="end">${
      formatBytes(maxRate)
    }/s</text>`,
    `<text x="${LABEL_WIDTH - 6}" y="${plotTop + plotHeight}" text-anchor="end">0</text>`,
  );
  for (const tick of ticks(data.durationMs)) {
    const x = LABEL_WIDTH + tick.at * COLUMNS;
    svg.push(
      `<text x="${x}" y="${plotTop + plotHeight + 16}" text-anchor="middle">${tick.label}</text>`,
    );
  }
  svg.push("</svg>");
  return `<h2>Bytes and throughput</h2><p class="note">${formatBytes(total)} in all. Bars: bytes ` +
    `per second (each fetch's bytes spread from its request to its body's end); line: bytes ` +
    `received so far.</p><div class="scroll">` +
    svg.join("") + "</div>";
}

function warningsSection(data: ReportData): string {
  if (data.warnings.length === 0) return "";
  return `<h2>Warnings</h2><ul id="warnings">` +
    data.warnings.map((w) => `<li>${formatSpan(w.atMs)}: ${escape(w.message)}</li>`).join("") +
    "</ul>";
}

/** About eight evenly spaced times with round labels. */
function ticks(durationMs: number): { at: number; label: string }[] {
  if (durationMs <= 0) return [];
  const rough = durationMs / 8;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= rough)!;
  const found: { at: number; label: string }[] = [];
  for (let ms = 0; ms <= durationMs; ms += step) {
    found.push({ at: ms / durationMs, label: ms === 0 ? "0" : formatSpan(ms) });
  }
  return found;
}

/**
 * A duration for people: `850 µs`, `12.3 ms`, `4.20 s`, `3 min 5 s`.
 *
 * @param ms Milliseconds.
 * @returns The text.
 */
export function formatSpan(ms: number): string {
  // Each unit is chosen by the value as it will be rounded, so none shows a full next unit
  // (`1000 µs`, `60.00 s`, `1 min 60 s`).
  if (Math.round(ms * 1000) < 1000) return `${Math.round(ms * 1000)} µs`;
  if (Math.round(ms * 10) < 1000) return `${ms.toFixed(1)} ms`;
  if (Math.round(ms) < 1000) return `${Math.round(ms)} ms`;
  if (Math.round(ms / 10) < 6000) return `${(ms / 1000).toFixed(2)} s`;
  const seconds = Math.round(ms / 1000);
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
  const minutes = Math.round(ms / 60_000);
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/** The first `length` characters, cut between code points: half an emoji would be a `�`. */
function shorten(text: string, length: number): string {
  const chars = [...text];
  return chars.length <= length ? text : `${chars.slice(0, length - 1).join("")}…`;
}

/** Text safe in HTML content and attribute values. */
function escape(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

const STYLE = `
body { font: 14px/1.4 system-ui, sans-serif; margin: 24px; color: #222; }
h1 { font-size: 20px; } h2 { font-size: 16px; margin-top: 28px; } h3 { font-size: 14px; }
.facts, .note { color: #555; }
.interrupted { background: #fdecea; border-left: 4px solid #e05d5d; padding: 6px 10px; }
table { border-collapse: collapse; } th, td { padding: 3px 8px; border-bottom: 1px solid #e4e4e4; text-align: left; }
#slowest td, #errors td { font-variant-numeric: tabular-nums; }
td.message { max-width: 420px; overflow-wrap: anywhere; }
td.url { max-width: 420px; overflow-wrap: anywhere; font-family: ui-monospace, monospace; font-size: 12px; }
td.failed { color: #b00; } td.retry { color: #b60; }
svg text { font: 11px system-ui, sans-serif; fill: #333; }
svg .tick { stroke: #eee; }
.scroll { overflow-x: auto; }
.key { display: inline-block; margin-right: 14px; white-space: nowrap; }
.key i { display: inline-block; width: 12px; height: 12px; margin-right: 4px; vertical-align: -2px; }
`;
