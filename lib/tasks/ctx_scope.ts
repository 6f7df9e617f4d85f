/**
 * What the methods of one `ctx` share: its task and place, whether it has ended, the responses
 * `ctx.request` handed out (which hold connections), and how a call's options and the config's
 * settings make the request it sends in its turn.
 * @module
 */
import { createSemaphore, type Semaphore } from "../loop/mod.ts";
import {
  headersOver,
  type HttpRequest,
  type HttpResponse,
  namesOfGiven,
  type RequestOptions,
} from "../http/mod.ts";
import type { RetrySettings } from "../frontier/mod.ts";
import type { ContextPlace, FetchCallOptions } from "./context.ts";
import { ContextEndedError } from "./ctx_errors.ts";
import { credentialHeadersOver } from "./credential_headers.ts";
import { type RunEnv, sharedRequestOptionsFor } from "./env.ts";
import { defaultsNow } from "./secrets_now.ts";
import type { FetchDefaults } from "./spec.ts";
import type { TurnRequest } from "./turn.ts";
import { originOf } from "./url_origin.ts";

/** A call's options over the config's settings: what its request is sent with. */
export type CallSettings = RequestOptions & Partial<RetrySettings>;

/** The state of one task's or one `onResponse` call's `ctx`, shared by its methods. */
export class ContextScope {
  /** The task's name. */
  readonly name: string;
  /** The run's shared services. */
  readonly env: RunEnv;
  /** Which task, and inside which fetch. */
  readonly place: ContextPlace;
  /** What ended when the context did, as a late call's error says it. */
  readonly owner: string;
  /** The context has ended: every method but `log` is refused. */
  ended = false;
  /** Responses `ctx.request` handed out whose bodies may still hold a connection. */
  handedOut: HttpResponse[] = [];
  /** The run's request options, made once per run, not per context. */
  readonly #defaults: RequestOptions;
  /**
   * A callback's fetches share its one turn beyond the limits (see `TurnRequest.extraTurn`), made
   * at its first fetch: most callbacks of a crawl make none.
   */
  #extraTurn: Semaphore | undefined;

  /**
   * @param name The task's name.
   * @param env The run's shared services.
   * @param place Which task, and inside which fetch.
   */
  constructor(name: string, env: RunEnv, place: ContextPlace) {
    this.name = name;
    this.env = env;
    this.place = place;
    this.owner = place.within === undefined ? "the task" : `its onResponse for ${place.within.url}`;
    this.#defaults = sharedRequestOptionsFor(env.defaults, env);
  }

  /**
   * Throws once the context has ended: nothing is done for a task that is over.
   *
   * @param call What was asked (`write "a.txt"`).
   * @throws {ContextEndedError} When the context has ended.
   */
  refuseIfEnded(call: string): void {
    if (this.ended) throw new ContextEndedError(`ctx.${call}`, this.name, this.owner);
  }

  /**
   * A call's options over the run's. A call's timeouts given in part keep the config's for the
   * other phases; an error names a limit the call set as the call wrote it, and the others as the
   * config did.
   *
   * @param options The call's options.
   * @returns What its request is sent with.
   */
  settings(options: FetchCallOptions = {}): CallSettings {
    const defaults = this.#defaults;
    // An option given as undefined (`{ maxBodyBytes: cond ? n : undefined }`) is one not given: it
    // keeps the run's, the run's bandwidth limit included, which a plain spread would erase.
    const given = definedOf(options);
    return {
      ...defaults,
      ...given,
      timeouts: { ...defaults.timeouts, ...definedOf(options.timeouts ?? {}) },
      nameLimit: namesOfGiven(given, defaults.nameLimit),
    };
  }

  /**
   * The turn a call's request asks for in the run's frontier.
   *
   * @param request The request as the call asked it.
   * @param options What it is sent with ({@linkcode settings}).
   * @returns The turn's request.
   */
  turnOf(request: HttpRequest, options: CallSettings): TurnRequest {
    const { env, place } = this;
    // The retry settings are the frontier's; the rest are the client's.
    const { retries, retryOn, backoffMs, maxBackoffMs, ...clientOptions } = options;
    return {
      task: place.index,
      name: this.name,
      // As now: a worker's credentials follow their rotated files (`RunOptions.secretsNow`).
      request: underDefaultHeaders(request, defaultsNow(env)),
      options: clientOptions,
      retry: {
        retries: retries ?? env.defaults.retries,
        retryOn: retryOn ?? env.defaults.retryOn,
        backoffMs: backoffMs ?? env.defaults.backoffMs,
        maxBackoffMs: maxBackoffMs ?? env.defaults.maxBackoffMs,
      },
      extraTurn: place.within === undefined ? undefined : (this.#extraTurn ??= createSemaphore(1)),
    };
  }

  /**
   * How many of the origin's connections this task or callback holds with bodies not read out.
   *
   * @param origin The origin.
   * @param untouched Only those nothing was read from yet, which no coroutine of it may be reading.
   * @returns The count.
   */
  heldOf(origin: string, untouched = false): number {
    this.handedOut = this.handedOut.filter((response) => !response.body.ended);
    const held = [this.place.within?.response, ...this.handedOut].filter((response) =>
      response !== undefined && !response.body.ended && originOf(response.url) === origin &&
      (!untouched || response.body.bytesRead === 0)
    );
    return held.length;
  }

  /**
   * Tells a call's own `onAttempt` as the run's listeners are told: one that throws, or an `async`
   * one whose promise rejects, is a warning of the run. Let through, a throw failed the fetch from
   * inside the client, and a rejection nothing handled ended the whole process, every task with it.
   *
   * @param call The call (`fetch`, `request`).
   * @param url The URL it asked for.
   * @param listener The call's `onAttempt`.
   */
  tellOnAttempt(call: string, url: string, listener: () => unknown): void {
    this.env.tell(
      `an attempt of ctx.${call} ${JSON.stringify(url)}`,
      listener,
      `The onAttempt of task "${this.name}"`,
    );
  }
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

/** The entries of an options object whose values are not undefined. */
function definedOf<T extends object>(options: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(options).filter(([, value]) => value !== undefined),
  ) as Partial<T>;
}
