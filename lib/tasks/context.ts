/**
 * The `ctx` a custom task or an `onResponse` callback receives: fetch (each `ctx.fetch` waits for its
 * turn in the run's frontier, like every fetch, and is a line in the metadata log), enqueue more
 * URLs into the task (crawling), write and append files (atomic and confined to the output
 * directory, like every sink), sleep, log. Here is what `ctx` is and how one is made and ended; the
 * larger methods are modules of their own (`ctx_fetch.ts`, `ctx_files.ts`, `ctx_enqueue.ts`), over
 * the state of one context they share (`ctx_scope.ts`).
 * @module
 */
import { noticingChildrenLeft, type Operation, sleep, watchingUnrun } from "../loop/mod.ts";
import type { HttpRequest, HttpResponse, RequestOptions } from "../http/mod.ts";
import type { RetrySettings } from "../frontier/mod.ts";
import type { RunEnv } from "./env.ts";
import type { FetchBook } from "./fetch_book.ts";
import { loggedText } from "./ctx_arguments.ts";
import { enqueueCall } from "./ctx_enqueue.ts";
import { fetchCall, requestCall } from "./ctx_fetch.ts";
import { fileCall } from "./ctx_files.ts";
import { ContextScope } from "./ctx_scope.ts";
import type { FetchStopwatch } from "./fetch_stopwatch.ts";
import { UnrunCalls, warnOfUnrunCalls } from "./unrun_calls.ts";
import { warnOfChildrenLeft } from "./children_left_warning.ts";

/**
 * Options of one `ctx.fetch` / `ctx.request`: the client's limits, and the retry settings (which
 * the config's `defaults` give otherwise). The run's `bandwidth` is the run's: a call keeps it; and
 * an error names each limit as it was written, in the call's options or in the config.
 */
export type FetchCallOptions =
  & Omit<RequestOptions, "bandwidth" | "nameLimit">
  & Partial<RetrySettings>;

/**
 * Options of one `ctx.fetch`: those of every call, and whether to hash the body it reads for its
 * metadata line (`ctx.request` writes none: its body is the task's to read).
 */
export type FetchPageOptions = FetchCallOptions & {
  /** Record the body's SHA-256 in the fetch's metadata line. @default the config's `defaults.sha256` */
  sha256?: boolean;
};

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

/**
 * What a custom task can do, each as an operation for `yield*`. A context lives as long as the task
 * (or the `onResponse` call) it was given to: after that every method but `log` throws
 * `ContextEndedError` (code `CONTEXT_ENDED`), and the responses `request` handed out that were not
 * read to the end are closed. A call never run by `yield*` (`await ctx.write(...)`) does nothing, and is a warning of
 * the run once the context ends.
 */
