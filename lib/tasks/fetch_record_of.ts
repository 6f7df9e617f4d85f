/**
 * One metadata line per fetch, built and written the same way for a fetch task and for a `ctx.fetch`
 * call of a custom task or a response callback, whether it ended, failed or was cancelled.
 * @module
 */
import { call, codeOf, type Effect, messageOf, type Operation } from "../loop/mod.ts";
import {
  type FollowedRedirects,
  type HeaderList,
  type HttpResponse,
  redactSetCookie,
} from "../http/mod.ts";
import {
  type ChecksumRecord,
  type FetchRecord,
  type JsonLine,
  type JsonOut,
} from "../sinks/mod.ts";
import { TaskInterruptedError } from "./cancellation.ts";
import { fetchEndOf } from "./fetch_end.ts";
import { keptPartialText } from "./kept_partial.ts";
import type { MetadataLog, RunEnv } from "./env.ts";
import { MetadataRecorder } from "./metadata_recorder.ts";
import type { KeptPartial } from "./report.ts";

/** What happened to one fetch, as its metadata line needs it. */
export interface FetchOutcome {
  /** The task that fetched. */
  task: string;
  /** The URL as asked for. */
  url: string;
  /** The request method. */
  method: string;
  /** The final response, when one arrived. */
  response: HttpResponse | undefined;
  /**
   * Without a response: the redirects the request had followed, and where they led
   * (`RequestProgress.redirected`); undefined when it followed none.
   */
  redirected?: FollowedRedirects;
  /** Attempts made, the first included. */
  attempts: number;
  /** Body bytes read (after decoding). */
  bytes: number;
  /** Lower-case hex SHA-256 of the body, or null when none was computed. */
  sha256: string | null;
  /** Where the body was saved, relative to the output directory; null when not saved. */
  savedPath: string | null;
  /** Time spent reading the body. */
  bodyMs: number;
  /** Time spent writing it, beyond reading. */
  writeMs: number;
  /** Wall-clock start, epoch milliseconds. */
  startedAtMs: number;
  /** `performance.now()` at the start. */
  startMs: number;
  /** A 304 left the saved file as it was. */
  unchanged?: boolean;
  /** The body continued a kept partial of this many bytes (a `Range` request). */
  resumedFrom?: number;
  /**
   * The `If-Range` that resume sent: the validator of the version the kept bytes are of, which the
   * saved file keeps in the state (a 416 that says they are the whole file often names none).
   */
  ifRange?: string;
  /** The expected digest and the body's actual one, when a checksum was given. */
  checksum?: ChecksumRecord;
  /** Why the fetch failed, when it did. */
  error?: unknown;
}

/**
 * Builds the metadata line of a fetch.
 *
 * @param outcome What happened.
 * @param endMs `performance.now()` at the end of the fetch: its total time is measured to it.
 * @returns The record.
 */
export function fetchRecordOf(outcome: FetchOutcome, endMs = performance.now()): FetchRecord {
  const { response, error } = outcome;
  // A fetch that failed after a redirect names where it stopped, and a refused 3xx's status.
  const end = fetchEndOf(outcome.url, response, outcome.redirected, error);
  const entry: FetchRecord = {
    task: outcome.task,
    url: outcome.url,
    finalUrl: end.finalUrl,
    method: outcome.method,
    status: end.status,
    headers: response ? headersForMetadata(response.headers) : {},
    bytes: outcome.bytes,
    sha256: outcome.sha256,
    savedPath: outcome.savedPath,
    attempts: outcome.attempts,
    redirects: end.redirects,
    timings: {
      dnsConnectMs: toMicros(response?.timings.connectMs ?? 0),
      tlsMs: toMicros(response?.timings.tlsMs ?? 0),
      firstByteMs: toMicros(response?.timings.firstByteMs ?? 0),
      bodyMs: toMicros(outcome.bodyMs),
      writeMs: toMicros(outcome.writeMs),
      totalMs: toMicros(endMs - outcome.startMs),
    },
    startedAt: new Date(outcome.startedAtMs).toISOString(),
  };
  if (outcome.unchanged) entry.unchanged = true;
  if (outcome.resumedFrom !== undefined) entry.resumedFrom = outcome.resumedFrom;
  if (outcome.ifRange !== undefined) entry.ifRange = outcome.ifRange;
  if (outcome.checksum !== undefined) entry.checksum = { ...outcome.checksum };
  if (error !== undefined) {
    entry.error = {
      code: codeOf(error) ?? (error instanceof Error ? error.name : "ERROR"),
      message: messageOf(error),
    };
  }
  return entry;
}

/**
 * Writes the metadata line of a fetch as JSON text, stamped with its run: the same text as
 * `JSON.stringify({ runId, ...fetchRecordOf(outcome) })`, piece by piece, without the record object
 * (that object and its time as text cost more than the rest of the line): into the log's batch, the
 * line is then never a string. A failed fetch takes the object's way.
 *
 * @param out Where the text goes.
 * @param outcome What happened.
 * @param runId The run's id, written first.
 * @param endMs `performance.now()` at the end of the fetch.
 */
