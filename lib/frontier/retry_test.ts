import { assertEquals, assertThrows } from "npm:deno-std@1.4.0/assert/mod.js";
import {
  type AttemptFailure,
  backoffDelayMs,
  decideRetry,
  failureOf,
  type RetryDecision,
  type RetrySettings,
} from "./retry.ts";
import { HttpError } from "../http/mod.ts";

Deno.test("backoffDelayMs() doubles the ceiling per attempt, capped, with full jitter", async (t) => {
  const cases: [number, number, number, number, number][] = [
    [0, 500, 60_000, 0.999, 499],
    [0, 500, 60_000, 0, 0],
    [1, 500, 60_000, 0.5, 500],
    [3, 500, 60_000, 0.5, 2_000],
    [10, 500, 60_000, 0.5, 30_000],
    [2000, 500, 60_000, 0.5, 30_000],
    [3, 500, 1_000, 0.999, 999],
    [3, 0, 60_000, 0.5, 0],
  ];
  for (const [attempt, baseMs, maxMs, random, expected] of cases) {
    await t.step(`attempt ${attempt}, base ${baseMs}, max ${maxMs}, random ${random}`, () => {
      assertEquals(backoffDelayMs(attempt, baseMs, maxMs, () => random), expected);
    });
  }
});

Deno.test("backoffDelayMs() refuses an attempt that is not a non-negative integer", () => {
  for (const attempt of [-1, 1.5, NaN]) {
    assertThrows(() => backoffDelayMs(attempt, 500, 60_000, Math.random), RangeError);
  }
});

const SETTINGS: RetrySettings = Object.freeze({
  retries: 2,
  retryOn: Object.freeze([429, 500, 502, 503, 504]) as readonly number[],
  backoffMs: 500,
  maxBackoffMs: 60_000,
});
/** Whole seconds, so an HTTP-date lands exactly on a delay. */
const NOW_MS = 1_700_000_000_000;

/** The decision for attempt `attempt` with jitter `random` (0.5: half the backoff ceiling). */
function decide(
  failure: AttemptFailure,
  method = "GET",
  options: { attempt?: number; settings?: Partial<RetrySettings>; random?: number } = {},
): RetryDecision {
  return decideRetry(failure, {
    method,
    attempt: options.attempt ?? 0,
    settings: { ...SETTINGS, ...options.settings },
    nowMs: NOW_MS,
    random: () => options.random ?? 0.5,
  });
}

const error = (code: string): AttemptFailure => ({ kind: "error", code });
const status = (code: number, retryAfter: string | null = null): AttemptFailure => ({
  kind: "status",
  status: code,
  retryAfter,
});
const again = (delayMs: number, pauseMs = 0): RetryDecision => ({ retry: true, delayMs, pauseMs });
const NO: RetryDecision = { retry: false, delayMs: 0, pauseMs: 0 };
/** A failure that would go again, out of retries. */
const SPENT: RetryDecision = { ...NO, spent: true };

Deno.test("decideRetry(): an error the request may have reached the server with is retried for idempotent methods only", async (t) => {
  const codes = [
    "TIMEOUT_HEADERS",
    "TIMEOUT_IDLE",
    "TIMEOUT_TOTAL",
    "CONNECTION_CLOSED",
    "EARLY_EOF",
  ];
  for (const code of codes) {
    await t.step(code, () => {
      for (const method of ["GET", "HEAD", "PUT", "DELETE", "OPTIONS", "TRACE", "get"]) {
        assertEquals(decide(error(code), method), again(250), `${code} ${method}`);
      }
      for (const method of ["POST", "PATCH", "post"]) {
        assertEquals(decide(error(code), method), NO, `${code} ${method}`);
      }
    });
  }
});