export interface TaskContext {
  /** The task's name. */
  readonly name: string;
  /** Absolute output directory. */
  readonly outDir: string;
  /**
   * Fetches a URL and reads the whole body (bounded by maxBodySize). Any status is returned. The
   * run's metadata log gets one record of it, with the task's name and no saved path (and the
   * body's SHA-256 with `sha256: true`).
   * @param request URL or request.
   * @param options Overrides of the config's fetch defaults.
   * @throws {NetError} When no connection could be made or it broke (`CONNECT_FAILED`,
   *   `HOST_NOT_FOUND`, `TIMEOUT_CONNECT`, `TIMEOUT_TLS`, `TLS_FAILED`, `NOT_PERMITTED`,
   *   `CONNECTION_CLOSED`, …: `NetErrorCode`), once the retries are spent.
   * @throws {HttpError} When the exchange failed (`TIMEOUT_HEADERS`, `TIMEOUT_IDLE`,
   *   `TIMEOUT_TOTAL`, `BODY_TOO_LARGE`, `TOO_MANY_REDIRECTS`, `BAD_REQUEST_HEADER`, …:
   *   `HttpErrorCode`), once the retries are spent.
   * @throws {ProxyError} When the proxy could not be reached, or refused or could not open the
   *   tunnel (`ProxyErrorCode`).
   * @throws {ContextEndedError} When the task (or callback) this context was given to has ended.
   * @throws {CancelledError} When the task is cancelled while the fetch records its end: rethrow it.
   * @throws {TypeError} When the URL is not an absolute http(s) URL, or carries credentials, or the
   *   headers are not a plain object, or the body not `{ kind: "bytes" | "file", ... }`, or an
   *   option is unknown or of the wrong kind.
   */
  fetch(request: string | URL | HttpRequest, options?: FetchPageOptions): Operation<FetchedPage>;
  /**
   * Sends a request and returns once the head arrives; read `response.body` or close it (one left
   * unread holds its connection until the task or callback ends).
   * @param request URL or request.
   * @param options Overrides of the config's fetch defaults.
   * @throws {UnreadResponsesError} When the responses of the origin this task or callback holds
   *   unread already take every connection the run opens to it: the request could only wait forever.
   * @throws {NetError} As `fetch` does; so do `HttpError`, `ProxyError` and `ContextEndedError`.
   * @throws {TypeError} As `fetch` does, for the request given.
   */
  request(
    request: string | URL | HttpRequest,
    options?: FetchCallOptions,
  ): Operation<HttpResponse>;
  /**
   * Writes a whole file under the output directory, atomically.
   * @param path Relative to the output directory.
   * @param data Bytes or text.
   * @returns The absolute path written.
   * @throws {TypeError} When the path is not text, or the data neither text nor a Uint8Array.
   * @throws {NameTooLongError} `NAME_TOO_LONG` when a file or folder name in the path is longer
   *   than the 255 UTF-8 bytes file systems take (nothing is written).
   * @throws {ConfinementError} When the path is absolute or leaves the output directory, also
   *   through a link (`PATH_ESCAPES_OUTDIR`), is empty or no regular file (`PATH_INVALID`), or its
   *   folder was replaced while it was written (`DIR_REPLACED`); its message names the call and the
   *   task.
   * @throws {SaveCollisionError} `SAVE_COLLISION` when the path is another task's file in this run,
   *   or corun's own (its metadata log, its state), or a folder of one.
   * @throws {ContextEndedError} When the task (or callback) this context was given to has ended.
   */
  write(path: string, data: Uint8Array | string): Operation<string>;
  /**
   * Appends to a file under the output directory in one write, whole or not at all (lines from
   * concurrent tasks never mix; a write that fails part-way, on a full disk, is cut back).
   * @param path Relative to the output directory.
   * @param data Bytes or text.
   * @returns The absolute path appended to.
   * @throws {TypeError} When the path is not text, or the data neither text nor a Uint8Array.
   * @throws {NameTooLongError} `NAME_TOO_LONG`, as `write` does.
   * @throws {ConfinementError} As `write` does.
   * @throws {SaveCollisionError} `SAVE_COLLISION` when the path is a file another task saves whole,
   *   or corun's own, or a folder of one.
   * @throws {ContextEndedError} When the task (or callback) this context was given to has ended.
   */
  append(path: string, data: Uint8Array | string): Operation<string>;
  /**
   * Adds a URL to this task's fetches, in the run's frontier (same limits and politeness): saved
   * by `options.save` (a path template) or else the task's `save`, and handed to the task's
   * `onResponse` like its own URLs. Left out when the run has seen it already (its fragment aside:
   * `/a#top` is `/a`, and is fetched as `/a`), when it is deeper than `crawl.maxDepth`, on an origin
   * `crawl.origins` does not allow (by default: the origins of the task's own URLs, or of a custom
   * task's own first enqueues), or past `crawl.maxFetches`.
   * @param url Absolute, or relative to the response being handled; text or a `URL`. A custom
   *   task's own context has no response: its URLs are absolute.
   * @param options Where to save it.
   * @returns Whether it was queued (a link of the response that is no http(s) URL is not).
   * @throws {TypeError} When the URL is neither text nor a `URL`, or an option is not `save`; in a
   *   custom task's own context, when it is not an absolute http(s) URL.
   * @throws {EnqueueSaveError} When `options.save` is not a template an enqueued URL can be saved
   *   by, or, without it, the task's `save` does not tell pages apart (no `{path}`, `{uuid}` or
   *   `{sha256}`): every page would replace the task's own file.
   */
  enqueue(url: string | URL, options?: { save?: string }): Operation<boolean>;
  /**
   * Waits `durationMs` of loop time.
   * @throws {TypeError} When `durationMs` is not a number (`"3s"`); a RangeError when it is NaN.
   */
  sleep(durationMs: number): Operation<void>;
  /**
   * Reports a message in the run's output (an event of type `log`). Called after the context ended
   * (from a timer of the task's own), it still does, the event marked `afterEnd`: it never throws.
   * @param message Text, as it is; anything else (an object, an Error, a number) as `Deno.inspect`
   *   shows it on one line, an Error as its name and message (`TypeError: bad input`).
   */
  log(message: unknown): void;
}

