/**
 * A fetch task: request the URL (the client follows redirects and retries the head phase), stream the
 * body to disk, record one metadata line. A body that breaks off mid-way is fetched again while the
 * retry budget lasts; a failed task leaves no file behind. When the run keeps state and the body was
 * saved before, the request is conditional, and a 304 leaves the saved file as it is.
 * @module
 */
import { brandClass, call, cleanup, type Effect, sleep } from "../loop/mod.ts";
import { backoffDelayMs, type HttpResponse, IDEMPOTENT_METHODS } from "../http/mod.ts";
import { renderPathTemplate } from "../sinks/mod.ts";
import { createTaskContext } from "./context.ts";
import { cancelledFetchError, recordFetch } from "./fetch_record_of.ts";
import { requestOptionsFor, type RunEnv } from "./env.ts";
import type { FetchSummary } from "./report.ts";
import { toHttpRequest } from "./request_spec.ts";
import { conditionalHeaders, type PreviousSave } from "./run_state.ts";
import { saveBody, type SavedBody } from "./save_body.ts";
import { mayCollide } from "./saved_paths.ts";
import type { FetchTaskSpec } from "./spec.ts";
import { runCallback } from "./callback.ts";
import { isCancelling, TaskInterruptedError } from "./cancellation.ts";
import type { NetworkPermit } from "./network_permit.ts";