Deno.test("decideRetry(): an error that says nothing was sent is retried for every method", async (t) => {
  // A TLS handshake that did not finish: the request goes only after it.
  for (const code of ["CONNECT_FAILED", "TIMEOUT_CONNECT", "TIMEOUT_TLS"]) {
    await t.step(code, () => {
      for (const method of ["GET", "POST", "PATCH"]) {
        assertEquals(decide(error(code), method), again(250), `${code} ${method}`);
      }
    });
  }
  await t.step(
    "TIMEOUT_TOTAL of a request never sent (its connection took all of the total)",
    () => {
      const unsent: AttemptFailure = { kind: "error", code: "TIMEOUT_TOTAL", unsent: true };
      for (const method of ["GET", "POST", "PATCH"]) {
        assertEquals(decide(unsent, method), again(250), method);
      }
      // Still one budget.
      assertEquals(decide(unsent, "POST", { attempt: 2 }), SPENT);
    },
  );
});

Deno.test("failureOf() tells a request never sent from one that may have reached the server", () => {
  const unsent = new HttpError("TIMEOUT_TOTAL", "opening took it all", { unsent: true });
  assertEquals(failureOf(unsent), { kind: "error", code: "TIMEOUT_TOTAL", unsent: true });
  const sent = new HttpError("TIMEOUT_TOTAL", "no answer in time");
  assertEquals(failureOf(sent), { kind: "error", code: "TIMEOUT_TOTAL" });
  assertEquals(decide(failureOf(sent)!, "POST"), NO);
  assertEquals(
    failureOf(Object.assign(new Error("x"), { code: "EARLY_EOF" })),
    { kind: "error", code: "EARLY_EOF" },
  );
  assertEquals(failureOf(new Error("no code")), undefined);
});

Deno.test("decideRetry(): errors asking again cannot mend are never retried", () => {
  const codes = [
    "HOST_NOT_FOUND",
    "TLS_FAILED",
    "BAD_ENCODING",
    "BODY_TOO_LARGE",
    "DECODE_RATIO_TOO_HIGH",
    "BAD_FRAMING",
    "TOO_MANY_REDIRECTS",
    "BAD_REQUEST_HEADER",
    "SAVE_COLLISION",
  ];
  for (const code of codes) {
    for (const method of ["GET", "POST"]) {
      assertEquals(decide(error(code), method), NO, `${code} ${method}`);
    }
  }
});

Deno.test("decideRetry(): each status of retryOn is retried for idempotent methods, others never", async (t) => {
  for (const code of SETTINGS.retryOn) {
    await t.step(`${code}`, () => {
      assertEquals(decide(status(code), "GET"), again(250));
      assertEquals(decide(status(code), "PUT"), again(250));
    });
  }
  await t.step("statuses outside retryOn", () => {
    for (const code of [400, 404, 408, 501, 505]) {
      assertEquals(decide(status(code), "GET"), NO, `${code}`);
    }
    // A status is retried only when the settings list it.
    assertEquals(decide(status(500), "GET", { settings: { retryOn: [503] } }), NO);
    assertEquals(decide(status(404), "GET", { settings: { retryOn: [404] } }), again(250));
  });
});

Deno.test("decideRetry(): a non-idempotent request is retried on 429 and 503 only, which say it was not acted on", () => {
  for (const method of ["POST", "PATCH"]) {
    assertEquals(decide(status(429), method), again(250), `429 ${method}`);
    assertEquals(decide(status(503), method), again(250), `503 ${method}`);
    for (const code of [500, 502, 504]) {
      assertEquals(decide(status(code), method), NO, `${code} ${method}`);
    }
  }
  // Unless the settings leave them out.
  assertEquals(decide(status(503), "POST", { settings: { retryOn: [500] } }), NO);
});

