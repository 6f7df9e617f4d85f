/**
 * A fetch a coroutine makes itself (`ctx.fetch`, `ctx.request`): it waits for its turn in the run's
 * frontier like every other fetch (the global limit, its origin's connections, gap and pause), and
 * a failure that may be retried goes back to the frontier with a not-before time, by the same
 * decision and budget as a task's fetches. In a traced run each attempt is told like a task's
 * fetch's (`RunOptions.onAttempt`): its waits, connect, TLS, head, and the body read in the turn.
 * @module
 */
import { type Effect, messageOf, type Operation, type Semaphore } from "../loop/mod.ts";
import type {
  FollowedRedirects,
  HttpRequest,
  HttpResponse,
  RequestOptions,
  RequestProgress,
} from "../http/mod.ts";
import { failureOf, type RetrySettings, statusFailureOf } from "../frontier/mod.ts";
import type { RunEnv } from "./env.ts";
import { isCancelling } from "./cancellation.ts";
import { announceRetry, type NextAttempt, nextAttempt } from "./next_attempt.ts";
import { type AttemptTiming, turnAttemptTiming } from "./trace_attempts.ts";

/** One fetch made in a coroutine. */
export interface TurnRequest {
  /** The task's position (the frontier keeps fetches by task). */
  task: number;
  /** The task's name. */
  name: string;
  /** What to send. */
  request: HttpRequest;
  /** The client's limits for it. */
  options: RequestOptions;
  /** How often and how long apart it may go again. */
  retry: RetrySettings;
  /**
   * Made inside a fetch's callback, which holds a turn already: the callback's one turn beyond the
   * run's limits (a fetch that waited for a slot could wait for its own caller). Its fetches take
   * it one at a time, so a callback adds at most one request to what `concurrency` and `perHost`
   * allow, however many it makes at once.
   */
  extraTurn?: Semaphore;
  /** Told each response head as it arrives, one that goes for a retry too. */
  onResponse?: (response: HttpResponse) => void;
  /**
   * Told as each attempt ends, the redirects its request followed and where to (undefined: none):
   * where a fetch that failed without a response stopped.
   */
  onRedirected?: (redirected: FollowedRedirects | undefined) => void;
  /**
   * Called as each attempt's turn comes, before it is sent; what it throws fails the fetch unsent
   * (a `ctx.request` that could only wait for connections its own task holds unread).
   */
  beforeSend?: () => void;
  /** A crawled link's read of its origin's robots.txt: traced apart from the task's fetches. */
  robots?: true;
}

/**
 * Sends a request in its turn and returns once the head has arrived (the turn ends there: the
 * caller streams the body).
 *
 * @param env The run's shared services.
 * @param turn The request.
 * @returns The response; a retryable status that used up its retries is returned as it is.
 */
export function requestInTurn(env: RunEnv, turn: TurnRequest): Operation<HttpResponse> {
  return inTurn(env, turn, handOver);
}

/** Hands the response over as it is: the caller reads the body after the turn. */
// deno-lint-ignore require-yield
function* handOver(response: HttpResponse): Generator<Effect, HttpResponse> {
  return response;
}

/**
 * Sends a request in its turn and hands the response to `use` within the same turn: a body that
 * breaks off while `use` reads it is fetched again like a failed head, from the same budget.
 *
 * @param env The run's shared services.
 * @param turn The request.
 * @param use Reads the response; what it returns is the result.
 * @returns What `use` returned.
 */
export function inTurn<T>(
  env: RunEnv,
  turn: TurnRequest,
  use: (response: HttpResponse) => Operation<T>,
): Operation<T> {
  return turn.extraTurn === undefined
    ? takeTurn(env, turn, use)
    : turn.extraTurn.withPermit(takeTurn(env, turn, use));
}

