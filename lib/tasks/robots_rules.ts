/**
 * What one origin's robots.txt says to a crawl (RFC 9309): the rules of a file that was read, all
 * allowed when there is none (a 4xx, or redirects that lead nowhere or off to a host Deno may not
 * connect to), all disallowed when it could not be reached (a 429, a 5xx, a network failure). A
 * link is matched with the product token of the User-Agent corun sends, by robots-parser (the
 * longest matching rule wins, `Allow` on a tie; `*` and `$` as Google's), both the rules and the
 * link in one spelling first (`robots_spelling.ts`).
 * @module
 */
import { call, codeOf, type Effect, messageOf } from "../loop/mod.ts";
import {
  DEFAULT_USER_AGENT,
  type FollowedRedirects,
  type HttpResponse,
  shownStatus,
} from "../http/mod.ts";
import { isNotPermitted, NetError } from "../net/mod.ts";
import { loadRobotsParser, type RobotsParser, type RobotsTxt } from "./deps.ts";
import { RobotsParserError } from "./robots_parser_error.ts";
import { formatCount } from "./count_text.ts";
import { robotsLink, rulesSpelledOneWay } from "./robots_spelling.ts";

/** The most of a robots.txt that is read (RFC 9309 asks crawlers to parse at least 500 KiB). */
const ROBOTS_MAX_BYTES = 500 * 1024;

/**
 * Most steps the match of one link may take, counted as the bytes of the rules that hold a `*`, in
 * the group the link is matched by (the agent's, else `*`), times the link's length. robots-parser
 * (as Google's parser) tries such a rule at every place of the link's path, so a 500 KiB file of
 * `*a*a…` rules took 2.4 s of CPU for each link of 2,000 characters (13.5 s at 60,000), the whole
 * run stopped meanwhile. An ordinary file is far below: 300 such rules of 30 bytes against a link
 * of 2,000 characters are 18 million steps. A fixed limit (some 80 ms): past it, the link is left
 * out, as a link the file disallows is.
 */
export const MAX_MATCH_STEPS = 2 ** 25;

