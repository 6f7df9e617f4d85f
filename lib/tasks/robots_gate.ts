/**
 * A crawl obeys robots.txt: before a crawled link is requested, its origin's robots.txt is read
 * (once a run, through the run's frontier like a callback's `ctx.fetch`), and a link it disallows is
 * left out unsent. Only crawled links ask (see `FetchBook.robotsGate`): the URLs a task names
 * itself, and its `ctx.fetch`, are the user's own choice, as wget asks only when it recurses.
 * @module
 */
import { codeOf, createSemaphore, type Effect, messageOf, type Semaphore } from "../loop/mod.ts";
import { type HttpRequest, withoutCredentialHeaders } from "../http/mod.ts";
import { isCancelling } from "./cancellation.ts";
import { type RunEnv, sharedRequestOptionsFor } from "./env.ts";
import type { FetchItem } from "./fetch_item.ts";
import { requestFor } from "./request_spec.ts";
import { productTokenOf, RobotsRules, rulesOfResponse } from "./robots_rules.ts";
import type { FetchTaskSpec } from "./spec.ts";
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

/** One origin's robots.txt in a run: its rules once read, and who reads them. */
interface OriginRobots {
  rules: RobotsRules | undefined;
  /** Held by the one fetch reading the file: the origin's other links wait for its rules. */
  reading: Semaphore;
}

/**
 * The robots.txt rules of every origin a run's crawls reach, each read once. A worker of a shared
 * queue keeps its own (each process reads a file once).
 */
export class RobotsGate {
  readonly #env: RunEnv;
  readonly #origins = new Map<string, OriginRobots>();
  /** The product token of each task's User-Agent, by task position: worked out at its first link. */
  readonly #agents = new Map<number, string>();

  /** @param env The run, whose frontier and client read the files. */
  constructor(env: RunEnv) {
    this.#env = env;
  }

  /**
   * Why a crawled link may not be fetched, after reading its origin's robots.txt if no fetch of the
   * run has yet. A link that waited for the file takes a fresh turn at its origin before its own
   * request, so the origin's `rate` and `delay` count the robots.txt request too.
   *
   * @param spec The fetch settings of the link's task (its headers, retries, proxy, TLS).
   * @param item The link.
   * @param holder Its frontier entry: the fresh turn is the entry's (see `Frontier.turnAt`).
   * @param credentials Whether the link carries its task's credentials, and so may its origin's
   *   robots.txt request (see `FetchBook.sendsCredentials`).
   * @returns Why it is left out, or undefined when it may be requested.
   */
  *check(
    spec: FetchTaskSpec,
    item: FetchItem,
    holder: number,
    credentials: boolean,
  ): Generator<Effect, RobotsDisallowedError | undefined> {
    const origin = originOf(item.url);
    let robots = this.#origins.get(origin);
    if (robots === undefined) {
      this.#origins.set(origin, robots = { rules: undefined, reading: createSemaphore(1) });
    }
    const waited = robots.rules === undefined;
    if (waited) {
      yield* robots.reading.withPermit(this.#read(robots, origin, spec, item.task, credentials));
    }
    const why = robots.rules!.refusal(item.url, this.#agentOf(spec, item.task));
    if (why !== undefined) return new RobotsDisallowedError(item.url, why);
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
    if (robots.rules !== undefined) return;
    const env = this.#env;
    const url = `${origin}/robots.txt`;
    let rules: RobotsRules;
    try {
      rules = yield* inTurn(env, {
        task,
        name: spec.name,
        request: robotsRequest(spec, url, env.baseDir, credentials),
        options: sharedRequestOptionsFor(spec.options, env),
        retry: spec.options,
        // The link asking holds its slot: the request goes beyond `concurrency` and `perHost`, as a
        // callback's `ctx.fetch` does (it could wait for itself), its origin's gap still kept.
        extraTurn: createSemaphore(1),
      }, (response) => rulesOfResponse(url, response));
    } catch (error) {
      if (yield* isCancelling(env)) throw error;
      // Too many redirects: the file is unavailable (RFC 9309), as a 4xx says.
      rules = codeOf(error) === "TOO_MANY_REDIRECTS"
        ? RobotsRules.absent(url)
        : RobotsRules.unreachableFile(url, messageOf(error));
    }
    robots.rules = rules;
    if (rules.unreachable !== undefined) {
      env.warn(
        `Cannot read ${url} (${rules.unreachable}): every crawled link to ${origin} is left ` +
          "out for the rest of the run, as a robots.txt that cannot be reached disallows all",
      );
    }
  }
}

/**
 * The request for an origin's robots.txt: a GET with the task's headers (its User-Agent, its
 * credentials when the link asking carries them), less those that belong to the task's own
 * requests: a range, a condition, the type of a body.
 */
function robotsRequest(
  spec: FetchTaskSpec,
  url: string,
  baseDir: string,
  credentials: boolean,
): HttpRequest {
  const given = requestFor(spec.request, url, baseDir).headers ?? {};
  const own = credentials ? given : withoutCredentialHeaders(given);
  const headers: Record<string, string> = {};
  for (const name of Object.keys(own)) {
    const lower = name.toLowerCase();
    if (lower === "range" || lower.startsWith("if-") || lower === "content-type") continue;
    headers[name] = own[name];
  }
  return { url, method: "GET", headers };
}
