/**
 * A fetch a coroutine makes itself (`ctx.fetch`, `ctx.request`): it waits for its turn in the run's
 * frontier like every other fetch (the global limit, its origin's connections, gap and pause), and
 * a failure that may be retried goes back to the frontier with a not-before time, by the same
 * decision and budget as a task's fetches.
 * @module
 */
import { type Effect, type Operation, withLoop } from "../loop/mod.ts";
import type { HttpRequest, HttpResponse, RequestOptions } from "../http/mod.ts";
import { type AttemptFailure, decideRetry, type RetrySettings } from "../frontier/mod.ts";
import type { RunEnv } from "./env.ts";

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
  /** Made inside a fetch's callback, which holds a turn already. */
  nested: boolean;
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
export function* inTurn<T>(
  env: RunEnv,
  turn: TurnRequest,
  use: (response: HttpResponse) => Operation<T>,
): Generator<Effect, T> {
  const url = new URL(turn.request.url);
  const method = (turn.request.method ?? "GET").toUpperCase();
  let notBeforeMs = 0;
  for (let attempt = 0;; attempt++) {
    const entry = yield* env.frontier.acquire({
      origin: url.origin,
      task: turn.name,
      notBeforeMs,
      payload: { task: turn.task, url: url.href, depth: 0 },
    }, turn.nested);
    let failure: AttemptFailure;
    let response: HttpResponse | undefined;
    // Ends the turn once, whichever way the attempt goes (a cancel included: see `finally`).
    let held = true;
    const end = (ok: boolean) => {
      if (!held) return;
      held = false;
      if (ok) env.frontier.done(entry.id);
      else env.frontier.failed(entry.id);
    };
    try {
      try {
        response = yield* env.client.request(turn.request, turn.options);
        const status = response.status;
        if (status >= 200 && status <= 299 || !turn.retry.retryOn.includes(status)) {
          const result = yield* use(response);
          end(true);
          return result;
        }
        failure = { kind: "status", status, retryAfter: response.headers.get("retry-after") };
      } catch (error) {
        response?.body.close();
        end(false);
        const code = (error as { code?: string }).code;
        if (code === undefined) throw error;
        const decision = yield* decide({ kind: "error", code }, method, attempt, turn, env);
        if (decision === undefined) throw error;
        announce(
          env,
          turn,
          attempt,
          decision,
          error instanceof Error ? error.message : String(error),
        );
        notBeforeMs = decision.atMs;
        continue;
      }
      const decision = yield* decide(failure, method, attempt, turn, env);
      if (decision === undefined) {
        const result = yield* use(response);
        end(true);
        return result;
      }
      response.body.close();
      // The pause first: the turn given back must not start the origin's next fetch inside it.
      if (decision.pauseOrigin) env.frontier.pauseOrigin(url.origin, decision.atMs);
      end(true);
      announce(env, turn, attempt, decision, `status ${response.status}`);
      notBeforeMs = decision.atMs;
    } finally {
      end(false);
    }
  }
}

/** Tells the run's listeners that the fetch goes again, as a task's fetch does. */
function announce(
  env: RunEnv,
  turn: TurnRequest,
  attempt: number,
  decision: { delayMs: number },
  reason: string,
): void {
  env.emit({
    type: "retry",
    name: turn.name,
    url: String(turn.request.url),
    attempt: attempt + 1,
    delayMs: decision.delayMs,
    reason,
    atMs: env.elapsedMs(),
  });
}

function* decide(
  failure: AttemptFailure,
  method: string,
  attempt: number,
  turn: TurnRequest,
  env: RunEnv,
): Generator<Effect, { atMs: number; delayMs: number; pauseOrigin: boolean } | undefined> {
  const [nowMs, wallMs] = yield* withLoop((_, loop) => [loop.now(), loop.clock.wallNow()]);
  const decision = decideRetry(failure, {
    method,
    attempt,
    settings: turn.retry,
    nowMs: wallMs,
    random: env.random,
  });
  if (!decision.retry) return undefined;
  return {
    atMs: nowMs + decision.delayMs,
    delayMs: decision.delayMs,
    pauseOrigin: decision.pauseOrigin,
  };
}