export function writeFetchJson(
  out: JsonOut,
  outcome: FetchOutcome,
  runId: string,
  endMs: number,
): void {
  const { response } = outcome;
  if (outcome.error !== undefined) {
    out.json(JSON.stringify({ runId, ...fetchRecordOf(outcome, endMs) }));
    return;
  }
  const timings = response?.timings;
  out.json(linePrefix(runId, outcome.task));
  out.string(outcome.url);
  out.json(',"finalUrl":');
  out.string(response?.url ?? outcome.url);
  out.json(',"method":');
  out.string(outcome.method);
  out.json(',"status":');
  writeNullable(out, response?.status ?? null);
  out.json(',"headers":');
  out.json(response ? JSON.stringify(headersForMetadata(response.headers)) : "{}");
  out.json(',"bytes":');
  out.number(outcome.bytes);
  out.json(',"sha256":');
  writeNullable(out, outcome.sha256);
  out.json(',"savedPath":');
  writeNullable(out, outcome.savedPath);
  out.json(',"attempts":');
  out.number(outcome.attempts);
  out.json(',"redirects":');
  out.number(response?.redirects ?? 0);
  out.json(',"timings":{"dnsConnectMs":');
  out.thousandths(microsOf(timings?.connectMs ?? 0));
  out.json(',"tlsMs":');
  out.thousandths(microsOf(timings?.tlsMs ?? 0));
  out.json(',"firstByteMs":');
  out.thousandths(microsOf(timings?.firstByteMs ?? 0));
  out.json(',"bodyMs":');
  out.thousandths(microsOf(outcome.bodyMs));
  out.json(',"writeMs":');
  out.thousandths(microsOf(outcome.writeMs));
  out.json(',"totalMs":');
  out.thousandths(microsOf(endMs - outcome.startMs));
  out.json('},"startedAt":');
  writeIsoTime(out, outcome.startedAtMs);
  if (outcome.unchanged) out.json(',"unchanged":true');
  writeSaveFields(out, outcome);
  out.json("}");
}

/** A string, number or null, as `JSON.stringify` writes it. */
function writeNullable(out: JsonOut, value: string | number | null): void {
  if (value === null) out.json("null");
  else if (typeof value === "number") out.number(value);
  else out.string(value);
}

/** The start of the last line's JSON, `{"runId":…,"task":…,"url":`: most lines of a run share it. */
let prefixOf = { runId: "", task: "", text: "" };

/** `{"runId":…,"task":…,"url":` for a line of `task` in run `runId`. */
function linePrefix(runId: string, task: string): string {
  if (prefixOf.runId !== runId || prefixOf.task !== task || prefixOf.text === "") {
    const text = `{"runId":${JSON.stringify(runId)},"task":${JSON.stringify(task)},"url":`;
    prefixOf = { runId, task, text };
  }
  return prefixOf.text;
}

/** The fields a resumed or checked body adds, each after a comma (none when neither). */
function writeSaveFields(out: JsonOut, outcome: FetchOutcome): void {
  if (outcome.resumedFrom !== undefined) {
    out.json(',"resumedFrom":');
    out.number(outcome.resumedFrom);
  }
  if (outcome.ifRange !== undefined) {
    out.json(',"ifRange":');
    out.string(outcome.ifRange);
  }
  const checksum = outcome.checksum;
  if (checksum !== undefined) {
    out.json(',"checksum":');
    out.json(JSON.stringify({
      algorithm: checksum.algorithm,
      expected: checksum.expected,
      actual: checksum.actual,
    }));
  }
}

/** The second {@linkcode writeIsoTime} last wrote, and its text (quote included) up to the milliseconds. */
let isoSecond = NaN;
let isoPrefix = "";

/**
 * Writes `new Date(ms).toISOString()` of a whole number of milliseconds as a JSON string, with the
 * text up to the second kept from the last call: fetches that start within one second share it.
 */
function writeIsoTime(out: JsonOut, ms: number): void {
  const second = Math.floor(ms / 1000);
  const millis = ms - second * 1000;
  if (!Number.isInteger(millis)) return out.string(new Date(ms).toISOString());
  if (second !== isoSecond) {
    const iso = new Date(ms).toISOString(); // throws for a time out of range, as before
    // Years past 9999 (`+010000-…`) are longer: give them the full conversion every time.
    if (iso.length !== 24) return out.string(iso);
    isoSecond = second;
    isoPrefix = `"${iso.slice(0, 20)}`;
  }
  out.json(isoPrefix);
  if (millis < 100) out.json(millis < 10 ? "00" : "0");
  out.number(millis);
  out.json('Z"');
}

/**
 * A time in milliseconds to the microsecond, as the metadata records timings: finer digits are
 * noise, and cost a line more to write than any other field.
 */
function toMicros(ms: number): number {
  return microsOf(ms) / 1000;
}

