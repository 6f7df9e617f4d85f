/**
 * One attempt at one fetch of a task (its URL, a list line, a pattern's URL, an enqueued link):
 * request it, save the body, and say how it ended: done, failed (its metadata line written), or to
 * go again after a delay (the frontier's retry decision; nothing written yet). A body that breaks
 * off, a timeout and a retryable status all draw on the one retry budget of the fetch. When the run
 * keeps state and the body was saved before, the request is conditional, and a 304 leaves the saved
 * file as it is. A body that broke off is continued where it stopped (`Range`, resume.ts); with
 * `resume: true` also one an earlier run left.
 * @module
 */
import {
  brandClass,
  call,
  cleanup,
  codeOf,
  type Effect,
  immediately,
  letOthersRun,
  messageOf,
  type Operation,
} from "../loop/mod.ts";
import { failureOf, statusFailureOf } from "../frontier/mod.ts";
import {
  type FollowedRedirects,
  type HeaderList,
  HttpError,
  type HttpRequest,
  type HttpResponse,
  type RequestOptions,
  type RequestPhase,
  shownStatus,
  unfollowedRedirectNote,
  withoutCredentialHeaders,
} from "../http/mod.ts";
import {
  type Checksum,
  renderPathTemplate,
  templateCouldRender,
  templateNeedsFileName,
  type TemplateVars,
  UUID_MARK,
} from "../sinks/mod.ts";
import { tryLockSync } from "../sinks/file_lock.ts";
import { partialPathFor, readPartialRecord, removePartialRecord } from "../sinks/partial_file.ts";
import {
  type BodyWriter,
  isStdoutSave,
  refuseItemStdout,
  writeStdout,
} from "../sinks/stdout_body.ts";
import { callbackFailure, runCallback } from "./callback.ts";
import { isCancelling } from "./cancellation.ts";
import type { OwnedContext } from "./context.ts";
import { type RunEnv, sharedRequestOptionsFor } from "./env.ts";
import { checksumsFileEntry, type ExpectedChecksum } from "./checksums_files.ts";
import { fetchEndOf } from "./fetch_end.ts";
import { cancelledFetchError, FetchCancelledError, recordFetch } from "./fetch_record_of.ts";
import { keptForNextRun } from "./kept_partial.ts";
import type { FetchLeftOut, FetchSummary } from "./report.ts";
import { requestFor } from "./request_spec.ts";
import { requestNow } from "./secrets_now.ts";
import {
  conditionalHeaders,
  hasExpectedDigest,
  isStillSaved,
  type PreviousSave,
} from "./kept_state.ts";
import {
  ChecksumMismatchError,
  type ResumeTarget,
  saveBody,
  type SavedBody,
  type SaveTarget,
  SMALL_BODY_BYTES,
  smallBodyLength,
} from "./save_body.ts";
import {
  BROKEN_BODY_CODES,
  checkContinues,
  checkUnaskedPartial,
  type ContentRange,
  hasOwnRange,
  holdsWholeFile,
  type PartialBody,
  resumeHeaders,
  resumeRefusal,
  ResumeRefusedError,
  savedContentType,
  savedFileName,
  savesFile,
} from "./resume.ts";
import { type ResumeValidator, resumeValidatorOf, validatorHeaders } from "./resume_validator.ts";
import { provesUnchanged } from "./not_modified.ts";
import { ItemProblemError } from "./item_problem.ts";
import { nextAttempt } from "./next_attempt.ts";
import type { RobotsDisallowedError, RobotsGate } from "./robots_gate.ts";
import { isFixedSave, mayCollide } from "./saved_paths.ts";
import { EarlierFileError, SaveCollisionError } from "./save_collision.ts";
import { claimSharedSave, type SharedSaves } from "./shared_saves.ts";
import { saveUrlOf, slashFormOf } from "./save_url.ts";
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
  /** The digest its body must have (a list line's third column). */
  checksum?: Checksum;
  /** The first bytes of its body, kept by an attempt whose body broke off: the next asks for the rest. */
  partial?: PartialBody;
  /** Requests its earlier attempts sent, resends on a fresh connection included (the metadata's). */
  sent?: number;
  /**
   * Wall-clock epoch milliseconds whose UTC day is its `{date}`: a shared queue's job's submit or
   * schedule fire (a worker runs for days). Without it, the run's start.
   */
  runDate?: number;
}

/**
 * A response whose status says the fetch did not succeed: a fetch task's fetch fails with it (after
 * its retries, for a status retried), and the run's report says so by its `code`.
 *
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { fetchTask, run } from "@corun/corun";
 * const server = Deno.serve(
 *   { hostname: "127.0.0.1", port: 0, onListen() {} },
 *   () => new Response("no such page", { status: 404 }),
 * );
 * const url = `http://127.0.0.1:${server.addr.port}/page`;
 * const outDir = await Deno.makeTempDir();
 * const report = await run({ tasks: [fetchTask("page", url, { save: "page.html" })] }, { outDir });
 * await server.shutdown();
 * await Deno.remove(outDir, { recursive: true });
 * const [page] = report.tasks;
 * assertEquals([page.outcome, page.error], ["failed", {
 *   code: "HTTP_STATUS",
 *   message: `Cannot fetch ${url}: the server answered 404 Not Found`,
 * }]);
 * ```
 */
export class HttpStatusError extends Error {
  static {
    brandClass(this, "HttpStatusError");
  }

  /** Stable code. */
  readonly code = "HTTP_STATUS";
  /** The status received. */
  readonly status: number;

  /**
   * Says which URL answered what, and through which proxy.
   *
   * @param url The URL that answered.
   * @param status The status.
   * @param statusText The reason phrase.
   * @param proxy The proxy a plain-http request went through (`http://host:port`), which may be
   *   what answered: a user who looks only at the server would not find a proxy's 401. The status
   *   is then named by its standard reason: the proxy's own text may reflect the request's
   *   `Proxy-Authorization`, as a `CONNECT` refusal's is kept out for.
   * @param note What else the status needs said (a redirect without a Location).
   */
  constructor(url: string, status: number, statusText: string, proxy?: string, note?: string) {
    const through = proxy === undefined ? "" : ` (through proxy ${proxy})`;
    const said = shownStatus({ status, statusText }, proxy !== undefined);
    const answer = said + (note === undefined ? "" : ` ${note}`);
    super(`Cannot fetch ${url}: the server answered ${answer}${through}`);
    this.name = "HttpStatusError";
    this.status = status;
  }
}

