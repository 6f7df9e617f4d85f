/**
 * A fetch task: request the URL (the client follows redirects and retries the head phase), stream the
 * body to disk, record one metadata line. A body that breaks off mid-way is fetched again while the
 * retry budget lasts; a failed task leaves no file behind.
 * @module
 */
import { call, type Effect, sleep } from "../loop/mod.ts";
import { backoffDelayMs, type HttpResponse, IDEMPOTENT_METHODS } from "../http/mod.ts";
import type { FetchRecord } from "../sinks/mod.ts";
import { createTaskContext } from "./context.ts";
import { requestOptionsFor, type RunEnv } from "./env.ts";
import type { FetchSummary } from "./report.ts";
import { toHttpRequest } from "./request_spec.ts";
import { saveBody, type SavedBody } from "./save_body.ts";
import type { FetchTaskSpec } from "./spec.ts";
import { runCallback } from "./callback.ts";

/** A response whose status says the fetch did not succeed. */
export class HttpStatusError extends Error {
  /** Stable code. */
  readonly code = "HTTP_STATUS";
  /** The status received. */
  readonly status: number;

  /**
   * @param url The URL that answered.
   * @param status The status.
   * @param statusText The reason phrase.
   */
  constructor(url: string, status: number, statusText: string) {
    super(`Cannot fetch ${url}: the server answered ${status} ${statusText}`.trimEnd());
    this.name = "HttpStatusError";
    this.status = status;
  }
}

const BODY_RETRY_CODES = new Set([
  "EARLY_EOF",
  "CONNECTION_CLOSED",
  "TIMEOUT_IDLE",
  "TIMEOUT_TOTAL",
]);

/**
 * Runs a fetch task.
 *
 * @param spec The declared task.
 * @param env The run's shared services.
 * @returns What was fetched and saved.
 * @throws HttpStatusError for non-2xx answers; HttpError / NetError; file errors.
 */
export function* runFetchTask(spec: FetchTaskSpec, env: RunEnv): Generator<Effect, FetchSummary> {
  const request = toHttpRequest(spec.request, env.baseDir);
  const options = requestOptionsFor(spec.options, env);
  const startedAt = new Date().toISOString();
  const startMs = performance.now();
  let retriesLeft = options.retries ?? 0;
  let attempts = 0;
  for (let bodyAttempt = 0;; bodyAttempt++) {
    let response: HttpResponse | undefined;
    try {
      response = yield* env.client.request(request, { ...options, retries: retriesLeft });
      attempts += response.attempts;
      if (response.status < 200 || response.status > 299) {
        throw new HttpStatusError(response.url, response.status, response.statusText);
      }
      let saved: SavedBody | undefined;
      if (spec.onResponse) {
        yield* runCallback(spec.onResponse(response, createTaskContext(spec.name, env)));
      }
      if (!response.body.ended) {
        saved = yield* saveBody(response, {
          template: spec.save,
          outDir: env.output,
          taskName: spec.name,
          digest: env.metadata !== undefined,
          url: spec.request.url,
          runDate: env.runDate,
        });
      }
      yield* record(env, spec, startedAt, startMs, attempts, response, saved);
      return {
        url: spec.request.url,
        finalUrl: response.url,
        status: response.status,
        bytes: saved?.bytes ?? response.body.bytesRead,
        savedPath: saved?.savedPath ?? null,
        attempts,
      };
    } catch (error) {
      response?.body.close();
      const code = (error as { code?: string }).code ?? "";
      const canRepeat = IDEMPOTENT_METHODS.has(spec.request.method.toUpperCase());
      if (response && canRepeat && BODY_RETRY_CODES.has(code) && retriesLeft >= response.attempts) {
        // The body broke off: fetch again, from the same retry budget the client draws on.
        retriesLeft -= response.attempts;
        yield* sleep(
          backoffDelayMs(
            bodyAttempt,
            spec.options.backoffMs,
            spec.options.maxBackoffMs,
            Math.random,
          ),
        );
        continue;
      }
      yield* record(env, spec, startedAt, startMs, attempts || 1, response, undefined, error);
      throw error;
    }
  }
}

function* record(
  env: RunEnv,
  spec: FetchTaskSpec,
  startedAt: string,
  startMs: number,
  attempts: number,
  response: HttpResponse | undefined,
  saved: SavedBody | undefined,
  error?: unknown,
): Generator<Effect, void> {
  const log = env.metadata;
  if (!log) return;
  const entry: FetchRecord = {
    task: spec.name,
    url: spec.request.url,
    finalUrl: response?.url ?? spec.request.url,
    method: spec.request.method,
    status: response?.status ?? null,
    headers: response?.headers.toRecord() ?? {},
    bytes: saved?.bytes ?? response?.body.bytesRead ?? 0,
    sha256: saved?.sha256 ?? null,
    savedPath: saved?.savedPath ?? null,
    attempts,
    redirects: response?.redirects ?? 0,
    timings: {
      dnsConnectMs: response?.timings.connectMs ?? 0,
      tlsMs: response?.timings.tlsMs ?? 0,
      firstByteMs: response?.timings.firstByteMs ?? 0,
      bodyMs: saved?.bodyMs ?? 0,
      writeMs: saved?.writeMs ?? 0,
      totalMs: performance.now() - startMs,
    },
    startedAt,
  };
  if (error !== undefined) {
    entry.error = {
      code: (error as { code?: string }).code ?? (error instanceof Error ? error.name : "ERROR"),
      message: error instanceof Error ? error.message : String(error),
    };
  }
  yield* call(() => log.append(entry), "write metadata");
}