/** Where a context is used: which task, and inside which fetch's callback. */
export interface ContextPlace {
  /** The task's position in the config. */
  index: number;
  /** The run's fetch books, where `enqueue` puts URLs. */
  book: FetchBook;
  /**
   * The fetch whose `onResponse` this context serves (its depth and URL, and its frontier entry's
   * id: the links it enqueues were found on its page), or undefined for a custom task's own
   * context. Inside a callback the caller holds a turn already (see `Frontier.acquire`), and the
   * response it was given holds a connection until the body is read or closed.
   */
  within?: { depth: number; url: string; response?: HttpResponse; id?: number };
  /** Counts the real time its `ctx.fetch` calls take (a custom task under a virtual clock). */
  stopwatch?: FetchStopwatch;
}

/** A context, and the end of its lifetime: its owner calls `end` when the task or callback ends. */
export interface OwnedContext {
  /** What the task or callback is given. */
  ctx: TaskContext;
  /**
   * Ends the context: the responses `ctx.request` handed out that are not read to the end are
   * closed (their connections go back), and every method of `ctx` but `log` throws
   * `ContextEndedError`.
   */
  end(): void;
  /**
   * Runs the task's or callback's own code, counting its `group.spawn` calls never run with its
   * `ctx` calls (the warning at `end`), and warning of the children it spawned and left running
   * when it returned (cancelled with it).
   */
  watched<T>(operation: Operation<T>): Operation<T>;
}

/**
 * Creates the context of one task, or of one `onResponse` call.
 *
 * @param name The task's name.
 * @param env The run's shared services.
 * @param place Which task, and inside which fetch.
 * @returns The context, and its end.
 */
export function createTaskContext(
  name: string,
  env: RunEnv,
  place: ContextPlace,
): OwnedContext {
  const scope = new ContextScope(name, env, place);
  // Each call is counted as not run until `yield*` runs it (the generator made per call, not per
  // context: a run may hold 100,000 contexts).
  const unrun = new UnrunCalls();
  const context: TaskContext = {
    name,
    outDir: env.output.path,
    request(input, options = {}) {
      return unrun.track("ctx.request", input, requestCall(scope, input, options));
    },
    fetch(input, options) {
      return unrun.track("ctx.fetch", input, fetchCall(scope, input, options));
    },
    write(path, data) {
      return unrun.track("ctx.write", path, fileCall(scope, "write", path, data));
    },
    append(path, data) {
      return unrun.track("ctx.append", path, fileCall(scope, "append", path, data));
    },
    enqueue(url, options) {
      return unrun.track("ctx.enqueue", url, enqueueCall(scope, url, options));
    },
    sleep(durationMs) {
      return unrun.track(
        "ctx.sleep",
        durationMs,
        function* () {
          scope.refuseIfEnded(`sleep ${durationMs} ms`);
          yield* sleep(durationMs);
        }(),
      );
    },
    log(message) {
      // Never refused: a late line comes from a timer or promise of the task's own, where a throw
      // would end the whole process. It is told, marked as coming after the end.
      const text = loggedText(message);
      const atMs = env.elapsedMs();
      env.emit(
        scope.ended
          ? { type: "log", name, message: text, atMs, afterEnd: true }
          : { type: "log", name, message: text, atMs },
      );
    },
  };
  const stopwatch = place.stopwatch;
  if (stopwatch) {
    const fetch = context.fetch;
    context.fetch = (input, options) => stopwatch.time(fetch(input, options));
  }
  return {
    ctx: context,
    watched: (operation) =>
      watchingUnrun(
        unrun,
        noticingChildrenLeft(
          operation,
          (count) => warnOfChildrenLeft(env, name, count, place.within?.url),
        ),
      ),
    end() {
      scope.ended = true;
      // Unread, they would hold their connections until the run ends, and a later fetch of the
      // origin could wait for one forever.
      for (const response of scope.handedOut) {
        response.body.close(`when task ${JSON.stringify(name)} ended`);
      }
      scope.handedOut = [];
      warnOfUnrunCalls(env, name, unrun);
    },
  };
}
