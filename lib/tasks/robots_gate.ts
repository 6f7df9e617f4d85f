/**
 * A crawl obeys robots.txt: before a crawled link is requested, its origin's robots.txt is read
 * (once a run, and again once its rules are a day old; through the run's frontier like a callback's
 * `ctx.fetch`), and a link it disallows is left out unsent. Only crawled links ask (see `CrawlRules.robotsGate`): the URLs a task names
 * itself, and its `ctx.fetch`, are the user's own choice, as wget asks only when it recurses.
 * @module
 */
import { createSemaphore, type Effect, type Semaphore } from "../loop/mod.ts";
import { isNotPermitted } from "../net/mod.ts";
import {
  DEFAULT_REQUEST_OPTIONS,
  type FollowedRedirects,
  type HttpRequest,
  type HttpResponse,
  type RequestOptions,
  withoutCredentialHeaders,
} from "../http/mod.ts";
import { isCancelling } from "./cancellation.ts";
import { type RunEnv, sharedRequestOptionsFor } from "./env.ts";
import type { FetchItem } from "./fetch_item.ts";
import { requestFor } from "./request_spec.ts";
import { RobotsParserError } from "./robots_parser_error.ts";
import { productTokenOf, RobotsRules, rulesOfFailure, rulesOfResponse } from "./robots_rules.ts";
import { requestNow } from "./secrets_now.ts";
import type { FetchDefaults, FetchTaskSpec, RequestSpec } from "./spec.ts";
import { inTurn } from "./turn.ts";
import { originOf } from "./url_origin.ts";

/** A crawled link its origin's robots.txt keeps out: never requested. */
export class RobotsDisallowedError extends Error {
  /** Stable code: the error of the link's metadata line. */
  readonly code = "ROBOTS_DISALLOWED";

  /**
   * @param url The link.
   * @param why Which robots.txt keeps it out, and how.
   */
  constructor(url: string, why: string) {
    super(`Cannot fetch ${url}: ${why}`);
    this.name = "RobotsDisallowedError";
  }
}

/**
 * How long an origin's rules are obeyed before its robots.txt is read again: RFC 9309 §2.4 asks
 * crawlers not to use a cached copy for more than 24 hours. A worker of a shared queue is one run
 * that lasts months: it would otherwise obey a file as it was months ago (or, after one 503, leave
 * the origin out for good), and keep the rules of every origin it ever crawled.
 */
export const ROBOTS_MAX_AGE_MS = 24 * 3_600_000;

/** One origin's robots.txt in a run: its rules once read, and who reads them. */
interface OriginRobots {
  rules: RobotsRules | undefined;
  /**
   * Deno refused to connect to the origin for its robots.txt, or robots-parser did not load
   * (`rulesOfFailure`): every link of it fails with this, unsent, for the rest of the run, as no
   * permission is granted later and the file is not asked again to fail the same way.
   */
  refused: Error | undefined;
  /** When the rules were read (the gate's clock). */
  readAtMs: number;
  /** Held by the one fetch reading the file: the origin's other links wait for its rules. */
  reading: Semaphore;
}

/** How a gate reads an origin's robots.txt (the real one fetches it through the run). */
export type RobotsReader = (
  origin: string,
  spec: FetchTaskSpec,
  task: number,
  credentials: boolean,
) => Generator<Effect, RobotsRules>;

/** Seams of {@linkcode RobotsGate} for tests. */
export interface RobotsGateOptions {
  /** Milliseconds on a monotonic clock. @default performance.now */
  now?: () => number;
  /** Reads a robots.txt. @default a fetch through the run's frontier and client */
  read?: RobotsReader;
}

/**
 * The robots.txt rules of every origin a run's crawls reach, each read once a day at most
 * ({@linkcode ROBOTS_MAX_AGE_MS}). A worker of a shared queue keeps its own (each process reads a
 * file once a day).
 */
export class RobotsGate {
  readonly #env: RunEnv;
  readonly #origins = new Map<string, OriginRobots>();
  /** The product token of each task's User-Agent, by task position: worked out at its first link. */
  readonly #agents = new Map<number, string>();
  readonly #now: () => number;
  readonly #readRules: RobotsReader;
  /** When rules past their age are next dropped (origins no link asks again would stay for ever). */
  #nextSweepMs: number;