/** How one attempt ended. */
export type AttemptEnd =
  /**
   * `record`: writes its metadata line; the caller runs it once (after the other workers have saved
   * their files: see `fetch_worker.ts`), also when cancelled before.
   */
  | { kind: "done"; summary: FetchSummary; record: Operation<void> }
  /** `pause`: how long every fetch to the origin that answered should wait (a `Retry-After`). */
  | {
    kind: "failed";
    error: unknown;
    pause?: OriginPause;
    /** The failure would have gone again, but the fetch made all its `retries`, this many. */
    retriesSpent?: number;
    /** What the fetch got (its status, or null when no response arrived), for its task's result. */
    fetch?: FetchSummary;
    /** The shared queue takes it back for another worker (`Frontier.givesBack`): not failed here. */
    givenBack?: true;
  }
  /** `code`: the failure's code (`HTTP_STATUS` for a status), for a trace of the run. */
  | { kind: "retry"; delayMs: number; pause?: OriginPause; reason: string; code: string }
  /**
   * Left out once started, its line written: a crawled link its origin's robots.txt disallows
   * (never sent), or whose redirect `redirectGate` refused. `error` says which rule, or where it
   * would have gone; `why` names the rule as a task's `items.leftOut` counts it.
   */
  | { kind: "left out"; error: HttpError | RobotsDisallowedError; why: FetchLeftOut };

/**
 * A pause a server asked of its origin (a 429/503 `Retry-After`). The origin is the one that
 * answered: after a redirect, not the one the fetch was queued under.
 */
export interface OriginPause {
  origin: string;
  ms: number;
}

/** What an attempt needs beyond the task: which attempt it is, and a context for callbacks. */
export interface AttemptContext {
  /** The frontier entry whose turn the attempt holds (a redirect moves its place: `turnAt`). */
  entryId: number;
  /** Attempts made before this one. */
  attempt: number;
  /** `performance.now()` as this attempt started. */
  startMs: number;
  /** The `ctx` the task's `onResponse` gets for this item (its `enqueue` knows the depth). */
  callbackContext: () => OwnedContext;
  /** Told as the response head arrives, for a live view of the body's progress. */
  onResponse?: (response: HttpResponse) => void;
  /** Told how long reading and saving the body took, for a trace of the run. */
  onSaved?: (saved: SavedBody) => void;
  /** Told as each phase of its exchanges begins, for a trace of the run (set only then). */
  began?: (phase: RequestPhase) => void;
  /** Refuses redirects a crawled link may not follow (see `CrawlRules.redirectGate`). */
  redirectGate?: (url: URL) => string | undefined;
  /** Keeps out a crawled link its origin's robots.txt disallows (see `CrawlRules.robotsGate`). */
  robots?: RobotsGate;
  /** Its request goes without the task's credentials (see `CrawlRules.sendsCredentials`). */
  withoutCredentials?: boolean;
}

/**
 * Makes one attempt at a fetch. Every fetch runs this generator, whose frame holds every local of
 * its body: it keeps the usual path, and what only some fetches do (a 416 to a resume, a 304, a
 * failing status, a callback, a failure, a cancel) is the work of `FetchAttempt`'s methods.
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
  const attempt = new FetchAttempt(spec, item, env, context);
  if (item.problem !== undefined) return yield* attempt.failFirst();
  try {
    // Inside the try: a request that cannot be built (a CA file gone since the config loaded)
    // fails this fetch, and only this one.
    const request = attempt.prepareRequest();
    if (context.robots !== undefined) {
      const disallowed = yield* context.robots.check(
        spec,
        item,
        context.entryId,
        !context.withoutCredentials,
      );
      if (disallowed !== undefined) return yield* attempt.leftOut(disallowed);
    }
    let previous = attempt.tracked ? yield* previousSaveOf(attempt) : undefined;
    // Validators a server sent go back as the bytes it sent (`HttpRequest.receivedHeaders`).
    if (previous) {
      const conditional = conditionalHeaders(previous);
      request.headers = { ...request.headers, ...conditional };
      request.receivedHeaders = Object.keys(conditional);
    }
    if (item.partial) {
      request.headers = resumeHeaders(attempt.ownHeaders, item.partial);
      request.receivedHeaders = ["If-Range"];
    }
    const options = sharedRequestOptionsFor(spec.options, env, context.redirectGate);
    if (previous) attempt.claimKept(previous);
    let response = attempt.response = yield* env.client.request(request, options, attempt);
    if (item.partial && response.status === 416) {
      response = yield* attempt.afterUnsatisfiable(request, options);
    }
    // The save a 304 keeps: only one it proves unchanged; else the body is asked for whole.
    let kept = response.status === 304 ? previous : undefined;
    if (kept && !provesUnchanged(response.headers, kept, Date.now())) {
      response = yield* attempt.requestWhole(request, options);
      kept = undefined;
    }
    if (previous && attempt.movedFrom(previous)) {
      // Its page now saves inside a folder where an earlier run's file for it stands: a file saved
      // for the user is never removed to make room, so a page to save (or keep) fails, naming it.
      if (kept || savesFile(response.status, attempt.keptWhole)) {
        throw new EarlierFileError(previous.savedPath, item.url, attempt.saveUrl);
      }
      attempt.releaseKept();
      previous = kept = undefined;
    }
    context.onResponse?.(response);
    if (kept) return attempt.unchanged(response, kept);
    if (!savesFile(response.status, attempt.keptWhole)) {
      return attempt.failingStatus(response, options);
    }
    if (item.partial) attempt.continueFrom(response, item.partial);
    if (spec.onResponse) yield* attempt.runOnResponse(response, spec.onResponse);
    let saved: SavedBody | undefined;
    if (attempt.keptWhole || !response.body.ended) {
      if (response.status === 206 && !attempt.from) attempt.checkUnasked(response);
      const contentType = savedContentType(response, attempt.from);
      const path = attempt.claimSavePath(contentType);
      if (env.sharedSaves !== undefined) yield* attempt.claimShared(env.sharedSaves);
      const expected = yield* expectedChecksumOf(spec, item, env);
      // The other workers read their heads first: then the run saves bodies one after another.
      yield* letOthersRun();
      saved = yield* saveBody(response, attempt.saveTarget(response, path, contentType, expected));
    }
    return attempt.done(response, saved);
  } catch (caught) {
    return yield* attempt.failed(caught);
  } finally {
    // Cancelled (the generator's return() skips `catch`): waiting for the head, or mid-body.
    if (!attempt.settled) yield* attempt.cancelled();
  }
}

/**
 * One attempt at a fetch under way: what its steps share, and the steps only some fetches take.
 * One object in place of the closures (and the scope they kept) an attempt made on every fetch;
 * `HttpClient.request` counts the requests it sends in its `count`.
 */
