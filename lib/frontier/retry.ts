/**
 * The one retry decision of a run: whether a failed attempt goes again, and when. Every fetch (a
 * task's, a list item's, `ctx.fetch`'s) asks here, with one budget per fetch that covers connect
 * errors, timeouts, bodies that break off and retryable statuses alike.
 * @module
 */
import { codeOf } from "../loop/mod.ts";
import { HttpError, IDEMPOTENT_METHODS, parseRetryAfter } from "../http/mod.ts";
import { ProxyError } from "../net/mod.ts";

/** The settings a retry decision reads (a task's fetch settings). */
export interface RetrySettings {
  /** Attempts after the first. */
  retries: number;
  /** Statuses that are retried. */
  retryOn: readonly number[];
  /** Ceiling of the first backoff, doubled per attempt (full jitter). */
  backoffMs: number;
  /** Longest wait, a server's `Retry-After` included. */
  maxBackoffMs: number;
}

/** Retry settings when a config gives none (the frontier applies them). */
export const DEFAULT_RETRY_SETTINGS: Readonly<RetrySettings> = Object.freeze({
  retries: 2,
  retryOn: Object.freeze([429, 500, 502, 503, 504]),
  backoffMs: 500,
  maxBackoffMs: 60_000,
});

/** What went wrong with one attempt. */
export type AttemptFailure =
  /**
   * An error: its stable `code` (`CONNECT_FAILED`, `TIMEOUT_IDLE`, `EARLY_EOF`, ...), whether
   * the request is known never to have been sent (then any method may go again), and the
   * `Retry-After` and `Date` of a proxy's answer to `CONNECT` (`PROXY_TUNNEL_FAILED`).
   */
  | {
    kind: "error";
    code: string;
    unsent?: boolean;
    retryAfter?: string | null;
    date?: string | null;
  }
  /**
   * A response whose status may call for another attempt, with its `Retry-After` header and its
   * `Date` (what a date in `Retry-After` is measured from).
   */
  | { kind: "status"; status: number; retryAfter: string | null; date?: string | null };

/** Whether and when to go again, and how long the whole origin should wait. */
export interface RetryDecision {
  /** The fetch goes again after `delayMs`. */
  retry: boolean;
  /** Milliseconds before the next attempt (0 when there is none). */
  delayMs: number;
  /**
   * Milliseconds every fetch to the origin should wait: a 429 or 503 with `Retry-After` (capped by
   * `maxBackoff`), whether or not this fetch goes again; 0 otherwise.
   */
  pauseMs: number;
  /**
   * The failure is one that goes again, but the fetch has made all its `retries`: it ends for want
   * of them (a message may say which setting would have let it go on).
   */
  spent?: true;
}

/**
 * Errors that say the request never reached the server, so any method may be sent again: a connect
 * or TLS handshake that failed to finish in time or at all, and a proxy that could not be reached,
 * closed before answering `CONNECT` or could not reach the target (5xx to `CONNECT`). A proxy that
 * refused (403) or wants credentials (407) is final, as is a certificate refused (`TLS_FAILED`).
 */
const UNSENT_CODES: ReadonlySet<string> = new Set([
  "CONNECT_FAILED",
  "TIMEOUT_CONNECT",
  "TIMEOUT_TLS",
  "PROXY_CONNECT_FAILED",
  "PROXY_CLOSED",
  "PROXY_TUNNEL_FAILED",
]);
/** Errors worth another attempt when the request may be repeated. */
const RETRYABLE_CODES: ReadonlySet<string> = new Set([
  ...UNSENT_CODES,
  "TIMEOUT_HEADERS",
  "TIMEOUT_IDLE",
  "TIMEOUT_TOTAL",
  "CONNECTION_CLOSED",
  "EARLY_EOF",
]);

/**
 * The failure an error of an attempt stands for, as {@linkcode decideRetry} takes it.
 *
 * @param error What an attempt threw.
 * @returns The failure, or undefined for an error without a stable code (never retried).
 */
export function failureOf(
  error: unknown,
): Extract<AttemptFailure, { kind: "error" }> | undefined {
  const code = codeOf(error);
  if (code === undefined) return undefined;
  // A proxy that asked to be left alone (503 or 429 to CONNECT) is waited for as a server is.
  if (error instanceof ProxyError && error.retryAfter !== undefined) {
    return { kind: "error", code, retryAfter: error.retryAfter, date: error.date ?? null };
  }
  const unsent = error instanceof HttpError && error.unsent === true;
  return unsent ? { kind: "error", code, unsent } : { kind: "error", code };
}

/**
 * The failure a response with a status other than success stands for, as {@linkcode decideRetry}
 * takes it: its status, and the headers that say how long to wait.
 *
 * @param response The response (its head is enough).
 * @returns The failure.
 */