/** A time in milliseconds as whole microseconds (see {@linkcode toMicros}). */
function microsOf(ms: number): number {
  return Math.round(ms * 1000);
}

/**
 * Writes the metadata line of a fetch, when the run keeps metadata. The run's own log has the line
 * written straight into its batch, without a trip through the loop (it is written out with the
 * batch, and all of them by the time the run ends); a log of another kind gets the record, and is
 * waited for.
 *
 * The fetch's total time ends at `endMs`, not when the returned operation runs: a fetch worker runs
 * it a stage later (see `fetch_worker.ts`), and that wait is not the fetch's.
 *
 * @param log The run's metadata log, or undefined for none.
 * @param outcome What happened.
 * @param endMs `performance.now()` at the end of the fetch: by default this call; a fetch whose
 *   last step read the clock as it ended (a save, see `SavedBody.endMs`) passes that reading.
 * @returns The writing of the line, to run once.
 */
export function recordFetch(
  log: MetadataLog | undefined,
  outcome: FetchOutcome,
  endMs: number = performance.now(),
): Operation<void> {
  if (log instanceof MetadataRecorder && log.batched) return new BatchedLine(log, outcome, endMs);
  return writeRecord(log, outcome, endMs);
}

function* writeRecord(
  log: MetadataLog | undefined,
  outcome: FetchOutcome,
  endMs: number,
): Generator<Effect, void> {
  if (!log) return;
  const entry = fetchRecordOf(outcome, endMs);
  const pending = log instanceof MetadataRecorder ? log.take(entry) : log.append(entry);
  if (pending) yield* call(() => pending, "write metadata");
}

/**
 * The writing of a metadata line into the run's batched log, which takes it without a step of the
 * loop: a hand-written iterator that writes the line at its first `next()` and ends, in place of a
 * generator made for every fetch. Like a generator, it writes once however often it is run.
 */
class BatchedLine implements Operation<void>, Iterator<Effect, void, unknown>, JsonLine {
  readonly #log: MetadataRecorder;
  readonly #endMs: number;
  /** What happened, until the line is written. */
  #outcome: FetchOutcome | undefined;

  constructor(log: MetadataRecorder, outcome: FetchOutcome, endMs: number) {
    this.#log = log;
    this.#outcome = outcome;
    this.#endMs = endMs;
  }

  [Symbol.iterator](): Iterator<Effect, void, unknown> {
    return this;
  }

  next(): IteratorResult<Effect, void> {
    if (this.#outcome !== undefined) {
      this.#log.takeLine(this);
      this.#outcome = undefined;
    }
    return WRITTEN;
  }

  /** Writes the line's text (the log asks, once, from `takeLine`). */
  writeTo(out: JsonOut): void {
    writeFetchJson(out, this.#outcome!, this.#log.runId, this.#endMs);
  }
}

/** The end of a {@linkcode BatchedLine}: one result for all of them. */
const WRITTEN: IteratorResult<Effect, void> = Object.freeze({ done: true, value: undefined });

/**
 * A fetch cut off (its task stopped waiting for it), or given back to a shared queue by a worker
 * that may not run it: its metadata line's `CANCELLED`.
 */
export class FetchCancelledError extends Error {
  /** Stable code, as the loop's cancellation uses. */
  readonly code = "CANCELLED";

  /**
   * @param url The URL being fetched.
   * @param kept What is kept of its body for the next run, told after the reason (`; 5 bytes …`).
   * @param why Why it was cut off. @default the task stopped waiting for it
   */
  constructor(url: string, kept = "", why = "the task stopped waiting for it") {
    super(`Cancelled during the fetch of ${url}: ${why}${kept}`);
    this.name = "FetchCancelledError";
  }
}

/**
 * What the metadata line of a fetch cut off by a cancel records as its error.
 *
 * @param env The run, which knows whether it is stopping.
 * @param url The URL being fetched.
 * @param kept The partial of `resume: true` left for the next run to continue, if any.
 * @returns `CANCELLED`, saying whether the run was stopped or the task stopped waiting, and
 *   what is kept.
 */
export function cancelledFetchError(
  env: Pick<RunEnv, "stopping">,
  url: string,
  kept?: KeptPartial,
): Error {
  const keptText = kept === undefined ? "" : `; ${keptPartialText(kept)}`;
  return env.stopping()
    ? new TaskInterruptedError(`the fetch of ${url}`, keptText)
    : new FetchCancelledError(url, keptText);
}

/**
 * A response's headers as the metadata records them: a `Set-Cookie` keeps its name and attributes,
 * never its value (a session id is a credential, and metadata files are shared and published).
 */
function headersForMetadata(headers: HeaderList): Record<string, string> {
  const record = headers.toRecord();
  const setCookie = record["set-cookie"];
  if (setCookie !== undefined) {
    record["set-cookie"] = setCookie.split("\n").map(redactSetCookie).join("\n");
  }
  return record;
}