class FetchAttempt {
  readonly spec: FetchTaskSpec;
  readonly item: FetchItem;
  readonly env: RunEnv;
  readonly context: AttemptContext;
  readonly template: string | undefined;
  /**
   * Its template has `{filename}`: the server names the file, which is then this fetch's alone.
   * Read once here, for every step that asks (the claims, the partial's name, a 304's file).
   */
  readonly serverNamed: boolean;
  /**
   * Its save path is its task's `save` as written (no placeholder; not a list line's, nor an
   * enqueue's): the config's author chose it, so it may be a file the config reads (config_reads.ts).
   */
  readonly literalSave: boolean;
  /** The run keeps state of this task's saves: a save is recorded, an unchanged body asked for. */
  readonly tracked: boolean;
  /**
   * The fetch's start on the monotonic clock. Its total time runs from its first attempt (kept in
   * wall time: a retry may be made by another worker), so the waits between attempts count.
   */
  readonly startMs: number;
  /** Requests sent for this fetch before this attempt (each attempt at least one). */
  readonly sentBefore: number;
  /** Requests this attempt sent, resends included: `HttpClient.request`'s `sends` count. */
  count = 0;
  /**
   * Its `onResponse` gets the body unread, and may fetch from the origin before reading it: the
   * request is not pipelined (`RequestProgress.handsBodyOver`).
   */
  readonly handsBodyOver: boolean;
  /** The redirects its request followed, and where to (`RequestProgress.redirected`). */
  redirected: FollowedRedirects | undefined;
  /** Its metadata line is made, or it goes again: a cancel has nothing left to record. */
  settled = false;
  /** The response, once its head is in. */
  response: HttpResponse | undefined;
  /** The request's headers as the task gives them (without a conditional or resuming one). */
  ownHeaders: Record<string, string> = {};
  /** The body may be continued where it breaks off (see `prepareRequest`). */
  resumable = false;
  /** Where a partial of `resume: true` is kept, when the save path is known ahead. */
  namedPath: string | undefined;
  /** The kept bytes are the whole file: a 416 says the file ends where they do. Saved as they are. */
  keptWhole = false;
  /** The kept partial the body continues (or, `keptWhole`, is). */
  from: PartialBody | undefined;
  /** The range of the 206 that continues `from`. */
  fromRange: ContentRange | undefined;
  /** The file a 304 keeps, claimed for this task before the request goes out. */
  keptPath: string | undefined;
  /** The path the body is saved to, claimed for this task before the body is read. */
  claimed: string | undefined;
  /** The `{filename}` the save path is rendered with (see `savedFileName`), when it has one. */
  fileName: string | undefined;
  /** Set while the task's own callback runs: what it throws is its own, never retried. */
  inCallback = false;
  /** Bytes already on standard output: a broken body there cannot start over. */
  stdoutBytes = 0;
  /** The body's digests when they were not the expected ones, for the metadata line. */
  mismatch: ChecksumMismatchError | undefined;
  /** How long the origin that answered asked every fetch to it to wait. */
  pause: OriginPause | undefined;
  /** Its failure (a status, an error) would have gone again, but its `retries` were all made. */
  retriesSpent: true | undefined;

  constructor(spec: FetchTaskSpec, item: FetchItem, env: RunEnv, context: AttemptContext) {
    this.spec = spec;
    this.item = item;
    this.env = env;
    this.context = context;
    this.template = item.save ?? spec.save;
    this.serverNamed = this.template !== undefined && templateNeedsFileName(this.template);
    this.literalSave = item.save === undefined && item.depth === 0 && spec.save !== undefined &&
      isFixedSave(spec.save);
    this.tracked = env.state?.tracks(spec) ?? false;
    this.handsBodyOver = spec.onResponse !== undefined;
    const nowWallMs = Date.now();
    item.firstStartedAtMs ??= nowWallMs;
    this.startMs = context.startMs - (nowWallMs - item.firstStartedAtMs);
    this.sentBefore = item.sent ?? context.attempt;
    // Each of the fetch's requests (a redirect's, a resend's) is written with its connection open:
    // the turn its frontier entry holds must hold at that moment, not only when it was given
    // (`Frontier.sending`). A frontier without it has nothing to wait for: no step is added.
    const sending = env.frontier.sending;
    if (sending !== undefined) {
      this.writeTurn = (url) => sending.call(env.frontier, context.entryId, url.origin);
    }
    // Traced: the phases the exchange reaches, known also when it fails before its head.
    const began = context.began;
    if (began !== undefined) this.began = began;
  }

  /** See the constructor: set only for a frontier whose turns are confirmed at the write. */
  readonly writeTurn?: (url: URL) => Operation<void>;

  /**
   * The save as far as it is known before the response, told to the client: a request for a
   * compressed file (`.tar.gz`, `{1}.svgz`) asks for no content coding, which a server would only
   * apply again. Standard output has no name of its own: the URL's tells.
   */
  get saveNameAhead(): string | undefined {
    const template = this.template;
    return template === undefined || isStdoutSave(template) ? undefined : template;
  }

  /**
   * A `resume: true` fetch keeps a body that breaks off for a later run, so it asks for no content
   * coding: a gzipped text could not be continued, only started over.
   */
  get keepsPartial(): boolean {
    return this.namedPath !== undefined;
  }

  /** See the constructor: set only when the run is traced (`AttemptContext.began`). */
  readonly began?: (phase: RequestPhase) => void;

  /**
   * A redirect's request waits for its origin's turn (its gap, its pause, a place under its
   * `perHost`), as every request of the run does: else a list on one origin that redirects to
   * another would reach the other at the first one's pace, whatever its own rules. So does the
   * request for the whole file after a 416 (`afterUnsatisfiable`).
   */
  redirectTurn(url: URL): Operation<void> {
    return this.env.frontier.turnAt(url.origin, this.spec.name, this.context.entryId);
  }

  /**
   * The URL the save path is rendered from: as asked for, or where the response landed when a
   * redirect only added a `/` to its path (save_url.ts). As asked for until the response is in.
   */
  get saveUrl(): string {
    const url = this.item.url;
    const response = this.response;
    return response === undefined ? url : saveUrlOf(url, response.url);
  }

  /**
   * The path the body of a response to `url` would be saved as (`{uuid}` and `{sha256}` stood in
   * for), told to the client: a body whose Content-Encoding is the saved file's own compression (a
   * `.tar.gz` under `gzip`) is kept as sent. Standard output gets the bytes a file would: it is
   * named as a `{filename}` save would be (the server's name, else the URL's last segment).
   * Undefined when nothing is saved, or it cannot render.
   */
  saveNameOf(url: URL, headers: HeaderList): string | undefined {
    const { spec, item, env, template } = this;
    if (template === undefined) return undefined;
    if (isStdoutSave(template)) return savedFileName(url, headers, undefined);
    const fileName = this.serverNamed ? savedFileName(url, headers, item.partial) : undefined;
    try {
      return renderPathTemplate(template, {
        ...itemVars(
          spec,
          item,
          env,
          saveUrlOf(item.url, url.href),
          headers.get("content-type"),
          fileName,
        ),
        uuid: UUID_MARK,
        sha256: SHA256_MARK,
      });
    } catch {
      return undefined; // the save says why, if it comes to it
    }
  }

  /** Requests sent for this fetch, this attempt's included. */
  attempts(): number {
    return this.sentBefore + this.count;
  }

