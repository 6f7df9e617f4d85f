/**
 * What follows a failed attempt, for every fetch of a run alike (a task's, `ctx.fetch`'s): the
 * frontier's retry decision, the origin's pause, and the `retry` event
 * that tells the run's listeners.
 * @module
 */
import { type AttemptFailure, decideRetry, type RetrySettings } from "../frontier/mod.ts";
import type { RunEnv } from "./env.ts";
import type { RunEvent } from "./report.ts";

/** Whether the fetch goes again and when, and how long its origin waits. */
export interface NextAttempt {
  retry: boolean;
  /** Milliseconds before the next attempt. */
  delayMs: number;
  /** Milliseconds every fetch to the origin waits (a 429/503 `Retry-After`), or 0. */
  pauseMs: number;
  /** It would go again, but its `retries` are all made (see `RetryDecision.spent`). */
  spent?: true;
}

/**
 * Decides what follows a failed attempt.
 *
 * @param failure What went wrong.
 * @param method The request's method.
 * @param attempt Attempts made before this one.
 * @param settings The fetch's retry settings.
 * @param env The run (its source of jitter).
 * @returns The decision.
 */
export function nextAttempt(
  failure: AttemptFailure,
  method: string,
  attempt: number,
  settings: RetrySettings,
  env: Pick<RunEnv, "random">,
): NextAttempt {
  // Real time, not the run's clock: a `Retry-After` date is the server's (real) time, and a
  // virtual clock may be hours ahead of it. The length it gives is then waited on the run's clock.
  const nowMs = Date.now();
  const asked = failure.kind === "error" && LIKE_BROKEN_BODY.has(failure.code)
    ? { kind: "error" as const, code: "EARLY_EOF" }
    : failure;
  return decideRetry(asked, { method, attempt, settings, nowMs, random: env.random });
}

/**
 * Failures of the save pipeline's own that are as passing as a body broken off, and go again under
 * the same budget: a resume the server answered with other bytes than asked (the partial is
 * dropped, the next attempt starts over).
 */
const LIKE_BROKEN_BODY: ReadonlySet<string> = new Set(["RESUME_REFUSED"]);

/**
 * Tells the run's listeners that a fetch goes again (one that throws is a warning of the run's),
 * and when: the frontier's answer, the latest of its backoff, its origin's pause (a `Retry-After`
 * another fetch was given holds this one too) and its origin's pacing (`delay`, `rate`).
 *
 * @param env The run.
 * @param retry The task, URL, attempt about to be made (1 for the first retry), the retries it may
 *   make in all, its backoff and reason.
 */
export function announceRetry(
  env: Pick<RunEnv, "emit" | "elapsedMs" | "frontier">,
  retry: Omit<Extract<RunEvent, { type: "retry" }>, "type" | "atMs">,
): void {
  const delayMs = env.frontier.retryWaitMs(new URL(retry.url).origin, retry.name, retry.delayMs);
  env.emit({ type: "retry", ...retry, delayMs, atMs: env.elapsedMs() });
}