Deno.test("decideRetry(): the budget is the retries after the first attempt, shared by errors and statuses; spent, it says so", () => {
  assertEquals(decide(status(503), "GET", { attempt: 0 }), again(250));
  assertEquals(decide(error("EARLY_EOF"), "GET", { attempt: 1 }), again(500));
  assertEquals(decide(status(503), "GET", { attempt: 2 }), SPENT);
  assertEquals(decide(error("CONNECT_FAILED"), "GET", { attempt: 2 }), SPENT);
  assertEquals(
    decide(error("CONNECT_FAILED"), "GET", { attempt: 0, settings: { retries: 0 } }),
    SPENT,
  );
  // Out of retries, a Retry-After still holds the origin for the fetches behind this one.
  assertEquals(decide(status(429, "1"), "GET", { attempt: 5, settings: { retries: 5 } }), {
    retry: false,
    delayMs: 0,
    pauseMs: 1_000,
    spent: true,
  });
  // A failure never retried is not one the budget ended.
  assertEquals(decide(error("BODY_TOO_LARGE"), "GET", { attempt: 2 }), NO);
  assertEquals(decide(status(404), "GET", { attempt: 2 }), NO);
  assertEquals(decide(error("EARLY_EOF"), "POST", { attempt: 2 }), NO);
});

Deno.test("decideRetry(): the delay is the jittered exponential backoff of the attempt, capped", () => {
  assertEquals(decide(status(500), "GET", { attempt: 0, random: 0 }), again(0));
  assertEquals(decide(status(500), "GET", { attempt: 0, random: 0.999 }), again(499));
  assertEquals(
    decide(status(500), "GET", { attempt: 3, settings: { retries: 5 }, random: 0.5 }),
    again(2_000),
  );
  assertEquals(
    decide(status(500), "GET", {
      attempt: 3,
      settings: { retries: 5, maxBackoffMs: 1_000 },
      random: 0.999,
    }),
    again(999),
  );
});

Deno.test("decideRetry(): Retry-After sets the delay, capped by maxBackoff, and pauses the origin as long as asked on 429/503 only", async (t) => {
  const date = new Date(NOW_MS + 10_000).toUTCString();
  const cases: [string, AttemptFailure, string, Partial<RetrySettings>, RetryDecision][] = [
    ["429, delta-seconds", status(429, "3"), "GET", {}, again(3_000, 3_000)],
    ["503, HTTP-date", status(503, date), "GET", {}, again(10_000, 10_000)],
    ["429, POST", status(429, "3"), "POST", {}, again(3_000, 3_000)],
    ["503, POST, HTTP-date", status(503, date), "POST", {}, again(10_000, 10_000)],
    [
      "capped by maxBackoff",
      status(429, "120"),
      "GET",
      { maxBackoffMs: 5_000 },
      again(5_000, 5_000),
    ],
    // The backoff is a floor: a server asking for less does not make the client hammer it; the
    // origin waits only as long as asked.
    ["shorter than the backoff", status(503, "0"), "GET", {}, again(250, 0)],
    [
      "a date in the past",
      status(503, new Date(NOW_MS - 60_000).toUTCString()),
      "GET",
      {},
      again(250, 0),
    ],
    // Other statuses wait as long as asked, but hold only their own fetch.
    ["500 with Retry-After", status(500, "3"), "GET", {}, again(3_000, 0)],
    ["502 capped", status(502, "120"), "GET", { maxBackoffMs: 5_000 }, again(5_000, 0)],
    // A malformed or absent value is the backoff, and no pause.
    ["503, malformed", status(503, "soon"), "GET", {}, again(250, 0)],
    ["429, absent", status(429, null), "GET", {}, again(250, 0)],
  ];
  for (const [name, failure, method, settings, expected] of cases) {
    await t.step(name, () => assertEquals(decide(failure, method, { settings }), expected));
  }
});

Deno.test("decideRetry(): a 429/503 with Retry-After pauses the origin even when this fetch does not go again", () => {
  assertEquals(decide(status(503, "30"), "GET", { settings: { retries: 0 } }), {
    retry: false,
    delayMs: 0,
    pauseMs: 30_000,
    spent: true,
  });
  assertEquals(decide(status(429, "30"), "GET", { settings: { retryOn: [500] } }), {
    retry: false,
    delayMs: 0,
    pauseMs: 30_000,
  });
  assertEquals(decide(status(500, "30"), "GET", { settings: { retries: 0 } }), SPENT);
});