/** A rule line (`Allow:` or `Disallow:`) whose pattern holds a `*`: its pattern in group 1. */
const WILDCARD_RULE = /^[ \t]*(?:allow|disallow)[ \t]*:([^\r\n#]*\*[^\r\n#]*)/gim;

/** The rules with a `*` of the group a link is matched by, as `refusal` counts and names them. */
interface WildcardGroup {
  /** Bytes of its patterns that hold a `*`, the dearest to match (see `MAX_MATCH_STEPS`). */
  bytes: number;
  /** How messages name it: `the group for "corun"`, `the "*" group`. */
  name: string;
}

/** One origin's robots.txt, as a crawl obeys it for the rest of the run. */
export class RobotsRules {
  /** Where it was asked for (`https://example.org/robots.txt`), before any redirect. */
  readonly url: string;
  /** Why every link of the origin is disallowed (the file could not be read), when it is. */
  readonly unreachable: string | undefined;
  /**
   * Why the file was not read though every link is allowed (its redirects could not be followed),
   * when so: the crawl is not told by the rules, so a warning says it.
   */
  readonly unfollowed: string | undefined;
  readonly #file: RobotsTxt | undefined;
  /** The group each agent's links are matched by, worked out at its first link. */
  readonly #groups = new Map<string, WildcardGroup>();
  /** Its text, kept only when the parser shows no groups (see `#wildcardGroup`). */
  readonly #text: string | undefined;

  private constructor(
    url: string,
    file?: RobotsTxt,
    unreachable?: string,
    text?: string,
    unfollowed?: string,
  ) {
    this.url = url;
    this.#file = file;
    this.unreachable = unreachable;
    this.unfollowed = unfollowed;
    // A parser that shows its groups needs no text: a 500 KiB file is not kept for nothing.
    this.#text = file?._rules === undefined ? text : undefined;
  }

  /**
   * The rules of a robots.txt that was read.
   *
   * @param url Where it was asked for (its rules are that origin's, wherever it redirected).
   * @param text Its text.
   * @param parse robots-parser (see `loadRobotsParser`).
   * @returns Its rules.
   */
  static parsed(url: string, text: string, parse: RobotsParser): RobotsRules {
    const spelled = rulesSpelledOneWay(text);
    return new RobotsRules(url, parse(url, spelled), undefined, spelled);
  }

  /**
   * The origin has no robots.txt (a 4xx other than 429): every link is allowed.
   *
   * @param url Where it was asked for.
   * @returns Rules that allow all.
   */
  static absent(url: string): RobotsRules {
    return new RobotsRules(url);
  }

  /**
   * The origin's robots.txt redirects where corun cannot follow (too many hops, a host Deno may
   * not connect to, nowhere): RFC 9309 §2.3.1.2 takes it as unavailable, so every link is allowed.
   *
   * @param url Where it was asked for.
   * @param why Why it was not read (`the server answered 304 Not Modified, ...`).
   * @returns Rules that allow all, saying why.
   */
  static unfollowed(url: string, why: string): RobotsRules {
    return new RobotsRules(url, undefined, undefined, undefined, why);
  }

  /**
   * The origin's robots.txt could not be read: every link is disallowed.
   *
   * @param url Where it was asked for.
   * @param why What went wrong (`the server answered 503 Service Unavailable`).
   * @returns Rules that disallow all.
   */
  static unreachableFile(url: string, why: string): RobotsRules {
    return new RobotsRules(url, undefined, why);
  }

  /**
   * Why these rules keep a link out, or undefined when it may be fetched.
   *
   * @param link An absolute URL of the origin.
   * @param agent The product token of the User-Agent sent (`corun`).
   * @returns Why not, naming the robots.txt, or undefined.
   */
  refusal(link: string, agent: string): string | undefined {
    if (this.unreachable !== undefined) {
      return `${this.url} could not be read (${this.unreachable}), and a robots.txt that ` +
        "cannot be reached disallows the whole origin";
    }
    if (this.#file === undefined) return undefined;
    const matched = robotsLink(link);
    const group = this.#wildcardGroup(agent);
    const steps = group.bytes * matched.length;
    if (steps > MAX_MATCH_STEPS) {
      return `${this.url} has ${formatCount(group.bytes)} bytes of rules with "*" in ` +
        `${group.name}, too many to match against a link of ${formatCount(matched.length)} ` +
        `characters (${formatCount(steps)} steps, more than the ${formatCount(MAX_MATCH_STEPS)} ` +
        "corun takes: each such rule is tried at every place of the link), so it is left out as " +
        "a disallowed link is; `crawl.robots: false` fetches links without asking robots.txt " +
        `(a group of the origin's own for "${agent}" is counted alone)`;
    }
    // A URL of another origin (never asked) is undefined: allowed.
    if (this.#file.isAllowed(matched, agent) !== false) return undefined;
    return `${this.url} disallows it for the user agent "${agent}"`;
  }

  /**
   * The rules with a `*` that a link of `agent` is matched by: robots-parser's group for it (its
   * name in lower case, without a version), else its `*` group. Other agents' groups cost its
   * links nothing, however many rules they hold.
   */
  #wildcardGroup(agent: string): WildcardGroup {
    let group = this.#groups.get(agent);
    if (group !== undefined) return group;
    const groups = this.#file?._rules;
    if (groups === undefined) {
      // A parser that hides its groups: every rule of the file counts, as any may be the agent's.
      let bytes = 0;
      for (const [, pattern] of (this.#text ?? "").matchAll(WILDCARD_RULE)) bytes += pattern.length;
      group = { bytes, name: "the file" };
    } else {
      const key = agent.toLowerCase().split("/", 1)[0].trim();
      const own = groups[key];
      let bytes = 0;
      for (const { pattern } of own ?? groups["*"] ?? []) {
        if (pattern.includes("*")) bytes += pattern.length;
      }
      group = { bytes, name: own === undefined ? 'the "*" group' : `the group for "${key}"` };
    }
    this.#groups.set(agent, group);
    return group;
  }
}

/**
 * The product token a robots.txt group names a crawler by: the User-Agent's first word, without its
 * version (`corun/0.1.0` is `corun`); corun's own when the request sends none of its own.
 *
 * @param headers The headers sent (any case).
 * @returns The token.
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { productTokenOf } from "./robots_rules.ts";
 * assertEquals(productTokenOf({ "user-agent": "MyBot/2.1 (+https://example.org)" }), "MyBot");
 * assertEquals(productTokenOf({}), "corun");
 * ```
 */
export function productTokenOf(headers: Readonly<Record<string, string>>): string {
  let userAgent = DEFAULT_USER_AGENT;
  for (const name of Object.keys(headers)) {
    if (name.toLowerCase() === "user-agent") userAgent = headers[name];
  }
  const token = userAgent.trim().split(/[\/\s]/, 1)[0];
  return token === "" ? "*" : token;
}

/**
 * The rules a response to a robots.txt request gives: a 2xx's body (its first `ROBOTS_MAX_BYTES`),
 * no rules for a 4xx but 429 or for a redirect that led nowhere (a 3xx not followed: 300, 304, one
 * without a Location), and all disallowed for anything else (429, 5xx). Closes the body.
 *
 * @param url Where the file was asked for.
 * @param response The final response (after redirects).
 * @param proxied It came through a proxy (plain http): its status is then named by the standard
 *   reason, as the proxy's own text may echo the request's `Proxy-Authorization`.
 * @returns The origin's rules.
 */
export function* rulesOfResponse(
  url: string,
  response: HttpResponse,
  proxied = false,
): Generator<Effect, RobotsRules> {
  const status = response.status;
  const answer = shownStatus(response, proxied);
  if (status >= 200 && status <= 299) {
    const text = yield* readCapped(response, ROBOTS_MAX_BYTES);
    const parse = yield* call(loadRobotsParser, "load robots-parser");
    return RobotsRules.parsed(url, text, parse);
  }
  response.body.close();
  if (status >= 300 && status <= 399) {
    // See `rulesOfFailure`.
    return RobotsRules.unfollowed(
      url,
      `the server answered ${answer}, a redirect that leads nowhere`,
    );
  }
  if (status >= 400 && status <= 499 && status !== 429) return RobotsRules.absent(url);
  return RobotsRules.unreachableFile(url, `the server answered ${answer}`);
}

/**
 * The rules when a robots.txt request failed after its retries: none when its redirects led nowhere
 * (past `maxRedirects`, or to a host Deno may not connect to: as a 3xx that is not followed in
 * `rulesOfResponse`, RFC 9309 §2.3.1.2 takes the file as unavailable, which allows all), else all
 * disallowed (a network failure: the file could not be reached). A connect Deno refused for the
 * file's own origin says nothing of the server: it is this process's missing `--allow-net`, which
 * the link on that origin needs as well, so the link fails with it, naming the file. A file read
 * but not parsed, robots-parser failing to load, is corun's failure, not the site's: it is thrown as
 * it is, never taken for a file that cannot be reached.
 *
 * @param url Where the file was asked for.
 * @param error Why the request failed.
 * @param redirected The redirects its last attempt followed, and where to (undefined: none).
 * @returns The origin's rules.
 * @throws {NetError} `NOT_PERMITTED`, naming the file, when Deno refused its own origin.
 * @throws {RobotsParserError} When robots-parser could not be loaded.
 */
export function rulesOfFailure(
  url: string,
  error: unknown,
  redirected?: FollowedRedirects,
): RobotsRules {
  if (error instanceof RobotsParserError) throw error;
  if (isNotPermitted(error)) {
    const refused = redirected?.url ?? url;
    if (new URL(refused).origin !== new URL(url).origin) {
      // The client's error names the URL a redirect led to: "Cannot fetch http://b/robots.txt: …".
      return RobotsRules.unfollowed(url, `it redirects: ${messageOf(error)}`);
    }
    if (!(error instanceof NetError)) throw error;
    throw new NetError(error.code, `Cannot read ${url}: ${error.message}`, error.address, {
      cause: error,
    });
  }
  return codeOf(error) === "TOO_MANY_REDIRECTS"
    ? RobotsRules.unfollowed(url, messageOf(error))
    : RobotsRules.unreachableFile(url, messageOf(error));
}

/**
 * The first `maxBytes` of a body as UTF-8 text (a byte-order mark dropped): a file cut there loses
 * its last, partial line, which could otherwise read as a shorter rule than was written.
 */
function* readCapped(response: HttpResponse, maxBytes: number): Generator<Effect, string> {
  const decoder = new TextDecoder();
  let text = "";
  let bytes = 0;
  try {
    for (
      let chunk = yield* response.body.read();
      chunk !== null;
      chunk = yield* response.body.read()
    ) {
      if (bytes + chunk.byteLength > maxBytes) {
        text += decoder.decode(chunk.subarray(0, maxBytes - bytes));
        const lastBreak = Math.max(text.lastIndexOf("\n"), text.lastIndexOf("\r"));
        return text.slice(0, lastBreak + 1);
      }
      bytes += chunk.byteLength;
      text += decoder.decode(chunk, { stream: true });
    }
    return text + decoder.decode();
  } finally {
    response.body.close();
  }
}