  /**
   * The writing of this fetch's metadata line (see `recordFetch`).
   *
   * @param response The response, when one arrived.
   * @param saved What the save produced, when it did.
   * @param extra A 304's mark, or why the fetch failed.
   */
  record(
    response: HttpResponse | undefined,
    saved: SavedBody | undefined,
    extra?: { unchanged?: boolean; error?: unknown },
  ): Operation<void> {
    this.settled = true;
    return recordFetch(this.env.metadata, {
      task: this.spec.name,
      url: this.item.url,
      method: this.spec.request.method,
      response,
      redirected: this.redirected,
      attempts: this.attempts(),
      bytes: saved?.bytes ?? response?.body.bytesRead ?? 0,
      sha256: saved?.sha256 ?? this.mismatch?.sha256 ?? null,
      savedPath: saved?.savedPath ?? null,
      bodyMs: saved?.bodyMs ?? 0,
      writeMs: saved?.writeMs ?? 0,
      startedAtMs: this.item.firstStartedAtMs!,
      startMs: this.startMs,
      resumedFrom: saved?.resumedFrom,
      ifRange: saved?.resumedFrom === undefined ? undefined : this.from?.validator,
      checksum: saved?.checksum ?? this.mismatch?.checksum,
      unchanged: extra?.unchanged,
      error: extra?.error,
    }, saved?.endMs);
  }

  /** An item that cannot be fetched (a bad list line): it fails before any request. */
  *failFirst(): Generator<Effect, AttemptEnd> {
    const error = new ItemProblemError(this.spec, this.item);
    yield* this.record(undefined, undefined, { error });
    return { kind: "failed", error };
  }

  /** Left out before any request (robots.txt disallows it): its line says why. */
  *leftOut(error: RobotsDisallowedError): Generator<Effect, AttemptEnd> {
    yield* this.record(undefined, undefined, { error });
    return { kind: "left out", error, why: "robots" };
  }

  /**
   * The request as the task gives it, once standard output is claimed for a `save: "-"`; and the
   * partial it continues, if any: a named one an earlier run left, or none when it cannot be.
   */
  prepareRequest(): HttpRequest {
    const { spec, item, env, template } = this;
    const url = item.url;
    // As it is now: a worker's credentials follow their rotated files (`RunOptions.secretsNow`).
    const declared = requestNow(env, spec, item.task);
    const request = requestFor(declared, url, env.baseDir);
    if (this.context.withoutCredentials) {
      request.headers = withoutCredentialHeaders(request.headers ?? {}, declared.credentialHeaders);
    }
    this.ownHeaders = request.headers ?? {};
    if (isStdoutSave(template)) {
      if (isStdoutSave(item.save)) refuseItemStdout(url, spec.name);
      env.stdout.claim(spec.name, url);
    }
    // Only a plain GET whose body corun saves itself is continued; never a Range of the user's.
    const savesToFile = template !== undefined && !isStdoutSave(template);
    const resumable = this.resumable = resumeRefusal(
      spec.request.method,
      this.ownHeaders,
      savesToFile,
      spec.onResponse !== undefined,
    ) === undefined;
    const namedPath = this.namedPath = resumable && resumeAcrossRuns(spec) && mayCollide(template!)
      ? namedPartialPath(this)
      : undefined;
    if (!resumable && item.partial) discardPartial(env, item);
    if (resumable && !item.partial && namedPath !== undefined) {
      item.partial = namedPartialOf(env, namedPath, url);
    }
    return request;
  }

  /**
   * Claims the file a 304 keeps before the request goes out: a task of this run that renders the
   * same path fails (SAVE_COLLISION) instead of replacing what the state says is ours.
   */
  claimKept(previous: PreviousSave): void {
    const template = this.template;
    if (template !== undefined && mayCollide(template)) {
      this.keptPath = this.#claim(previous.savedPath, this.serverNamed);
    }
  }