  /**
   * @param env The run, whose frontier and client read the files.
   * @param options Seams for tests.
   */
  constructor(env: RunEnv, options: RobotsGateOptions = {}) {
    this.#env = env;
    this.#now = options.now ?? (() => performance.now());
    this.#readRules = options.read ??
      ((origin, spec, task, credentials) => this.#fetchRules(origin, spec, task, credentials));
    this.#nextSweepMs = this.#now() + ROBOTS_MAX_AGE_MS;
  }

  /** Origins whose rules the gate holds, or is reading. */
  get originCount(): number {
    return this.#origins.size;
  }

  /**
   * Why a crawled link may not be fetched, after reading its origin's robots.txt if no fetch of the
   * run has yet. A link sends nothing on the turn it was given until its origin's rules are known:
   * one left out, or one that waits for the file, gives that turn back (`Frontier.turnUnused`), so
   * the robots.txt request goes on it and a refused link holds no gap. A link that waited for the
   * file takes a fresh turn at its origin before its own request, so the origin's `rate` and
   * `delay` count the robots.txt request too.
   *
   * @param spec The fetch settings of the link's task (its headers, retries, proxy, TLS).
   * @param item The link.
   * @param holder Its frontier entry: the fresh turn is the entry's (see `Frontier.turnAt`), and
   *   the turn it gives back.
   * @param credentials Whether the link carries its task's credentials, and so may its origin's
   *   robots.txt request (see `CrawlRules.sendsCredentials`).
   * @returns Why it is left out, or undefined when it may be requested.
   * @throws {NetError} `NOT_PERMITTED`, naming the robots.txt, for every link of an origin Deno
   *   refused to connect to for its file (read once: a permission is not granted later in a run).
   * @throws {RobotsParserError} For every link of an origin whose file was read while robots-parser
   *   could not be loaded: corun's failure, not the site's.
   */
  *check(
    spec: FetchTaskSpec,
    item: FetchItem,
    holder: number,
    credentials: boolean,
  ): Generator<Effect, RobotsDisallowedError | undefined> {
    const origin = originOf(item.url);
    const now = this.#now();
    this.#sweepIfDue(now);
    let robots = this.#origins.get(origin);
    if (robots === undefined || this.#stale(robots, now)) {
      const fresh = {
        rules: undefined,
        refused: undefined,
        readAtMs: now,
        reading: createSemaphore(1),
      };
      this.#origins.set(origin, robots = fresh);
    }
    if (robots.refused !== undefined) {
      // Deno refused the origin: nothing is sent for this link either, and no file is read again.
      this.#env.frontier.turnUnused(holder);
      throw robots.refused;
    }
    const waited = robots.rules === undefined;
    if (waited) {
      // Its turn passes to the robots.txt request, or to the origin's other fetches while another
      // link reads the file: it takes a fresh one once the rules allow it.
      this.#env.frontier.turnUnused(holder);
      yield* robots.reading.withPermit(this.#read(robots, origin, spec, item.task, credentials));
    }
    if (robots.refused !== undefined) throw robots.refused;
    const why = robots.rules!.refusal(item.url, this.#agentOf(spec, item.task));
    if (why !== undefined) {
      // Nothing is sent for it: the origin's next fetch need not wait out a gap for this one.
      this.#env.frontier.turnUnused(holder);
      return new RobotsDisallowedError(item.url, why);
    }
    if (waited) yield* this.#env.frontier.turnAt(origin, spec.name, holder);
    return undefined;
  }

  /**
   * The product token a task's links are asked for by: its User-Agent's, the same headers for all
   * of them (a task's headers do not change within a run).
   */
  #agentOf(spec: FetchTaskSpec, task: number): string {
    let agent = this.#agents.get(task);
    if (agent === undefined) {
      const headers = requestFor(spec.request, spec.request.url, this.#env.baseDir).headers;
      this.#agents.set(task, agent = productTokenOf(headers ?? {}));
    }
    return agent;
  }

  /** Rules read longer ago than a day: read again by the next link that asks (none is waiting). */
  #stale(robots: OriginRobots, now: number): boolean {
    return robots.rules !== undefined && now - robots.readAtMs >= ROBOTS_MAX_AGE_MS;
  }

  /** Once an hour at most, as links ask: drops the rules past their age. */
  #sweepIfDue(now: number): void {
    if (now < this.#nextSweepMs) return;
    this.#nextSweepMs = now + ROBOTS_MAX_AGE_MS / 24;
    for (const [origin, robots] of this.#origins) {
      if (this.#stale(robots, now)) this.#origins.delete(origin);
    }
  }

  /**
   * Reads the origin's robots.txt, unless a fetch that held the permit before has. A fetch cut off
   * while it reads leaves no rules: the next one waiting reads the file.
   */
  *#read(
    robots: OriginRobots,
    origin: string,
    spec: FetchTaskSpec,
    task: number,
    credentials: boolean,
  ): Generator<Effect, void> {
    if (robots.rules !== undefined || robots.refused !== undefined) return;
    const url = `${origin}/robots.txt`;
    let rules: RobotsRules;
    try {
      rules = yield* this.#readRules(origin, spec, task, credentials);
    } catch (error) {
      const lasting = isNotPermitted(error) || error instanceof RobotsParserError;
      if (lasting && !(yield* isCancelling(this.#env))) {
        robots.refused = error as Error;
      }
      throw error;
    }
    robots.rules = rules;
    robots.readAtMs = this.#now();
    if (rules.unreachable !== undefined) {
      this.#env.warn(
        `Cannot read ${url} (${rules.unreachable}): every crawled link to ${origin} is left ` +
          "out for the rest of the run (its next 24 hours at most), as a robots.txt that " +
          "cannot be reached disallows all",
      );
    }
    if (rules.unfollowed !== undefined) {
      this.#env.warn(
        `Cannot read ${url} (${rules.unfollowed}): every crawled link to ${origin} is allowed ` +
          "for the rest of the run (its next 24 hours at most), as RFC 9309 takes a robots.txt " +
          "that redirects do not reach as unavailable",
      );
    }
  }

  /**
   * Fetches the origin's robots.txt through the run; one it cannot read disallows all, but a connect
   * Deno refuses for the origin itself fails the link asking (`rulesOfFailure`).
   */
  *#fetchRules(
    origin: string,
    spec: FetchTaskSpec,
    task: number,
    credentials: boolean,
  ): Generator<Effect, RobotsRules> {
    const env = this.#env;
    const url = `${origin}/robots.txt`;
    let rules: RobotsRules;
    let redirected: FollowedRedirects | undefined;
    const options = robotsRequestOptions(spec.options, env);
    // A status a proxy answered is named by its standard reason (see `rulesOfResponse`).
    const via = (response: HttpResponse) => env.client.plainProxyOf(response.url, options);
    try {
      rules = yield* inTurn(env, {
        task,
        name: spec.name,
        request: robotsRequest(
          requestNow(env, spec, task),
          url,
          env.baseDir,
          credentials,
        ),
        options,
        retry: spec.options,
        // The link asking holds its slot: the request goes beyond `concurrency` and `perHost`, as a
        // callback's `ctx.fetch` does (it could wait for itself), its origin's gap still kept.
        extraTurn: createSemaphore(1),
        // Where a failed attempt stopped: a hop Deno refused off the origin is a redirect not followed.
        onRedirected: (followed) => redirected = followed,
        robots: true,
      }, (response) => rulesOfResponse(url, response, via(response) !== undefined));
    } catch (error) {
      if (yield* isCancelling(env)) throw error;
      rules = rulesOfFailure(url, error, redirected);
    }
    return rules;
  }
}

/**
 * The task's request options for its links' robots.txt, less its body limit, which is its pages':
 * the file is read to its first 500 KiB (`rulesOfResponse`) whatever the task's `maxBodySize`. A
 * file larger than a small page limit (1 KiB, for a crawl of JSON) would otherwise fail to be read,
 * and so disallow its whole origin. Its redirects are followed at least `ROBOTS_REDIRECTS` deep,
 * whatever the task's `maxRedirects`, also for the same reason: a file not reached is taken as none.
 */
function robotsRequestOptions(settings: FetchDefaults, env: RunEnv): RequestOptions {
  const options = sharedRequestOptionsFor(settings, env);
  const robots = { ...options, maxBodyBytes: DEFAULT_REQUEST_OPTIONS.maxBodyBytes };
  const own = options.maxRedirects ?? DEFAULT_REQUEST_OPTIONS.maxRedirects;
  if (own >= ROBOTS_REDIRECTS) return robots;
  const nameLimit = options.nameLimit ?? DEFAULT_REQUEST_OPTIONS.nameLimit;
  return {
    ...robots,
    maxRedirects: ROBOTS_REDIRECTS,
    nameLimit: (limit, value) =>
      limit === "redirects"
        ? `RFC 9309 for a robots.txt (${value}, more than ${nameLimit(limit, own)})`
        : nameLimit(limit, value),
  };
}

/**
 * The fewest redirects a robots.txt is followed through: RFC 9309 §2.3.1.2 asks for at least five.
 * With a task's own `maxRedirects: 0`, a file its http origin moves to https would be taken as
 * none, and every link it disallows fetched.
 */
const ROBOTS_REDIRECTS = 5;

/**
 * The request for an origin's robots.txt: a GET with the task's headers as they are now
 * (`requestNow`: its User-Agent, its credentials when the link asking carries them), less
 * those that belong to the task's own requests: a range, a condition, the type of a body.
 */
function robotsRequest(
  task: RequestSpec,
  url: string,
  baseDir: string,
  credentials: boolean,
): HttpRequest {
  const given = requestFor(task, url, baseDir).headers ?? {};
  const declared = task.credentialHeaders;
  const own = credentials ? given : withoutCredentialHeaders(given, declared);
  const headers: Record<string, string> = {};
  for (const name of Object.keys(own)) {
    const lower = name.toLowerCase();
    if (lower === "range" || lower.startsWith("if-") || lower === "content-type") continue;
    headers[name] = own[name];
  }
  const request: HttpRequest = { url, method: "GET", headers };
  // A robots.txt that redirects off the origin goes without them, as the task's requests do.
  if (credentials && declared !== undefined) request.credentialHeaders = declared;
  return request;
}
