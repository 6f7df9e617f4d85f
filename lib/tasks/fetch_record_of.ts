/**
 * One metadata line per fetch, built and written the same way for a fetch task and for a `ctx.fetch`
 * call of a custom task or a response callback, whether it ended, failed or was cancelled.
 * @module
 */
import { call, type Effect } from "../loop/mod.ts";
import type { HttpResponse } from "../http/mod.ts";
import type { FetchRecord } from "../sinks/mod.ts";
import { TaskInterruptedError } from "./cancellation.ts";
import type { MetadataLog, RunEnv } from "./env.ts";

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
  /** Why the fetch failed, when it did. */
  error?: unknown;
}

/**
 * Builds the metadata line of a fetch.
 *
 * @param outcome What happened.
 * @returns The record, its total time measured now.
 */
export function fetchRecordOf(outcome: FetchOutcome): FetchRecord {
  const { response } = outcome;
  const entry: FetchRecord = {
    task: outcome.task,
    url: outcome.url,
    finalUrl: response?.url ?? outcome.url,
    method: outcome.method,
    status: response?.status ?? null,
    headers: response?.headers.toRecord() ?? {},
    bytes: outcome.bytes,
    sha256: outcome.sha256,
    savedPath: outcome.savedPath,
    attempts: outcome.attempts,
    redirects: response?.redirects ?? 0,
    timings: {
      dnsConnectMs: response?.timings.connectMs ?? 0,
      tlsMs: response?.timings.tlsMs ?? 0,
      firstByteMs: response?.timings.firstByteMs ?? 0,
      bodyMs: outcome.bodyMs,
      writeMs: outcome.writeMs,
      totalMs: performance.now() - outcome.startMs,
    },
    startedAt: new Date(outcome.startedAtMs).toISOString(),
  };
  if (outcome.unchanged) entry.unchanged = true;
  const error = outcome.error;
  if (error !== undefined) {
    entry.error = {
      code: (error as { code?: string }).code ?? (error instanceof Error ? error.name : "ERROR"),
      message: error instanceof Error ? error.message : String(error),
    };
  }
  return entry;
}

/**
 * Writes the metadata line of a fetch, when the run keeps metadata.
 *
 * @param log The run's metadata log, or undefined for none.
 * @param outcome What happened.
 */
export function* recordFetch(
  log: MetadataLog | undefined,
  outcome: FetchOutcome,
): Generator<Effect, void> {
  if (!log) return;
  const entry = fetchRecordOf(outcome);
  yield* call(() => log.append(entry), "write metadata");
}

/** A fetch cut off before it ended by its own task (a `moveOnAfter` around `ctx.fetch`, say). */
export class FetchCancelledError extends Error {
  /** Stable code, as the loop's cancellation uses. */
  readonly code = "CANCELLED";

  /** @param url The URL being fetched. */
  constructor(url: string) {
    super(`Cancelled during the fetch of ${url}: the task stopped waiting for it`);
    this.name = "FetchCancelledError";
  }
}

/**
 * What the metadata line of a fetch cut off by a cancel records as its error.
 *
 * @param env The run, which knows whether it was interrupted.
 * @param url The URL being fetched.
 * @returns `CANCELLED`, saying whether the run was interrupted or the task stopped waiting.
 */
export function cancelledFetchError(env: Pick<RunEnv, "interrupted">, url: string): Error {
  return env.interrupted()
    ? new TaskInterruptedError(`the fetch of ${url}`)
    : new FetchCancelledError(url);
}