  /**
   * Claims a save path: for the task, or for this fetch alone when the server named the file
   * (`{filename}`), so that no other fetch's body replaces it.
   */
  #claim(path: string, serverNamed: boolean): string {
    const { savedPaths } = this.env;
    return serverNamed
      ? savedPaths.claimFetch(path, this.spec.name, this.item.url)
      : savedPaths.claim(path, this.spec.name, this.item.url, this.literalSave);
  }

  /**
   * After a 416 to a resume: the kept bytes are the whole file, saved as they are; else they are
   * not the start of what is there now, and are dropped for a request of the whole.
   */
  *afterUnsatisfiable(
    request: HttpRequest,
    options: RequestOptions,
  ): Generator<Effect, HttpResponse> {
    const { spec, item, env } = this;
    const response = this.response!;
    const partial = item.partial!;
    response.body.close(); // the 416's own body, never the file's
    const checksum = yield* checksumChecks(spec, item, env, this.saveUrl, partial);
    this.keptWhole = holdsWholeFile(response, partial, { checksum });
    if (this.keptWhole) return response;
    discardPartial(env, item);
    return yield* this.requestWhole(request, options);
  }

  /**
   * Asks again for the whole body, without the conditional or resuming headers the last request
   * sent: after a 416 that says the kept bytes are not the file's start, or a 304 about another
   * version than the saved file's (not_modified.ts). Within the attempt, as a redirect is.
   */
  *requestWhole(request: HttpRequest, options: RequestOptions): Generator<Effect, HttpResponse> {
    this.response!.body.close(); // a 304 or 416 has no body of the file's
    request.headers = this.ownHeaders;
    request.receivedHeaders = undefined;
    // A request after a response, as a redirect's is: it waits for a turn of the entry at its
    // origin, or its write would take the last one's turn again and reach the server inside the gap.
    yield* this.redirectTurn(new URL(request.url));
    return this.response = yield* this.env.client.request(request, options, this);
  }

  /**
   * Whether the previous save of the URL is at the path rendered before a redirect that only added
   * a `/` (an older run's file `docs`, where this response's page is `docs/index`): that file stands
   * where the page's folder goes.
   */
  movedFrom(previous: PreviousSave): boolean {
    const saveUrl = this.saveUrl;
    return saveUrl !== this.item.url && !savesTo(previous, this.template!, this, saveUrl);
  }

  /** Lets go of the kept file's claim: this response is not saved there (see {@linkcode movedFrom}). */
  releaseKept(): void {
    const kept = this.keptPath;
    this.keptPath = undefined;
    if (kept !== undefined) this.env.savedPaths.release(kept, this.spec.name);
  }

  /** A 304: the saved file stays as it is, and the fetch is done. */
  unchanged(response: HttpResponse, previous: PreviousSave): AttemptEnd {
    response.body.close(); // a 304 has no body: its connection goes back to the pool
    this.env.state!.recordUnchanged(this.item.url, previous, response.headers);
    const unchanged = {
      savedPath: previous.savedPath,
      bytes: 0,
      // The kept file's digest, as its save recorded it: a reader of the latest run's lines gets
      // every file's. None when it was saved without `sha256: true`.
      sha256: this.spec.options.sha256 ? previous.sha256 ?? null : null,
      writeMs: 0,
      bodyMs: 0,
    };
    const summary = summaryOf(this.item.url, response, 0, previous.savedPath, this.attempts());
    return {
      kind: "done",
      summary: { ...summary, unchanged: true },
      record: this.record(response, unchanged, { unchanged: true }),
    };
  }

  /**
   * A status that is not a success: the fetch goes again when the retry settings say so, else it
   * fails (thrown, for `failed`); either way with the pause the server asked of its origin.
   */
  failingStatus(response: HttpResponse, options: RequestOptions): AttemptEnd {
    const next = nextAttempt(
      statusFailureOf(response),
      this.spec.request.method,
      this.context.attempt,
      this.spec.options,
      this.env,
    );
    if (next.pauseMs > 0) this.pause = { origin: new URL(response.url).origin, ms: next.pauseMs };
    this.retriesSpent = next.spent;
    if (next.retry) {
      response.body.close();
      this.goesAgain();
      return {
        kind: "retry",
        delayMs: next.delayMs,
        pause: this.pause,
        reason: `status ${response.status}`,
        code: "HTTP_STATUS",
      };
    }
    const proxy = this.env.client.plainProxyOf(response.url, options);
    const note = unfollowedRedirectNote(response.status, response.headers.getAll("location"));
    throw new HttpStatusError(response.url, response.status, response.statusText, proxy, note);
  }

  /** The fetch goes again: its requests so far count towards the next attempt's. */
  goesAgain(): void {
    this.settled = true;
    this.item.sent = this.attempts();
  }

  /** What the response does with the kept partial: continues it (a 206), is it, or replaces it. */
  continueFrom(response: HttpResponse, partial: PartialBody): void {
    if (response.status === 206) {
      this.fromRange = checkContinues(response, partial);
      this.from = partial;
    } else if (this.keptWhole) {
      this.from = partial;
    } else {
      discardPartial(this.env, this.item); // a 200 to a Range: the whole body, from its first byte
    }
  }

  /** A 206 that continues nothing: saved only when it is the whole file, or the user's `Range` asked. */
  checkUnasked(response: HttpResponse): void {
    if (this.template !== undefined && !hasOwnRange(this.ownHeaders)) checkUnaskedPartial(response);
  }

  /** Runs the task's `onResponse`, and checks that what it left of the body can be saved. */
  *runOnResponse(
    response: HttpResponse,
    onResponse: NonNullable<FetchTaskSpec["onResponse"]>,
  ): Generator<Effect, void> {
    const { spec, item, env } = this;
    this.inCallback = true;
    const own = this.context.callbackContext();
    try {
      // A loop task of its own: one past its callbackTimeout, or stuck for good, fails this fetch
      // alone (`TIMEOUT_CALLBACK`, `STALLED`).
      yield* env.callbacks.run({
        operation: own.watched(runCallback(onResponse(response, own.ctx), spec.name, item.url)),
        name: `onResponse of ${spec.name}`,
        subject: `the onResponse of task ${JSON.stringify(spec.name)} for ${item.url}`,
        limitMs: spec.options.callbackTimeoutMs,
      });
    } catch (error) {
      throw callbackFailure(error);
    }
    this.inCallback = false;
    yield* checkCallbackRead(
      response,
      item.url,
      this.template,
      item.checksum ?? ownChecksum(spec, item),
    );
  }

  /**
   * Renders and claims the save path (when another fetch could render it too), and hands the kept
   * partial to the body: from here it is kept again (larger) only if the body breaks off anew.
   */
  claimSavePath(contentType: string | null): string | undefined {
    const { spec, item, env, template, serverNamed } = this;
    const response = this.response!;
    const fileName = serverNamed
      ? savedFileName(new URL(response.url), response.headers, this.from)
      : undefined;
    this.fileName = fileName;
    const path = renderSavePath(template, spec, item, env, this.saveUrl, contentType, fileName);
    if (path !== undefined) {
      // The body goes elsewhere than the kept file (a redirect to the slash form stopped): that
      // claim is this fetch's own, not another's to collide with.
      if (this.keptPath !== undefined && this.keptPath !== path) this.releaseKept();
      this.claimed = this.#claim(path, serverNamed);
    }
    if (this.from && !this.from.named) env.keptPartials.forget(this.from.path);
    item.partial = undefined;
    return path;
  }

  /**
   * In a worker of a shared queue, claims the path `claimSavePath` claimed for every worker of the
   * queue too (shared_saves.ts): before the body is read, as a run claims it; not when a run
   * keeps no claim of it (`SavedPaths.claimsShared`).
   */
  *claimShared(saves: SharedSaves): Generator<Effect, void> {
    const { claimed, template, serverNamed: perFetch } = this;
    if (claimed === undefined || template === undefined || isStdoutSave(template)) return;
    if (!this.env.savedPaths.claimsShared(perFetch)) return;
    try {
      const key = this.env.savedPaths.keyOf(claimed);
      yield* claimSharedSave(saves, this.context.entryId, { path: claimed, key }, {
        task: this.spec.name,
        url: this.item.url,
        perFetch,
      });
    } catch (error) {
      // Another fetch's path: not this one's to give back (`SavedPaths` may remember that save),
      // nor this fetch's among the worker's last saves.
      if (error instanceof SaveCollisionError) {
        this.env.savedPaths.refusedShared(claimed, this.spec.name, this.item.url);
        this.claimed = undefined;
      }
      throw error;
    }
  }

  /** Where and how `saveBody` saves the body. */
  saveTarget(
    response: HttpResponse,
    path: string | undefined,
    contentType: string | null,
    expected: ExpectedChecksum | undefined,
  ): SaveTarget {
    const { spec, item, env, template } = this;
    return {
      template,
      path,
      contentType,
      filename: this.fileName,
      outDir: env.output,
      savedPaths: env.savedPaths,
      taskName: spec.name,
      // `sha256: true`, where a metadata line records it (the state too); `{sha256}` and an
      // expected checksum ask for theirs by themselves.
      digest: spec.options.sha256 && env.metadata !== undefined,
      url: item.url,
      pathUrl: this.saveUrl,
      parts: item.parts,
      runDate: runDateOf(item, env),
      resume: this.resumable ? new ItemResume(this, response) : undefined,
      expected,
      stdout: isStdoutSave(template) ? this.stdoutWriter() : undefined,
    };
  }

  /** Writes `save: "-"` bodies to standard output, counting what went there. */
  stdoutWriter(): BodyWriter {
    const { stdout } = this.env;
    const url = this.item.url;
    return async (chunk) => {
      stdout.checkChunk(chunk, url);
      await writeStdout(chunk);
      // Counted once written: a write that failed (its reader gone) says nothing of what it took.
      this.stdoutBytes += chunk.byteLength;
    };
  }

  /** A body read (and saved, unless the callback took it): the save is recorded, the fetch done. */
  done(response: HttpResponse, saved: SavedBody | undefined): AttemptEnd {
    const { item, env } = this;
    if (saved) this.context.onSaved?.(saved);
    // A tracked task saves to files only (`RunState.tracks`): a path of "-" is a file of that name.
    if (this.tracked && saved?.savedPath) {
      // A whole partial's validator is the response's its bytes came with: a 416 often names none.
      const validators = this.keptWhole && this.from
        ? validatorHeaders(this.from)
        : response.headers;
      env.state!.recordSaved(item.url, validators, saved.savedPath, saved);
    }
    // Only a streamed body can have had a partial kept (a small one is read whole).
    if (saved && saved.bytes > SMALL_BODY_BYTES && this.resumable && this.namedPath === undefined) {
      dropStalePartial(this);
    }
    const bytes = saved?.bytes ?? response.body.bytesRead;
    const summary = summaryOf(item.url, response, bytes, saved?.savedPath ?? null, this.attempts());
    if (saved?.resumedFrom !== undefined) summary.resumedFrom = saved.resumedFrom;
    if (saved && isStdoutSave(this.template)) summary.stdout = true;
    return { kind: "done", summary, record: this.record(response, saved) };
  }

  /**
   * The attempt failed: it goes again when the failure and the retry settings allow, else the
   * fetch fails, its line written.
   */
  *failed(caught: unknown): Generator<Effect, AttemptEnd> {
    const { spec, item, env } = this;
    const url = item.url;
    this.response?.body.close();
    this.releaseClaim();
    // A cancelled read or callback may end in any error, or in none (see cancellation.ts); its
    // line says what a named partial keeps for the next run.
    const cancelling = yield* isCancelling(env);
    let error = cancelling ? cancelledFetchError(env, url, keptForNextRun(item)) : caught;
    if (error instanceof ResumeRefusedError) discardPartial(env, item);
    if (error instanceof ChecksumMismatchError) this.mismatch = error;
    if (this.stdoutBytes > 0 && !cancelling) error = brokenOnStdout(error, url, this.stdoutBytes);
    // This fetch's own gate refused (a callback's `ctx.fetch` refused by its own is the callback's).
    if (
      !cancelling && !this.inCallback && this.context.redirectGate !== undefined &&
      error instanceof HttpError && error.code === "REDIRECT_REFUSED"
    ) {
      yield* this.record(undefined, undefined, { error });
      return { kind: "left out", error, why: "redirect" };
    }
    const failure = failureOf(error);
    // A callback's own failure (its ctx.fetch out of retries, say) is not this exchange's: going
    // again would run the callback's writes and enqueues again, under a second budget. A body
    // partly on standard output cannot be taken back: never sent again.
    if (!cancelling && !this.inCallback && failure !== undefined && this.stdoutBytes === 0) {
      const next = nextAttempt(
        // A spliced body whose whole does not match: the splice is suspect, start over once more.
        this.from !== undefined && failure.code === "CHECKSUM_MISMATCH"
          ? { kind: "error", code: "RESUME_REFUSED" }
          : failure,
        spec.request.method,
        this.context.attempt,
        spec.options,
        env,
      );
      if (next.retry) {
        this.goesAgain();
        const reason = messageOf(error) + this.startsOverNote(failure.code);
        return { kind: "retry", delayMs: next.delayMs, reason, code: failure.code };
      }
      if (next.spent) this.retriesSpent = true;
    }
    // The fetch ends here: a partial of this run goes; a named one (resume: true) waits for the next.
    if (item.partial && !item.partial.named) discardPartial(env, item);
    const response = this.response;
    // A job the shared queue takes back for another worker is not failed: its line says where it
    // went, while the frontier is still told the error that decides it (`Frontier.givesBack`).
    const given = !cancelling && env.frontier.givesBack(error);
    yield* this.record(response, undefined, {
      error: given
        ? new FetchCancelledError(
          url,
          "",
          `it went back to the queue, as this worker may not fetch it: ${messageOf(error)}`,
        )
        : error,
    });
    // A cancel unwinds the worker too (its callers must not go on as if the attempt had ended).
    if (cancelling) throw error;
    // A single URL's task says what it got as a done one does: its status, final URL and attempts.
    const bytes = response?.body.bytesRead ?? 0;
    const fetch = summaryOf(url, response, bytes, null, this.attempts(), this.redirected, error);
    const failed: AttemptEnd = this.retriesSpent
      ? { kind: "failed", error, pause: this.pause, retriesSpent: spec.options.retries, fetch }
      : { kind: "failed", error, pause: this.pause, fetch };
    if (given) failed.givenBack = true;
    return failed;
  }

  /**
   * Why a body that broke off goes again from its first byte instead of being continued, for the
   * retry's reason (the log line, the trace): its response gave no validator that a later 206 could
   * be proved against. Empty when the body was kept, or was never one to keep (a small body, read
   * whole, starts over whatever its validator).
   */
  startsOverNote(code: string): string {
    const response = this.response;
    if (
      !this.resumable || response?.status !== 200 || this.item.partial !== undefined ||
      !BROKEN_BODY_CODES.has(code) ||
      smallBodyLength(response) !== undefined
    ) return "";
    const why = resumeValidatorOf(response.headers, Date.now(), response.body.decodedFrom).why;
    return why === undefined ? "" : `; it starts over from byte 0, since ${why}`;
  }

  /**
   * Cancelled before it ended: what it holds is let go, and its line written as cancelled, saying
   * what a named partial (`resume: true`) keeps for the next run.
   */
  cancelled(): Operation<void> {
    const { item, env } = this;
    this.response?.body.close();
    if (item.partial && !item.partial.named) discardPartial(env, item);
    this.releaseClaim();
    return cleanup(this.record(this.response, undefined, {
      error: cancelledFetchError(env, item.url, keptForNextRun(item)),
    }));
  }

  /**
   * Lets go of the save path claimed, unless it is the kept file a 304 would have kept; once (a
   * cancel while the failure is recorded comes here again), as each release gives back one claim.
   */
  releaseClaim(): void {
    const claimed = this.claimed;
    this.claimed = undefined;
    if (claimed !== undefined && claimed !== this.keptPath) {
      this.env.savedPaths.release(claimed, this.spec.name);
    }
  }
}
/**
 * What a save continues (the kept partial, as the response answered its request), and where a body
 * that breaks off is kept: on the item, for its next attempt. An object of its own, in place of a
 * closure (and the scope it keeps) for every body that may be continued.
 */
