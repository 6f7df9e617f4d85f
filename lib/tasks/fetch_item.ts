/**
 * One attempt at one fetch of a task (its URL, a list line, a pattern's URL, an enqueued link):
 * request it, save the body, and say how it ended: done, failed (its metadata line written), or to
 * go again after a delay (the frontier's retry decision; nothing written yet). A body that breaks
 * off, a timeout and a retryable status all draw on the one retry budget of the fetch. When the run
 * keeps state and the body was saved before, the request is conditional, and a 304 leaves the saved
 * file as it is.
 * @module
 */
import { brandClass, call, cleanup, type Effect } from "../loop/mod.ts";
import type { HttpResponse } from "../http/mod.ts";
import { renderPathTemplate } from "../sinks/mod.ts";
import { runCallback } from "./callback.ts";
import { isCancelling, TaskInterruptedError } from "./cancellation.ts";
import type { TaskContext } from "./context.ts";
import { type RunEnv, sharedRequestOptionsFor } from "./env.ts";
import { cancelledFetchError, recordFetch } from "./fetch_record_of.ts";
import type { FetchSummary } from "./report.ts";
import { requestFor } from "./request_spec.ts";
import { conditionalHeaders, type PreviousSave } from "./run_state.ts";
import { saveBody, type SavedBody } from "./save_body.ts";
import { nextAttempt } from "./next_attempt.ts";
import { mayCollide } from "./saved_paths.ts";
import type { FetchTaskSpec } from "./spec.ts";

/** One fetch of a task, as the frontier keeps it: plain data. */
export interface FetchItem {
  /** The task's position in the config. */
  task: number;
  /** The absolute URL to fetch. */
  url: string;
  /** A save template of its own (a list line's second column, `ctx.enqueue`'s `save`). */
  save?: string;
  /** The texts a URL pattern's globs matched (`{1}`, `{2}`, ... in `save`). */
  parts?: string[];
  /** Links followed to reach it: 0 for the task's own URLs. */
  depth: number;
  /** Its line in the task's list file. */
  line?: number;
  /** Why it cannot be fetched (a bad list line): it fails at once with this message. */
  problem?: string;
  /** Wall-clock epoch milliseconds of its first attempt (kept across retries for the metadata). */
  firstStartedAtMs?: number;
}

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
   * Says which URL answered what.
   *
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

/** How one attempt ended. */
export type AttemptEnd =
  | { kind: "done"; summary: FetchSummary }
  /** `pauseMs`: how long every fetch to the origin should wait (a `Retry-After`), or 0. */
  | { kind: "failed"; error: unknown; pauseMs: number }
  | { kind: "retry"; delayMs: number; pauseMs: number; reason: string };

/** What an attempt needs beyond the task: which attempt it is, and a context for callbacks. */
export interface AttemptContext {
  /** Attempts made before this one. */
  attempt: number;
  /** The `ctx` the task's `onResponse` gets for this item (its `enqueue` knows the depth). */
  callbackContext: () => TaskContext;
  /** Told as the response head arrives, for a live view of the body's progress. */
  onResponse?: (response: HttpResponse) => void;
}

/**
 * Makes one attempt at a fetch.
 *
 * @param spec The task.
 * @param item The fetch.
 * @param env The run's shared services.
 * @param context Which attempt, and the callback's context.
 * @returns How it ended; never throws but for a cancel.
 */