function* takeTurn<T>(
  env: RunEnv,
  turn: TurnRequest,
  use: (response: HttpResponse) => Operation<T>,
): Generator<Effect, T> {
  const nested = turn.extraTurn !== undefined;
  const url = new URL(turn.request.url);
  const method = (turn.request.method ?? "GET").toUpperCase();
  let entry = yield* env.frontier.acquire({
    origin: url.origin,
    task: turn.name,
    payload: { task: turn.task, url: url.href, depth: 0 },
  }, nested);
  const fetchId = entry.id;
  let delayMs: number | undefined;
  for (let attempt = 0;; attempt++) {
    // Another attempt is the same entry's next turn: one job for the whole fetch, in a shared queue.
    if (delayMs !== undefined) entry = yield* env.frontier.again(entry.id, delayMs, nested);
    const held = entry;
    const timing = turnAttemptTiming(env.frontier, held, {
      attempt,
      fetchId,
      ...(turn.robots ? { robots: true } : {}),
    });
    const progress: RequestProgress = {
      count: 0,
      // A redirect's request waits for its origin's turn, as a task's fetch's does, a turn of
      // the fetch's entry (and for a place under its `perHost` when the entry holds one: not a
      // callback's fetch, which no `perHost` counts).
      redirectTurn: (to) => env.frontier.turnAt(to.origin, turn.name, held.id),
      // Its turn holds as each request is written, after any connect (`Frontier.sending`).
      writeTurn: env.frontier.sending && ((to) => env.frontier.sending!(held.id, to.origin)),
      began: timing?.began,
      // A `ctx.request`'s body is its caller's to read, perhaps after its next request.
      handsBodyOver: use === handOver,
    };
    let response: HttpResponse | undefined;
    // Ends the turn once, whichever way the attempt goes (a cancel included: see `finally`), but
    // for an attempt that goes again: its entry waits for its next turn instead.
    let holding = true;
    const end = (ok: boolean) => {
      if (!holding) return;
      holding = false;
      if (ok) env.frontier.done(held.id);
      else env.frontier.failed(held.id);
    };
    let next: NextAttempt;
    let reason: string;
    try {
      try {
        turn.beforeSend?.();
        response = yield* env.client.request(turn.request, turn.options, progress);
        timing?.responded(response);
        turn.onResponse?.(response);
        const status = response.status;
        if (status >= 200 && status <= 299) {
          const result = yield* handOverTimed(response, use, timing);
          end(true);
          return result;
        }
        next = nextAttempt(statusFailureOf(response), method, attempt, turn.retry, env);
        reason = `status ${status}`;
        if (next.retry) timing?.ended({ ...next, kind: "retry", reason, code: "HTTP_STATUS" });
      } catch (error) {
        response?.body.close();
        const failure = failureOf(error);
        if (failure === undefined) {
          yield* tellFailed(env, timing, error);
          throw error;
        }
        next = nextAttempt(failure, method, attempt, turn.retry, env);
        if (!next.retry) {
          yield* tellFailed(env, timing, error);
          throw error;
        }
        reason = messageOf(error);
        timing?.ended({ ...next, kind: "retry", reason, code: failure.code });
      }
      // The pause first: the turn given back must not start the origin's next fetch inside it.
      // Only a response asks for one, and its origin waits (after a redirect, not the first).
      if (next.pauseMs > 0) env.frontier.pauseOrigin(new URL(response!.url).origin, next.pauseMs);
      if (!next.retry) {
        // Out of retries, or not a status worth another: the caller gets the response as it is.
        const result = yield* handOverTimed(response!, use, timing);
        end(true);
        return result;
      }
      response?.body.close();
      holding = false; // `again` above ends this attempt's turn
      announceRetry(env, {
        name: turn.name,
        url: url.href,
        attempt: attempt + 1,
        retries: turn.retry.retries,
        delayMs: next.delayMs,
        reason,
      });
      delayMs = next.delayMs;
    } finally {
      end(false);
      turn.onRedirected?.(progress.redirected);
      timing?.close();
    }
  }
}

/** Tells the stopwatch the attempt failed, or was cancelled when the run is being cancelled. */
function* tellFailed(
  env: RunEnv,
  timing: AttemptTiming | undefined,
  error: unknown,
): Generator<Effect, void> {
  if (timing) timing.ended({ kind: "failed", error }, yield* isCancelling(env));
}

/** `use(response)`, timed as the attempt's body phase when the run is traced. */
function* handOverTimed<T>(
  response: HttpResponse,
  use: (response: HttpResponse) => Operation<T>,
  timing: AttemptTiming | undefined,
): Generator<Effect, T> {
  if (timing === undefined) return yield* use(response);
  const bodyStartMs = performance.now();
  const result = yield* use(response);
  // ctx.fetch keeps the body in memory: no write phase.
  timing.saved({ bodyMs: performance.now() - bodyStartMs, writeMs: 0 });
  timing.handedOver();
  return result;
}
