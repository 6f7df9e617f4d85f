/**
 * The `ctx` a custom task or an `onResponse` callback receives: fetch (each `ctx.fetch` waits for its
 * turn in the run's frontier, like every fetch, and is a line in the metadata log), enqueue more
 * URLs into the task (crawling), write and append files (atomic and confined to the output
 * directory, like every sink), sleep, log.
 * @module
 */
import {
  brandClass,
  call,
  cleanup,
  createSemaphore,
  type Effect,
  type Operation,
  type Semaphore,
  sleep,
  watchingUnrun,
} from "../loop/mod.ts";
import {
  headersOver,
  type HttpRequest,
  type HttpResponse,
  namesOfGiven,
  type RequestOptions,
} from "../http/mod.ts";
import type { RetrySettings } from "../frontier/mod.ts";
import { digestWhole } from "../sinks/mod.ts";
import { type RunEnv, sharedRequestOptionsFor } from "./env.ts";
import type { EnqueueRefusal } from "./crawl_rules.ts";
import type { FetchBook } from "./fetch_book.ts";
import { cancelledFetchError, type FetchOutcome, recordFetch } from "./fetch_record_of.ts";
import {
  askedRequest,
  checkCallOptions,
  checkFileArguments,
  enqueuedUrl,
  loggedText,
  ownEnqueuedUrl,
} from "./ctx_arguments.ts";
import { appendToFile, writeWholeFile } from "./file_ops.ts";
import type { FetchStopwatch } from "./fetch_stopwatch.ts";
import type { FetchDefaults } from "./spec.ts";
import { credentialHeadersOver } from "./credential_headers.ts";
import { defaultsNow } from "./secrets_now.ts";
import { inTurn, requestInTurn, type TurnRequest } from "./turn.ts";
import { UnrunCalls, warnOfUnrunCalls } from "./unrun_calls.ts";
import { originOf } from "./url_origin.ts";

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

/** A call's options over the config's settings: what its request is sent with. */
type CallSettings = RequestOptions & Partial<RetrySettings>;

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
   * @throws {ConfinementError} When the path leaves the output directory, also through a link
   *   (`PATH_ESCAPES_OUTDIR`), is empty, absolute or no regular file (`PATH_INVALID`), or its folder
   *   was replaced while it was written (`DIR_REPLACED`).
   * @throws {SaveCollisionError} `SAVE_COLLISION` when the path is another task's file in this run,
   *   or corun's own (its metadata log, its state), or a folder of one.
   * @throws {ContextEndedError} When the task (or callback) this context was given to has ended.
   */
  write(path: string, data: Uint8Array | string): Operation<string>;
  /**
   * Appends to a file under the output directory in one write (lines from concurrent tasks never mix).
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

/** The body's SHA-256 (no loop step once the hashing module is loaded). */
function* sha256Of(body: Uint8Array): Generator<Effect, string> {
  const digest = digestWhole(body, "sha256");
  return typeof digest === "string" ? digest : yield* call(() => digest, "hash the body");
}

/**
 * A context used after the task (or the `onResponse` call) it was given to has ended: nothing is
 * fetched, written or enqueued for a task that is over.
 */
export class ContextEndedError extends Error {
  static {
    // A TypeScript config run by the bundled command line catches it with mod.ts's class.
    brandClass(this, "ContextEndedError");
  }

  /** Stable code for callers that branch. */
  readonly code = "CONTEXT_ENDED";

  /**
   * Says which call came too late, for which task.
   *
   * @param call What was asked (`ctx.write "a.txt"`).
   * @param task The task's name.
   * @param owner What ended (`the task`, `its onResponse for https://…`).
   */
  constructor(call: string, task: string, owner: string) {
    super(`Cannot ${call} for task "${task}": ${owner} has ended`);
    this.name = "ContextEndedError";
  }
}

/**
 * A `ctx.request` that could only wait forever: the responses its task holds unread already take
 * every connection the run opens to the origin, and only the task itself could give one back.
 */
export class UnreadResponsesError extends Error {
  static {
    brandClass(this, "UnreadResponsesError");
  }

  /** Stable code for callers that branch. */
  readonly code = "UNREAD_RESPONSES";

  /**
   * Says which request could only wait, and what holds the connections.
   *
   * @param url The URL asked for.
   * @param task The task's name.
   * @param held How many responses of the origin the task holds unread.
   */
  constructor(url: string, task: string, held: number) {
    super(
      `Cannot ctx.request ${url} for task "${task}": it holds ${held} responses of ` +
        `${originOf(url)} whose bodies are neither read to the end nor closed, every connection ` +
        "the run opens to that origin; read or close them (response.body.close()) first",
    );
    this.name = "UnreadResponsesError";
  }
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
   * `ctx` calls (the warning at `end`).
   */
  watched<T>(operation: Operation<T>): Operation<T>;
}

/**
 * A call's request under the config's `defaults.headers` (the call's own win, in any case), with
 * those of them the config gave as `{ env }` or `{ file }` and the call keeps declared credentials:
 * a redirect that leaves the origin drops them.
 */