export function* attemptFetch(
  spec: FetchTaskSpec,
  item: FetchItem,
  env: RunEnv,
  context: AttemptContext,
): Generator<Effect, AttemptEnd> {
  const url = item.url;
  const method = spec.request.method;
  const startMs = performance.now();
  item.firstStartedAtMs ??= Date.now();
  const sends = { count: 0 };
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
      method,
      response,
      attempts: context.attempt + sends.count,
      bytes: saved?.bytes ?? response?.body.bytesRead ?? 0,
      sha256: saved?.sha256 ?? null,
      savedPath: saved?.savedPath ?? null,
      bodyMs: saved?.bodyMs ?? 0,
      writeMs: saved?.writeMs ?? 0,
      startedAtMs: item.firstStartedAtMs!,
      startMs,
      ...extra,
    });
  };
  if (item.problem !== undefined) {
    const error = new ItemProblemError(spec.name, item);
    yield* note(undefined, undefined, { error });
    return { kind: "failed", error, pauseMs: 0 };
  }
  const template = item.save ?? spec.save;
  const tracked = env.state?.tracks(spec) ?? false;
  let keptPath: string | undefined;
  let response: HttpResponse | undefined;
  let claimed: string | undefined;
  let retrying = false;
  /** Set while the task's own callback runs: what it throws is its own, never retried. */
  let inCallback = false;
  let pauseMs = 0;
  try {
    // Inside the try: a request that cannot be built (a CA file gone since the config loaded)
    // fails this fetch, and only this one.
    const request = requestFor(spec.request, url, env.baseDir);
    const previous = tracked ? yield* previousSaveOf(url, env) : undefined;
    if (previous) request.headers = { ...request.headers, ...conditionalHeaders(previous) };
    const options = sharedRequestOptionsFor(spec.options, env);
    // The file a 304 keeps is this task's before the request goes out: a task of this run that
    // renders the same path fails (SAVE_COLLISION) instead of replacing what the state says is ours.
    if (previous && template !== undefined && mayCollide(template)) {
      keptPath = env.savedPaths.claim(previous.savedPath, spec.name);
    }
    response = yield* env.client.request(request, options, sends);
    context.onResponse?.(response);
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
      const summary = summaryOf(
        url,
        response,
        0,
        previous.savedPath,
        context.attempt + sends.count,
      );
      return { kind: "done", summary: { ...summary, unchanged: true } };
    }
    if (response.status < 200 || response.status > 299) {
      const retryAfter = response.headers.get("retry-after");
      const next = yield* nextAttempt(
        { kind: "status", status: response.status, retryAfter },
        method,
        context.attempt,
        spec.options,
        env,
      );
      pauseMs = next.pauseMs;
      if (next.retry) {
        response.body.close();
        retrying = true;
        return {
          kind: "retry",
          delayMs: next.delayMs,
          pauseMs,
          reason: `status ${response.status}`,
        };
      }
      throw new HttpStatusError(response.url, response.status, response.statusText);
    }
    let saved: SavedBody | undefined;
    if (spec.onResponse) {
      inCallback = true;
      yield* runCallback(spec.onResponse(response, context.callbackContext()));
      inCallback = false;
      // A callback cut short by a cancel comes back as if it had returned: do not save.
      if (yield* isCancelling(env)) throw new TaskInterruptedError(`the fetch of ${url}`);
    }
    if (!response.body.ended) {
      const path = renderSavePath(template, spec, item, env, response);
      if (path !== undefined) claimed = env.savedPaths.claim(path, spec.name);
      saved = yield* saveBody(response, {
        template,
        path,
        outDir: env.output,
        taskName: spec.name,
        digest: env.metadata !== undefined,
        requestMethod: method,
        url,
        parts: item.parts,
        runDate: env.runDate,
      });
    }
    if (tracked && saved?.savedPath) {
      env.state!.recordSaved(url, response.headers, saved.savedPath, saved.sha256);
    }
    yield* note(response, saved);
    const bytes = saved?.bytes ?? response.body.bytesRead;
    const attempts = context.attempt + sends.count;
    return {
      kind: "done",
      summary: summaryOf(url, response, bytes, saved?.savedPath ?? null, attempts),
    };
  } catch (caught) {
    response?.body.close();
    if (claimed !== undefined && claimed !== keptPath) env.savedPaths.release(claimed, spec.name);
    // A cancelled read or callback may end in any error, or in none (see cancellation.ts).
    const cancelling = yield* isCancelling(env);
    const error = cancelling && !(caught instanceof TaskInterruptedError)
      ? new TaskInterruptedError(`the fetch of ${url}`)
      : caught;
    const code = (error as { code?: string }).code;
    // A callback's own failure (its ctx.fetch out of retries, say) is not this exchange's: going
    // again would run the callback's writes and enqueues again, under a second budget.
    if (!cancelling && !inCallback && code !== undefined) {
      const next = yield* nextAttempt(
        { kind: "error", code },
        method,
        context.attempt,
        spec.options,
        env,
      );
      if (next.retry) {
        retrying = true;
        const reason = error instanceof Error ? error.message : String(error);
        return { kind: "retry", delayMs: next.delayMs, pauseMs: 0, reason };
      }
    }
    yield* note(response, undefined, { error });
    // A cancel unwinds the worker too (its callers must not go on as if the attempt had ended).
    if (cancelling) throw error;
    return { kind: "failed", error, pauseMs };
  } finally {
    if (!recorded && !retrying) {
      // Cancelled (the generator's return() skips `catch`): waiting for the head, or mid-body.
      response?.body.close();
      if (claimed !== undefined && claimed !== keptPath) {
        env.savedPaths.release(claimed, spec.name);
      }
      yield* cleanup(note(response, undefined, { error: cancelledFetchError(env, url) }));
    }
  }
}

/** What a done fetch reports. */
function summaryOf(
  url: string,
  response: HttpResponse,
  bytes: number,
  savedPath: string | null,
  attempts: number,
): FetchSummary {
  return { url, finalUrl: response.url, status: response.status, bytes, savedPath, attempts };
}

/** A list line that cannot be fetched: the item fails with where and why. */
export class ItemProblemError extends Error {
  /** Stable code. */
  readonly code = "BAD_LIST_LINE";

  /**
   * Says which line of which task cannot be fetched.
   *
   * @param task The task's name.
   * @param item The item with its problem.
   */
  constructor(task: string, item: FetchItem) {
    const where = item.line === undefined ? "" : ` line ${item.line}`;
    super(`Task "${task}":${where}: ${item.problem}`);
    this.name = "ItemProblemError";
  }
}

/**
 * Renders the path the body will be saved to, when another fetch could render it too: claimed
 * before the body is read, so a fetch whose path another of the run saves to fails at once instead
 * of replacing that file. Rendered once, and handed to saveBody.
 */
function renderSavePath(
  template: string | undefined,
  spec: FetchTaskSpec,
  item: FetchItem,
  env: RunEnv,
  response: HttpResponse,
): string | undefined {
  if (template === undefined || !mayCollide(template)) return undefined;
  return renderPathTemplate(template, {
    url: item.url,
    name: spec.name,
    date: env.runDate,
    contentType: response.headers.get("content-type"),
    parts: item.parts,
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
