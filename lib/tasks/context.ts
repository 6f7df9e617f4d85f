/**
 * The `ctx` a custom task or an `onResponse` callback receives: fetch (each `ctx.fetch` waits for its
 * turn in the run's frontier, like every fetch, and is a line in the metadata log), enqueue more
 * URLs into the task (crawling), write and append files (atomic and confined to the output
 * directory, like every sink), sleep, log.
 * @module
 */
import { call, cleanup, type Effect, type Operation, sleep } from "../loop/mod.ts";
import type { HttpRequest, HttpResponse, RequestOptions } from "../http/mod.ts";
import type { RetrySettings } from "../frontier/mod.ts";
import { createSha256, loadSha256, type Sha256 } from "../sinks/mod.ts";
import { type RunEnv, sharedRequestOptionsFor } from "./env.ts";
import type { EnqueueRefusal, FetchBook } from "./fetch_book.ts";
import { cancelledFetchError, type FetchOutcome, recordFetch } from "./fetch_record_of.ts";
import { appendToFile, writeWholeFile } from "./file_ops.ts";
import type { FetchStopwatch } from "./fetch_stopwatch.ts";
import { inTurn, requestInTurn, type TurnRequest } from "./turn.ts";

/**
 * Options of one `ctx.fetch` / `ctx.request`: the client's limits, and the retry settings (which
 * the config's `defaults` give otherwise).
 */
export type FetchCallOptions = RequestOptions & Partial<RetrySettings>;

/** A fetched page, its body read whole into memory. */
export interface FetchedPage {
  /** The URL that answered (after redirects). */
  url: string;
  /** The status code, such as 200. */
  status: number;
  /** The reason phrase as the server sent it, possibly empty. */
  statusText: string;
  /** Lower-case names; repeated fields joined. */
  headers: Record<string, string>;
  /** The whole body, decoded (gzip, deflate, br). */
  body: Uint8Array;
  /** The body as UTF-8 text. */
  text(): string;
  /** The body parsed as JSON. */
  json(): unknown;
}

/** What a custom task can do, each as an operation for `yield*`. */
export interface TaskContext {
  /** The task's name. */
  readonly name: string;
  /** Absolute output directory. */
  readonly outDir: string;
  /**
   * Fetches a URL and reads the whole body (bounded by maxBodySize). Any status is returned. The
   * run's metadata log gets one record of it, with the task's name and no saved path.
   * @param request URL or request.
   * @param options Overrides of the config's fetch defaults.
   */
  fetch(request: string | HttpRequest, options?: FetchCallOptions): Operation<FetchedPage>;
  /**
   * Sends a request and returns once the head arrives; read `response.body` or close it.
   * @param request URL or request.
   * @param options Overrides of the config's fetch defaults.
   */
  request(request: string | HttpRequest, options?: FetchCallOptions): Operation<HttpResponse>;
  /**
   * Writes a whole file under the output directory, atomically.
   * @param path Relative to the output directory.
   * @param data Bytes or text.
   * @returns The absolute path written.
   */
  write(path: string, data: Uint8Array | string): Operation<string>;
  /**
   * Appends to a file under the output directory in one write (lines from concurrent tasks never mix).
   * @param path Relative to the output directory.
   * @param data Bytes or text.
   * @returns The absolute path appended to.
   */
  append(path: string, data: Uint8Array | string): Operation<string>;
  /**
   * Adds a URL to this task's fetches, in the run's frontier (same limits and politeness): saved
   * by `options.save` (a path template) or else the task's `save`, and handed to the task's
   * `onResponse` like its own URLs. Left out when the run has seen it already (its fragment aside:
   * `/a#top` is `/a`, and is fetched as `/a`), when it is deeper than `crawl.maxDepth`, on an origin
   * `crawl.origins` does not allow (by default: the origins of the task's own URLs, or of a custom
   * task's own first enqueues), or past `crawl.maxFetches`.
   * @param url Absolute, or relative to the response being handled.
   * @param options Where to save it.
   * @returns Whether it was queued.
   */
  enqueue(url: string, options?: { save?: string }): Operation<boolean>;
  /** Waits `durationMs` of loop time. */
  sleep(durationMs: number): Operation<void>;
  /** Reports a message in the run's output. */
  log(message: string): void;
}

/** The body's SHA-256; the hashing module is loaded on the first call of a run that wants it. */
function* sha256Of(body: Uint8Array): Generator<Effect, string> {
  let hash: Sha256;
  try {
    hash = createSha256(); // no loop step once the module is loaded
  } catch {
    yield* call(loadSha256, "load SHA-256"); // not loaded yet: the only case createSha256 throws
    hash = createSha256();
  }
  hash.update(body);
  return hash.hex();
}

/** Where a context is used: which task, and inside which fetch's callback. */
export interface ContextPlace {
  /** The task's position in the config. */
  index: number;
  /** The run's fetch books, where `enqueue` puts URLs. */
  book: FetchBook;
  /**
   * The fetch whose `onResponse` this context serves (its depth and URL), or undefined for a custom
   * task's own context. Inside a callback the caller holds a turn already (see `Frontier.acquire`).
   */
  within?: { depth: number; url: string };
  /** Counts the real time its `ctx.fetch` calls take (a custom task under a virtual clock). */
  stopwatch?: FetchStopwatch;
}