export function statusFailureOf(
  response: { status: number; headers: { get(name: string): string | null } },
): Extract<AttemptFailure, { kind: "status" }> {
  return {
    kind: "status",
    status: response.status,
    retryAfter: response.headers.get("retry-after"),
    date: response.headers.get("date"),
  };
}

const NO_RETRY: RetryDecision = Object.freeze({ retry: false, delayMs: 0, pauseMs: 0 });
const RETRIES_SPENT: RetryDecision = Object.freeze({
  retry: false,
  delayMs: 0,
  pauseMs: 0,
  spent: true,
});

/**
 * Decides whether attempt `attempt` (0 for the first) of a request goes again.
 *
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { decideRetry } from "./retry.ts";
 * const settings = { retries: 2, retryOn: [503], backoffMs: 500, maxBackoffMs: 60_000 };
 * const decision = decideRetry(
 *   { kind: "status", status: 503, retryAfter: "3" },
 *   { method: "GET", attempt: 0, settings, nowMs: Date.now(), random: () => 0 },
 * );
 * assertEquals(decision.retry && [decision.delayMs, decision.pauseMs], [3000, 3000]);
 * ```
 *
 * @param failure What went wrong.
 * @param context The request's method, the attempts made before this one, the settings, real time
 *   when the answer came (an HTTP-date `Retry-After` of a response without `Date` is measured from
 *   it; never a virtual clock's time) and a source of jitter.
 * @returns Whether it goes again and after how long, and the origin's pause.
 */
export function decideRetry(
  failure: AttemptFailure,
  context: {
    method: string;
    attempt: number;
    settings: RetrySettings;
    nowMs: number;
    random: () => number;
  },
): RetryDecision {
  const { settings, attempt } = context;
  const repeatable = IDEMPOTENT_METHODS.has(context.method.toUpperCase());
  const backoff = () =>
    backoffDelayMs(attempt, settings.backoffMs, settings.maxBackoffMs, context.random);
  if (failure.kind === "error") {
    const retryable = repeatable
      ? RETRYABLE_CODES.has(failure.code)
      : failure.unsent === true || UNSENT_CODES.has(failure.code);
    if (!retryable) return NO_RETRY;
    if (attempt >= settings.retries) return RETRIES_SPENT;
    // A proxy's Retry-After lengthens this fetch's wait only: the proxy, not the origin, asked.
    const retryAfterMs = parseRetryAfter(failure.retryAfter ?? null, context.nowMs, failure.date);
    return { retry: true, delayMs: waitMs(backoff(), retryAfterMs, settings), pauseMs: 0 };
  }
  const { status } = failure;
  // A server that says "too many" or "unavailable" did not act on the request: any method goes
  // again, and the whole origin waits as long as it asked, whether or not this fetch goes again.
  const askedToWait = status === 429 || status === 503;
  const retryAfterMs = parseRetryAfter(failure.retryAfter, context.nowMs, failure.date);
  const pauseMs = askedToWait && retryAfterMs !== null
    ? Math.min(retryAfterMs, settings.maxBackoffMs)
    : 0;
  const retryable = settings.retryOn.includes(status) && (repeatable || askedToWait);
  if (!retryable) return { retry: false, delayMs: 0, pauseMs };
  if (attempt >= settings.retries) return { retry: false, delayMs: 0, pauseMs, spent: true };
  return { retry: true, delayMs: waitMs(backoff(), retryAfterMs, settings), pauseMs };
}

/** The wait before another attempt: the backoff, lengthened to a `Retry-After` up to `maxBackoff`. */
function waitMs(backoffMs: number, retryAfterMs: number | null, settings: RetrySettings): number {
  if (retryAfterMs === null) return backoffMs;
  return Math.min(Math.max(backoffMs, retryAfterMs), settings.maxBackoffMs);
}

/**
 * The delay before retry number `attempt`: exponential backoff with full jitter, a uniform pick in
 * `[0, min(maxMs, baseMs * 2^attempt))`, so that clients failing together do not retry together.
 *
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { backoffDelayMs } from "./retry.ts";
 * assertEquals(backoffDelayMs(3, 500, 60_000, () => 0.5), 2000);
 * ```
 *
 * @param attempt Retries already made: 0 before the first retry.
 * @param baseMs Ceiling of the first delay.
 * @param maxMs Ceiling of any delay.
 * @param random Uniform numbers in `[0, 1)`, such as `Math.random` (injected for tests).
 * @returns Whole milliseconds to wait.
 * @throws {RangeError} When `attempt` is not a non-negative integer.
 */
export function backoffDelayMs(
  attempt: number,
  baseMs: number,
  maxMs: number,
  random: () => number,
): number {
  if (!Number.isInteger(attempt) || attempt < 0) {
    throw new RangeError(
      `Cannot compute backoff: attempt ${attempt} is not a non-negative integer`,
    );
  }
  const ceilingMs = Math.max(0, Math.min(maxMs, baseMs * 2 ** attempt));
  return Math.floor(random() * ceilingMs);
}