class ItemResume implements ResumeTarget {
  readonly from: PartialBody | undefined;
  readonly fromRange: ContentRange | undefined;
  readonly whole: boolean;
  readonly namedPath: string | undefined;
  readonly #item: FetchItem;
  readonly #env: RunEnv;
  /** The 200 whose validator a broken body resumes with, read only when one is needed. */
  readonly #response: HttpResponse | undefined;
  #resumeWith: ResumeValidator | undefined;

  constructor(attempt: FetchAttempt, response: HttpResponse) {
    const from = attempt.from;
    this.from = from;
    this.fromRange = attempt.fromRange;
    this.whole = attempt.keptWhole;
    // A 206 to a request of corun's own continues; a 206 nobody asked for is kept as is.
    this.#response = from === undefined && response.status === 200 ? response : undefined;
    this.namedPath = from ? undefined : attempt.namedPath;
    this.#item = attempt.item;
    this.#env = attempt.env;
  }

  get validator(): string | undefined {
    return this.from !== undefined ? this.from.validator : this.#ownValidator()?.validator;
  }

  get etag(): string | undefined {
    return this.from !== undefined ? this.from.etag : this.#ownValidator()?.etag;
  }

  get encoding(): string | undefined {
    return this.from !== undefined ? this.from.encoding : this.#ownValidator()?.encoding;
  }