/** A response whose status says the fetch did not succeed. */
export class HttpStatusError extends Error {
  static {
    brandClass(this, "HttpStatusError");
  }

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
 * @param permit The network permit the task holds, handed back while it waits to fetch again.
 * @returns What was fetched and saved (`unchanged` when a conditional request was answered 304).
 * @throws HttpStatusError for non-2xx answers (but a 304 to a conditional request); HttpError /
 *   NetError; file errors.
 */
export function* runFetchTask(
  spec: FetchTaskSpec,
  env: RunEnv,
  permit?: NetworkPermit,
): Generator<Effect, FetchSummary> {
  const url = spec.request.url;
  const request = toHttpRequest(spec.request, env.baseDir);
  const tracked = env.state?.tracks(spec) ?? false;
  const previous = tracked ? yield* previousSaveOf(url, env) : undefined;
  if (previous) request.headers = { ...request.headers, ...conditionalHeaders(previous) };
  const options = requestOptionsFor(spec.options, env);
  // The client's own waits (backoff, a host's Retry-After) use no network: free the slot meanwhile.
  if (permit) options.whileWaiting = (wait) => permit.releasedDuring(wait);
  const startedAtMs = Date.now();
  const startMs = performance.now();
  let retriesLeft = options.retries ?? 0;
  // Every attempt counts, those of a request that fails after its retries too.
  let attempts = 0;
  options.onAttempt = () => void attempts++;
  // Set as the one metadata line is written: a fetch cut off by a cancel (which skips `catch`)
  // writes its line in `finally`.
  let recorded = false;
  const note = (
    response: HttpResponse | undefined,
    saved: SavedBody | undefined,
    extra: { unchanged?: boolean; error?: unknown } = {},
  ) => {
    recorded = true;
    return recordFetch(env.metadata, {
      task: spec.name,
      url,
      method: spec.request.method,
      response,
      attempts,
      bytes: saved?.bytes ?? response?.body.bytesRead ?? 0,
      sha256: saved?.sha256 ?? null,
      savedPath: saved?.savedPath ?? null,
      bodyMs: saved?.bodyMs ?? 0,
      writeMs: saved?.writeMs ?? 0,
      startedAtMs,
      startMs,
      ...extra,
    });
  };
  // The file a 304 keeps is this task's before the request goes out: a task of this run that
  // renders the same path fails (SAVE_COLLISION) instead of replacing what the state says is ours.
  // Kept for the whole run, whatever happens to the fetch: the file stays the state's record of it.
  const kept = previous && spec.save !== undefined && mayCollide(spec.save)
    ? previous.savedPath
    : undefined;
  let keptPath: string | undefined;
  for (let bodyAttempt = 0;; bodyAttempt++) {
    let response: HttpResponse | undefined;
    let claimed: string | undefined;
    let retrying = false;
    try {
      if (kept !== undefined) keptPath = env.savedPaths.claim(kept, spec.name);
      response = yield* env.client.request(request, { ...options, retries: retriesLeft });
      if (previous && response.status === 304) {
        yield* endEmptyBody(response);
        env.state!.recordUnchanged(url, previous, response.headers);
        const unchanged = {
          savedPath: previous.savedPath,
          bytes: 0,
          sha256: null,
          writeMs: 0,
          bodyMs: 0,
        };
        yield* note(response, unchanged, { unchanged: true });
        return {
          url,
          finalUrl: response.url,
          status: response.status,
          bytes: 0,
          savedPath: previous.savedPath,
          attempts,
          unchanged: true,
        };
      }
      if (response.status < 200 || response.status > 299) {
        throw new HttpStatusError(response.url, response.status, response.statusText);
      }
      let saved: SavedBody | undefined;
      if (spec.onResponse) {
        yield* runCallback(spec.onResponse(response, createTaskContext(spec.name, env)));
        // A callback cut short by a cancel comes back as if it had returned: do not save.
        if (yield* isCancelling(env)) throw new TaskInterruptedError(`the fetch of ${url}`);
      }
      if (!response.body.ended) {
        const path = renderSavePath(spec, env, response);
        if (path !== undefined) claimed = env.savedPaths.claim(path, spec.name);
        saved = yield* saveBody(response, {
          template: spec.save,
          path,
          outDir: env.output,
          taskName: spec.name,
          digest: env.metadata !== undefined,
          requestMethod: spec.request.method,
          url,
          runDate: env.runDate,
        });
      }
      if (tracked && saved?.savedPath) {
        env.state!.recordSaved(url, response.headers, saved.savedPath, saved.sha256);
      }
      yield* note(response, saved);
      return {
        url,
        finalUrl: response.url,
        status: response.status,
        bytes: saved?.bytes ?? response.body.bytesRead,
        savedPath: saved?.savedPath ?? null,
        attempts,
      };
    } catch (caught) {
      response?.body.close();
      if (claimed !== undefined && claimed !== keptPath) env.savedPaths.release(claimed, spec.name);
      // A cancelled read or callback may end in any error, or in none (see cancellation.ts).
      const error = (yield* isCancelling(env)) && !(caught instanceof TaskInterruptedError)
        ? new TaskInterruptedError(`the fetch of ${url}`)
        : caught;
      const code = (error as { code?: string }).code ?? "";
      const canRepeat = IDEMPOTENT_METHODS.has(spec.request.method.toUpperCase());
      if (response && canRepeat && BODY_RETRY_CODES.has(code) && retriesLeft >= response.attempts) {
        // The body broke off: fetch again, from the same retry budget the client draws on.
        retriesLeft -= response.attempts;
        const delayMs = backoffDelayMs(
          bodyAttempt,
          spec.options.backoffMs,
          spec.options.maxBackoffMs,
          Math.random,
        );
        // The wait uses no network: let another task have the permit meanwhile.
        yield* permit ? permit.releasedDuring(sleep(delayMs)) : sleep(delayMs);
        retrying = true;
        continue;
      }
      yield* note(response, undefined, { error });
      throw error;
    } finally {
      if (!recorded && !retrying) {
        // Cancelled (the generator's return() skips `catch`): waiting for the head, mid-body, or in
        // the pause before fetching again.
        response?.body.close();
        if (claimed !== undefined && claimed !== keptPath) {
          env.savedPaths.release(claimed, spec.name);
        }
        yield* cleanup(note(response, undefined, { error: cancelledFetchError(env, url) }));
      }
    }
  }
}

/**
 * Renders the path the body will be saved to, when another task could render it too: claimed before
 * the body is read, so a task whose path another task of the run saves to fails at once, instead of
 * replacing that task's file. Rendered once, and handed to saveBody.
 */
function renderSavePath(spec: FetchTaskSpec, env: RunEnv, response: HttpResponse) {
  if (spec.save === undefined || !mayCollide(spec.save)) return undefined;
  return renderPathTemplate(spec.save, {
    url: spec.request.url,
    name: spec.name,
    date: env.runDate,
    contentType: response.headers.get("content-type"),
  });
}

/** The state's last save of `url`, when its file is still there to stand for an unchanged body. */
function* previousSaveOf(url: string, env: RunEnv): Generator<Effect, PreviousSave | undefined> {
  const previous = env.state?.previousSave(url);
  if (!previous) return undefined;
  let path: string;
  try {
    path = env.output.resolve(previous.savedPath);
  } catch {
    return undefined; // A path that now leads outside the output directory: ask for the whole body.
  }
  const isFile = yield* call(
    () => Deno.stat(path).then((info) => info.isFile, () => false),
    "check saved file",
  );
  return isFile ? previous : undefined;
}

/** Reads a 304's empty body to its end, so the connection goes back to the pool. */
function* endEmptyBody(response: HttpResponse): Generator<Effect, void> {
  try {
    for (let chunk = yield* response.body.read(); chunk; chunk = yield* response.body.read()) {
      // A 304 has no body: nothing arrives here.
    }
  } catch {
    // Nothing is read off the wire; should a decoder (a 304 may name a Content-Encoding) object to
    // the empty input, the body has closed its connection and the saved file still stands.
  }
}
