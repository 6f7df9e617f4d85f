/**
 * `ctx.fetch` and `ctx.request`: a request of a task's own code, sent in its turn in the run's
 * frontier like every fetch (its retries the frontier's). `ctx.fetch` reads the body into memory
 * and writes the fetch's metadata line; `ctx.request` hands the response over unread, and is
 * refused when the responses its task holds unread already take every connection to the origin.
 * @module
 */
import { call, cleanup, type Effect } from "../loop/mod.ts";
import type { HttpRequest, HttpResponse } from "../http/mod.ts";
import { digestWhole } from "../sinks/mod.ts";
import type { FetchCallOptions, FetchedPage, FetchPageOptions } from "./context.ts";
import { askedRequest, checkCallOptions } from "./ctx_arguments.ts";
import { UnreadResponsesError } from "./ctx_errors.ts";
import type { ContextScope } from "./ctx_scope.ts";
import { cancelledFetchError, type FetchOutcome, recordFetch } from "./fetch_record_of.ts";
import { inTurn, requestInTurn } from "./turn.ts";
import { originOf } from "./url_origin.ts";

/**
 * `ctx.request`: the response, its body unread.
 *
 * @param scope The context's state.
 * @param input The request, as the call gave it.
 * @param options The call's options.
 * @returns The response, handed out (closed when the context ends, unless read to the end).
 */
export function* requestCall(
  scope: ContextScope,
  input: string | URL | HttpRequest,
  options: FetchCallOptions,
): Generator<Effect, HttpResponse> {
  const { name, env } = scope;
  const asked = askedRequest("request", name, input);
  const url = asked.url;
  checkCallOptions("request", name, url, options);
  scope.refuseIfEnded(`request ${JSON.stringify(url)}`);
  env.tlsOffCalls.note(name, "request", url, options);
  const origin = originOf(url);
  const held = scope.heldOf(origin);
  if (held >= env.connectionsPerOrigin) throw new UnreadResponsesError(url, name, held);
  const given = options.onAttempt;
  const turn = scope.turnOf(
    asked,
    given === undefined
      ? scope.settings(options)
      : { ...scope.settings(options), onAttempt: () => scope.tellOnAttempt("request", url, given) },
  );
  // Asked again as its turn comes: requests made together (`all([...])`) each pass the
  // check above before any head arrives, and by then the others' may hold every
  // connection. Then only bodies nothing was read from count: one being read lets go.
  turn.beforeSend = () => {
    const untouched = scope.heldOf(origin, true);
    if (untouched >= env.connectionsPerOrigin) {
      throw new UnreadResponsesError(url, name, untouched);
    }
  };
  const response = yield* requestInTurn(env, turn);
  // Ended while it waited (a ctx another task kept): nobody would close it.
  if (scope.ended) response.body.close();
  scope.refuseIfEnded(`request ${JSON.stringify(url)}`);
  scope.handedOut.push(response);
  return response;
}

/**
 * `ctx.fetch`: the page, its body read whole, and its metadata line written (a fetch cut off by a
 * cancel writes its `CANCELLED` line).
 *
 * @param scope The context's state.
 * @param input The request, as the call gave it.
 * @param options The call's options.
 * @returns The page.
 */
export function* fetchCall(
  scope: ContextScope,
  input: string | URL | HttpRequest,
  options: FetchPageOptions | undefined,
): Generator<Effect, FetchedPage> {
  const { name, env } = scope;
  const asked = askedRequest("fetch", name, input);
  checkCallOptions("fetch", name, asked.url, options);
  scope.refuseIfEnded(`fetch ${JSON.stringify(asked.url)}`);
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
    if (given !== undefined) scope.tellOnAttempt("fetch", asked.url, given);
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
    const turn = scope.turnOf(asked, { ...scope.settings(options), onAttempt });
    turn.onResponse = (got) => lastResponse = got;
    turn.onRedirected = (redirected) => outcome.redirected = redirected;
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
}

/** The body's SHA-256 (no loop step once the hashing module is loaded). */
function* sha256Of(body: Uint8Array): Generator<Effect, string> {
  const digest = digestWhole(body, "sha256");
  return typeof digest === "string" ? digest : yield* call(() => digest, "hash the body");
}