function underDefaultHeaders(request: HttpRequest, defaults: FetchDefaults): HttpRequest {
  if (Object.keys(defaults.headers).length === 0) return request;
  const own = request.headers ?? {};
  const merged: HttpRequest = { ...request, headers: headersOver(defaults.headers, own) };
  const declared = defaults.credentialHeaders;
  if (declared === undefined) return merged;
  const names = credentialHeadersOver(declared, own, request.credentialHeaders);
  if (names.length > 0) merged.credentialHeaders = names;
  return merged;
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
  const defaults = sharedRequestOptionsFor(env.defaults, env); // made once per run, not per context
  // A callback's fetches share its one turn beyond the limits (see `TurnRequest.extraTurn`), made
  // at its first fetch: most callbacks of a crawl make none.
  let extraTurn: Semaphore | undefined;
  // A call's timeouts given in part keep the config's for the other phases; an error names a limit
  // the call set as the call wrote it, and the others as the config did.
  const withDefaults = (options: FetchCallOptions = {}): CallSettings => ({
    ...defaults,
    ...options,
    timeouts: { ...defaults.timeouts, ...options.timeouts },
    nameLimit: namesOfGiven(options, defaults.nameLimit),
  });
  const turnOf = (request: HttpRequest, options: CallSettings): TurnRequest => {
    // The retry settings are the frontier's; the rest are the client's.
    const { retries, retryOn, backoffMs, maxBackoffMs, ...clientOptions } = options;
    return {
      task: place.index,
      name,
      // As now: a worker's credentials follow their rotated files (`RunOptions.secretsNow`).
      request: underDefaultHeaders(request, defaultsNow(env)),
      options: clientOptions,
      retry: {
        retries: retries ?? env.defaults.retries,
        retryOn: retryOn ?? env.defaults.retryOn,
        backoffMs: backoffMs ?? env.defaults.backoffMs,
        maxBackoffMs: maxBackoffMs ?? env.defaults.maxBackoffMs,
      },
      extraTurn: place.within === undefined ? undefined : (extraTurn ??= createSemaphore(1)),
    };
  };
  let ended = false;
  const owner = place.within === undefined ? "the task" : `its onResponse for ${place.within.url}`;
  /** Throws once the context has ended: nothing is done for a task that is over. */
  const refuseIfEnded = (call: string) => {
    if (ended) throw new ContextEndedError(`ctx.${call}`, name, owner);
  };
  /** Responses `ctx.request` handed out whose bodies may still hold a connection. */
  let handedOut: HttpResponse[] = [];
  /**
   * How many of the origin's connections this task or callback holds with bodies not read out;
   * `untouched`: only those nothing was read from yet, which no coroutine of it may be reading.
   */
  const heldOf = (origin: string, untouched = false) => {
    handedOut = handedOut.filter((response) => !response.body.ended);
    const held = [place.within?.response, ...handedOut].filter((response) =>
      response !== undefined && !response.body.ended && originOf(response.url) === origin &&
      (!untouched || response.body.bytesRead === 0)
    );
    return held.length;
  };
  /**
   * Tells a call's own `onAttempt` as the run's listeners are told: one that throws, or an `async`
   * one whose promise rejects, is a warning of the run. Let through, a throw failed the fetch from
   * inside the client, and a rejection nothing handled ended the whole process, every task with it.
   */
  const tellOnAttempt = (call: string, url: string, listener: () => unknown) =>
    env.tell(
      `an attempt of ctx.${call} ${JSON.stringify(url)}`,
      listener,
      `The onAttempt of task "${name}"`,
    );
  // Each call is counted as not run until `yield*` runs it (the generator made per call, not per
  // context: a run may hold 100,000 contexts).
  const unrun = new UnrunCalls();
  const context: TaskContext = {
    name,
    outDir: env.output.path,
    request(input, options = {}) {
      return unrun.track(
        "ctx.request",
        input,
        function* () {
          const asked = askedRequest("request", name, input);
          const url = asked.url;
          checkCallOptions("request", name, url, options);
          refuseIfEnded(`request ${JSON.stringify(url)}`);
          env.tlsOffCalls.note(name, "request", url, options);
          const origin = originOf(url);
          const held = heldOf(origin);
          if (held >= env.connectionsPerOrigin) throw new UnreadResponsesError(url, name, held);
          const given = options.onAttempt;
          const turn = turnOf(
            asked,
            given === undefined
              ? withDefaults(options)
              : { ...withDefaults(options), onAttempt: () => tellOnAttempt("request", url, given) },
          );
          // Asked again as its turn comes: requests made together (`all([...])`) each pass the
          // check above before any head arrives, and by then the others' may hold every
          // connection. Then only bodies nothing was read from count: one being read lets go.
          turn.beforeSend = () => {
            const untouched = heldOf(origin, true);
            if (untouched >= env.connectionsPerOrigin) {
              throw new UnreadResponsesError(url, name, untouched);
            }
          };
          const response = yield* requestInTurn(env, turn);
          // Ended while it waited (a ctx another task kept): nobody would close it.
          if (ended) response.body.close();
          refuseIfEnded(`request ${JSON.stringify(url)}`);
          handedOut.push(response);
          return response;
        }(),
      );
    },
    fetch(input, options) {
      return unrun.track(
        "ctx.fetch",
        input,
        function* () {
          const asked = askedRequest("fetch", name, input);
          checkCallOptions("fetch", name, asked.url, options);
          refuseIfEnded(`fetch ${JSON.stringify(asked.url)}`);
          env.tlsOffCalls.note(name, "fetch", asked.url, options);
          const outcome: FetchOutcome = {
            task: name,
            url: asked.url,
            method: asked.method ?? "GET",
            response: undefined,
            attempts: 0,
            bytes: 0,
            sha256: null,
            // ctx.fetch keeps the body in memory; a ctx.write of it is the task's own
            savedPath: null,
            bodyMs: 0,
            writeMs: 0,
            startedAtMs: Date.now(),
            startMs: performance.now(),
          };
          // Every attempt counts, those of a request that fails after its retries too.
          const given = options?.onAttempt;
          const onAttempt = () => {
            outcome.attempts++;
            if (given !== undefined) tellOnAttempt("fetch", asked.url, given);
          };
          // Set as the one metadata line is written: a fetch cut off by a cancel (a `moveOnAfter`
          // of the task's, an interrupted run), which skips `catch`, writes its line in `finally`.
          let recorded = false;
          /** The last response head, a retried one's too: one cancelled later has a status. */
          let lastResponse: HttpResponse | undefined;
          const note = (extra: Partial<FetchOutcome> = {}) => {
            recorded = true;
            outcome.bytes = outcome.response?.body.bytesRead ?? 0;
            return recordFetch(env.metadata, { ...outcome, ...extra });
          };
          let response: HttpResponse;
          let body: Uint8Array;
          let finished = false;
          try {
            // The body is read within the fetch's turn: one that breaks off goes again, as a head.
            const turn = turnOf(asked, { ...withDefaults(options), onAttempt });
            turn.onResponse = (got) => lastResponse = got;
            const read = yield* inTurn(
              env,
              turn,
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
            // Hashed before the fetch is finished: WebCrypto's digest is a wait, and a cancel
            // during it still writes the fetch's CANCELLED line below.
            if (env.metadata && (options?.sha256 ?? env.defaults.sha256)) {
              outcome.sha256 = yield* sha256Of(body);
            }
            finished = true;
          } catch (error) {
            yield* note({ error });
            throw error;
          } finally {
            if (!recorded && !finished) {
              const error = cancelledFetchError(env, outcome.url);
              yield* cleanup(note({ error, response: lastResponse }));
            }
          }
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
        }(),
      );
    },
    write(path, data) {
      return unrun.track(
        "ctx.write",
        path,
        function* () {
          refuseIfEnded(`write ${JSON.stringify(path)}`);
          checkFileArguments("write", name, path, data);
          const target = env.output.resolve(path);
          const claimed = env.savedPaths.claim(path, name);
          try {
            yield* writeWholeFile(target, data, env.output.confined);
          } catch (error) {
            throw env.savedPaths.collisionOf(error, claimed, name) ?? error;
          }
          return target;
        }(),
      );
    },
    append(path, data) {
      return unrun.track(
        "ctx.append",
        path,
        function* () {
          refuseIfEnded(`append ${JSON.stringify(path)}`);
          checkFileArguments("append", name, path, data);
          const target = env.output.resolve(path);
          const claimed = env.savedPaths.claimAppend(path, name);
          try {
            yield* appendToFile(target, data, env.output.confined);
          } catch (error) {
            throw env.savedPaths.collisionOf(error, claimed, name) ?? error;
          }
          return target;
        }(),
      );
    },
    enqueue(url, options) {
      return unrun.track(
        "ctx.enqueue",
        url,
        function* () {
          refuseIfEnded(`enqueue ${JSON.stringify(url)}`);
          const asked = enqueuedUrl(name, url, options);
          // A page's link that is no URL is left out, as a crawler skips it; a custom task's own
          // URL is the task's to get right.
          const absolute = place.within === undefined
            ? ownEnqueuedUrl(name, asked)
            : URL.parse(asked, place.within.url)?.href;
          if (absolute === undefined) return false;
          const refusal: EnqueueRefusal | undefined = yield* place.book.enqueue(
            place.index,
            place.within?.depth ?? -1,
            absolute,
            options?.save,
            place.within?.id,
          );
          return refusal === undefined;
        }(),
      );
    },
    sleep(durationMs) {
      return unrun.track(
        "ctx.sleep",
        durationMs,
        function* () {
          refuseIfEnded(`sleep ${durationMs} ms`);
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
        ended
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
    watched: (operation) => watchingUnrun(unrun, operation),
    end() {
      ended = true;
      // Unread, they would hold their connections until the run ends, and a later fetch of the
      // origin could wait for one forever.
      for (const response of handedOut) {
        response.body.close(`when task ${JSON.stringify(name)} ended`);
      }
      handedOut = [];
      warnOfUnrunCalls(env, name, unrun);
    },
  };
}