  onKept(partial: PartialBody): void {
    this.#item.partial = partial;
    if (!partial.named) this.#env.keptPartials.note(partial.path);
  }

  #ownValidator(): ResumeValidator | undefined {
    const response = this.#response;
    if (response === undefined) return undefined;
    return this.#resumeWith ??= resumeValidatorOf(
      response.headers,
      Date.now(),
      response.body.decodedFrom,
    );
  }
}

/** `resume: true` for this fetch (the task's or the defaults'). */
function resumeAcrossRuns(spec: FetchTaskSpec): boolean {
  return spec.options.resume === true;
}

/**
 * The partial of `resume: true` this fetch keeps across runs: named after the path its template
 * renders before any response is in (`{filename}` and `{ext}` from the URL alone) and after its URL
 * (`partialPathFor`), since two URLs may render the same path ahead. Templates of `{uuid}` or
 * `{sha256}` have none.
 */
function namedPartialPath(attempt: FetchAttempt): string {
  const { spec, item, env, template } = attempt;
  const vars = itemVars(spec, item, env, item.url, null);
  return partialPathFor(renderPathTemplate(template!, vars), item.url);
}

/** The day of the item's `{date}`: its own run date (a queued job's), else the run's start. */
function runDateOf(item: FetchItem, env: RunEnv): Date {
  return item.runDate === undefined ? env.runDate : new Date(item.runDate);
}

/**
 * What a save path of this item is rendered from: URL (as asked for, or where a redirect added a
 * `/`: `FetchAttempt.saveUrl`), task, day, parts, the Content-Type and the `{filename}` (without
 * one, `{filename}` is the URL's last segment).
 */
function itemVars(
  spec: FetchTaskSpec,
  item: FetchItem,
  env: RunEnv,
  url: string,
  contentType: string | null,
  filename?: string,
): TemplateVars {
  return {
    url,
    name: spec.name,
    date: runDateOf(item, env),
    parts: item.parts,
    contentType,
    filename,
  };
}

/**
 * The partial an earlier run left at `namedPath`, when its record names this URL and a validator
 * and no process is writing it: one that another process holds (an overlapping run saving the same
 * path) is not a leftover, and this fetch downloads to a temporary of its own. So does one on a
 * file system without locks, where its writer could not be told apart (see `file_lock.ts`).
 */
function namedPartialOf(env: RunEnv, namedPath: string, url: string): PartialBody | undefined {
  const within = env.output.confined;
  const record = readPartialRecord(within, namedPath);
  if (record === undefined || record.url !== url) return undefined;
  let bytes: number;
  try {
    // Open for writing (never made, never truncated): NFS grants an exclusive lock only to that.
    const file = within.openFileSync(namedPath, { read: true, write: true, create: false });
    try {
      // Its writer holds it locked; a look takes the lock for a moment, and the close lets it go.
      if (tryLockSync(file, true) !== "locked") return undefined;
      bytes = file.statSync().size;
    } finally {
      file.close();
    }
  } catch {
    // The record outlived its file (a kill between the rename and its removal); or anything else
    // (a link at the name, no write access, a lock that failed), not said here: the fetch asks for
    // the whole body, and a resumable response's save opens this same name, which reports it.
    return undefined;
  }
  if (bytes === 0) return undefined;
  const { validator, contentType, total } = record;
  const partial: PartialBody = { path: namedPath, bytes, validator, url, named: true };
  if (record.etag !== undefined) partial.etag = record.etag;
  if (record.encoding !== undefined) partial.encoding = record.encoding;
  if (contentType !== undefined) partial.contentType = contentType;
  if (record.fileName !== undefined) partial.fileName = record.fileName;
  if (total !== undefined) partial.total = total;
  return partial;
}

/**
 * Removes the item's kept partial (and its record, when named): the next request asks for all. A
 * named partial another process is writing meanwhile (an overlapping run saving the same path) is
 * that process's: it stays, with its record.
 */
function discardPartial(env: RunEnv, item: FetchItem): void {
  const partial = item.partial;
  item.partial = undefined;
  if (partial === undefined) return;
  env.keptPartials.forget(partial.path);
  const within = env.output.confined;
  try {
    within.removeUnheldSync(
      partial.path,
      partial.named ? () => removePartialRecord(within, partial.path) : undefined,
    );
  } catch {
    // Best effort: a leftover temporary is swept by a later run; a named one is truncated on reuse.
  }
}

/**
 * Removes the partial, and its record, that a `resume: true` run kept of this fetch's file, now that
 * a run without `resume: true` saved the file whole without it: nothing else would, and it would
 * stay beside the file for good. One another process is writing is that process's: it stays.
 */
function dropStalePartial(attempt: FetchAttempt): void {
  const { env, template } = attempt;
  if (!mayCollide(template!)) return; // `{uuid}`, `{sha256}`: never kept across runs
  const within = env.output.confined;
  try {
    const path = namedPartialPath(attempt);
    within.removeUnheldSync(path, () => removePartialRecord(within, path));
  } catch {
    // None there (the usual case), or not removable now: the file is saved either way.
  }
}

/** A body that broke off after some of it went to standard output: said, and never sent again. */
function brokenOnStdout(error: unknown, url: string, bytes: number): unknown {
  const reason = messageOf(error);
  const code = codeOf(error);
  const broken = new Error(
    `${reason} (${bytes} bytes of ${url} were already written to standard output, which cannot ` +
      "be taken back: the fetch is not tried again)",
    { cause: error },
  );
  broken.name = error instanceof Error ? error.name : "Error";
  return Object.assign(broken, { code: code ?? "ERROR" });
}

/**
 * Where the expected digest of an item's body comes from: its list line's, the task's own (for its
 * own URL, not for links it enqueues), else the entry of the task's checksums file for its path.
 */