/**
 * Creates the context of one task.
 *
 * @param name The task's name.
 * @param env The run's shared services.
 * @param place Which task, and inside which fetch.
 * @returns The context.
 */
export function createTaskContext(
  name: string,
  env: RunEnv,
  place: ContextPlace,
): TaskContext {
  const defaults = sharedRequestOptionsFor(env.defaults, env); // made once per run, not per context
  const nested = place.within !== undefined;
  // A call's timeouts given in part keep the config's for the other phases.
  const withDefaults = (options: FetchCallOptions = {}): FetchCallOptions => ({
    ...defaults,
    ...options,
    timeouts: { ...defaults.timeouts, ...options.timeouts },
  });
  const turnOf = (request: HttpRequest, options: FetchCallOptions): TurnRequest => {
    // The retry settings are the frontier's; the rest are the client's.
    const { retries, retryOn, backoffMs, maxBackoffMs, ...clientOptions } = options;
    return {
      task: place.index,
      name,
      request,
      options: clientOptions,
      retry: {
        retries: retries ?? env.defaults.retries,
        retryOn: retryOn ?? env.defaults.retryOn,
        backoffMs: backoffMs ?? env.defaults.backoffMs,
        maxBackoffMs: maxBackoffMs ?? env.defaults.maxBackoffMs,
      },
      nested,
    };
  };
  const request = (input: string | HttpRequest, options: FetchCallOptions = {}) =>
    requestInTurn(
      env,
      turnOf(typeof input === "string" ? { url: input } : input, withDefaults(options)),
    );
  const context: TaskContext = {
    name,
    outDir: env.output.path,
    request,
    *fetch(input, options) {
      const asked = typeof input === "string" ? { url: input } : input;
      const outcome: FetchOutcome = {
        task: name,
        url: String(asked.url),
        method: asked.method ?? "GET",
        response: undefined,
        attempts: 0,
        bytes: 0,
        sha256: null,
        savedPath: null, // ctx.fetch keeps the body in memory; a ctx.write of it is the task's own
        bodyMs: 0,
        writeMs: 0,
        startedAtMs: Date.now(),
        startMs: performance.now(),
      };
      // Every attempt counts, those of a request that fails after its retries too.
      const onAttempt = () => {
        outcome.attempts++;
        options?.onAttempt?.();
      };
      // Set as the one metadata line is written: a fetch cut off by a cancel (a `moveOnAfter` of
      // the task's, an interrupted run), which skips `catch`, writes its line in `finally`.
      let recorded = false;
      const note = (extra: Partial<FetchOutcome> = {}) => {
        recorded = true;
        outcome.bytes = outcome.response?.body.bytesRead ?? 0;
        return recordFetch(env.metadata, { ...outcome, ...extra });
      };
      let response: HttpResponse;
      let body: Uint8Array;
      let finished = false;
      try {
        // The body is read within the fetch's turn: one that breaks off goes again, like a head.
        const read = yield* inTurn(
          env,
          turnOf(asked, { ...withDefaults(options), onAttempt }),
          function* (got) {
            outcome.response = got;
            const bodyStartMs = performance.now();
            try {
              const bytes = yield* got.body.bytes();
              outcome.bodyMs = performance.now() - bodyStartMs;
              return { response: got, bytes };
            } finally {
              got.body.close();
            }
          },
        );
        response = read.response;
        body = read.bytes;
        finished = true;
      } catch (error) {
        yield* note({ error });
        throw error;
      } finally {
        if (!recorded && !finished) {
          yield* cleanup(note({ error: cancelledFetchError(env, outcome.url) }));
        }
      }
      if (env.metadata) outcome.sha256 = yield* sha256Of(body);
      yield* note({ bytes: body.byteLength });
      return {
        url: response.url,
        status: response.status,
        statusText: response.statusText,
        headers: response.headers.toRecord(),
        body,
        text: () => new TextDecoder().decode(body),
        json: () => JSON.parse(new TextDecoder().decode(body)),
      };
    },
    *write(path, data) {
      const target = env.output.resolve(path);
      env.savedPaths.claim(path, name);
      yield* writeWholeFile(target, data, env.output.confined);
      return target;
    },
    *append(path, data) {
      const target = env.output.resolve(path);
      env.savedPaths.claimAppend(path, name);
      yield* appendToFile(target, data, env.output.confined);
      return target;
    },
    *enqueue(url, options) {
      let absolute: string;
      try {
        absolute = new URL(url, place.within?.url).href;
      } catch {
        return false;
      }
      const refusal: EnqueueRefusal | undefined = yield* place.book.enqueue(
        place.index,
        place.within?.depth ?? -1,
        absolute,
        options?.save,
      );
      return refusal === undefined;
    },
    sleep: (durationMs) => sleep(durationMs),
    log: (message) => env.emit({ type: "log", name, message, atMs: env.elapsedMs() }),
  };
  const stopwatch = place.stopwatch;
  if (stopwatch) {
    const fetch = context.fetch;
    context.fetch = (input, options) => stopwatch.time(fetch(input, options));
  }
  return context;
}