function expectedChecksumOf(
  spec: FetchTaskSpec,
  item: FetchItem,
  env: RunEnv,
): Operation<ExpectedChecksum | undefined> {
  // Most fetches have no digest to look up: they take no generator, nor any step of the loop.
  if (item.checksum) {
    const checksum = item.checksum;
    return immediately(() => checksum);
  }
  const own = ownChecksum(spec, item);
  if (own) return immediately(() => own);
  const file = spec.options.checksumsFile;
  return file === undefined
    ? NO_CHECKSUM
    : checksumsFileEntry(file, spec.options.maxChecksumsBytes, env);
}

const NO_CHECKSUM = immediately(undefined);

/**
 * A fetch's summary. Without a response (a failure before one arrived), it ends where the metadata
 * line says: the URL its redirects led to, and the status of a redirect refused there, else null.
 */
function summaryOf(
  url: string,
  response: HttpResponse | undefined,
  bytes: number,
  savedPath: string | null,
  attempts: number,
  redirected?: FollowedRedirects,
  error?: unknown,
): FetchSummary {
  const { finalUrl, status } = fetchEndOf(url, response, redirected, error);
  return { url, finalUrl, status, bytes, savedPath, attempts };
}

/** A body `onResponse` read that corun can no longer save or check as it was asked to. */
export class CallbackReadError extends Error {
  /** Stable code. */
  readonly code = "CALLBACK_READ_BODY";

  /** @param message What could not be done, and why. */
  constructor(message: string) {
    super(message);
    this.name = "CallbackReadError";
  }
}

/**
 * After `onResponse`: a body it read is its own, not saved by `save`; but one it read only part of
 * is neither, and a checksum the body must have cannot be checked on bytes corun never saw. Both
 * fail the fetch rather than save the rest as if whole, or pass a body nobody checked. A body the
 * callback read to its last byte without a last read that said so is read once more to tell.
 */
function* checkCallbackRead(
  response: HttpResponse,
  url: string,
  template: string | undefined,
  checksum: Checksum | undefined,
): Generator<Effect, void> {
  const body = response.body;
  const read = body.bytesRead;
  if (read === 0 && !body.ended) return; // untouched: save reads it (and checks it)
  if (!body.ended && (yield* body.read()) !== null && template !== undefined) {
    body.close();
    throw new CallbackReadError(
      `Cannot save ${url}: the task's onResponse read ${read} bytes of the body and left the ` +
        "rest; a body is saved whole: read all of it in the callback (then save does not save " +
        "it), or none",
    );
  }
  if (checksum !== undefined) {
    throw new CallbackReadError(
      `Cannot check the ${checksum.algorithm} of ${url}: the task's onResponse read the body, ` +
        "so save did not see it; leave the body to save (it is then checked), or check it in " +
        "the callback",
    );
  }
}

/**
 * Whether the file saved from `partial` is checked against a checksum: the item's or the task's
 * own, or its path's entry in the task's checksums file. A path known only from the body (`{uuid}`,
 * `{sha256}`) has no entry to look up before: not checked, as far as this can tell.
 */
function* checksumChecks(
  spec: FetchTaskSpec,
  item: FetchItem,
  env: RunEnv,
  saveUrl: string,
  partial: PartialBody,
): Generator<Effect, boolean> {
  if (item.checksum !== undefined || ownChecksum(spec, item) !== undefined) return true;
  const expected = yield* expectedChecksumOf(spec, item, env);
  if (expected === undefined) return false;
  const template = item.save ?? spec.save;
  const path = renderSavePath(
    template,
    spec,
    item,
    env,
    saveUrl,
    partial.contentType ?? null,
    partial.fileName,
  );
  return path !== undefined && expected(path) !== undefined;
}

/** The task's own `checksum`, for its own URL (not for links it enqueues). */
function ownChecksum(spec: FetchTaskSpec, item: FetchItem): Checksum | undefined {
  return item.depth === 0 ? spec.checksum : undefined;
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
  saveUrl: string,
  contentType: string | null,
  fileName?: string,
): string | undefined {
  if (template === undefined || !mayCollide(template)) return undefined;
  return renderPathTemplate(template, itemVars(spec, item, env, saveUrl, contentType, fileName));
}

/**
 * The state's last save of the attempt's URL, when this fetch would save to the same path, the file
 * there is still the one saved (`isStillSaved`: not rewritten since, by another config's run say)
 * and has the digest now expected of it (`hasExpectedDigest`), to stand for an unchanged body. A
 * fetch that continues a partial, or saves nothing, has none.
 */
function* previousSaveOf(attempt: FetchAttempt): Generator<Effect, PreviousSave | undefined> {
  const { spec, item, env, template } = attempt;
  if (item.partial || template === undefined) return undefined;
  const previous = env.state?.previousSave(item.url);
  // Before the request, where it lands is not known: a save a redirect that added a `/` rendered
  // (`docs/index` for `/docs`) is this URL's as much as the one rendered from it as asked for.
  if (!previous) return undefined;
  if (!savesTo(previous, template, attempt, item.url)) {
    const slashForm = slashFormOf(item.url); // parsed only for a save the URL as asked cannot name
    if (slashForm === undefined || !savesTo(previous, template, attempt, slashForm)) {
      return undefined;
    }
  }
  // Asked only now: a checksums file is read for a fetch that has a previous save to keep.
  const expected = yield* expectedChecksumOf(spec, item, env);
  if (!hasExpectedDigest(previous, expected?.(previous.savedPath))) return undefined;
  let path: string;
  try {
    path = env.output.resolve(previous.savedPath);
  } catch {
    return undefined; // A path that now leads outside the output directory: ask for the whole body.
  }
  // `lstat`: a link put in the file's place is no file corun saved, wherever it points.
  const stillSaved = yield* call(
    () => Deno.lstat(path).then((info) => isStillSaved(info, previous), () => false),
    "check saved file",
  );
  return stillSaved ? previous : undefined;
}

/**
 * Whether this fetch would save its body where the previous save of its URL went. A 304 keeps that
 * file as this fetch's body, which is right only there: a save template changed since, a `{date}`
 * of another day, or another task's file must get the body anew. `{sha256}` takes the previous
 * save's digest (an unchanged body has it); `{ext}` and `{filename}` (the response decides them)
 * and `{uuid}` (new each time) match whatever extension, name or uuid the previous path has in
 * their place (`templateCouldRender`). `saveUrl` is the URL the path is rendered from (see
 * `FetchAttempt.saveUrl`).
 */
function savesTo(
  previous: PreviousSave,
  template: string,
  attempt: FetchAttempt,
  saveUrl: string,
): boolean {
  const { spec, item, env } = attempt;
  const vars = { ...itemVars(spec, item, env, saveUrl, null), sha256: previous.sha256 };
  return templateCouldRender(template, vars, previous.savedPath);
}

/** A stand-in for `{sha256}` where only the rendered name's extension counts (`saveNameOf`). */
const SHA256_MARK = "0".repeat(64);
