/**
 * What one origin's robots.txt says to a crawl (RFC 9309): the rules of a file that was read, all
 * allowed when there is none (a 4xx), all disallowed when it could not be reached (a 429, a 5xx, a
 * network failure). A link is matched with the product token of the User-Agent corun sends, by
 * robots-parser (the longest matching rule wins, `Allow` on a tie; `*` and `$` as Google's).
 * @module
 */
import { call, type Effect } from "../loop/mod.ts";
import { DEFAULT_USER_AGENT, type HttpResponse } from "../http/mod.ts";
import { loadRobotsParser, type RobotsParser, type RobotsTxt } from "./deps.ts";

/** The most of a robots.txt that is read (RFC 9309 asks crawlers to parse at least 500 KiB). */
const ROBOTS_MAX_BYTES = 500 * 1024;

/**
 * Most steps the match of one link may take, counted as the bytes of the file's rules that hold a
 * `*` times the link's length. robots-parser (as Google's parser) tries such a rule at every place
 * of the link's path, so a 500 KiB file of `*a*a…` rules took 2.4 s of CPU for each link of 2,000
 * characters (13.5 s at 60,000), the whole run stopped meanwhile. An ordinary file is far below:
 * 300 such rules of 30 bytes against a link of 2,000 characters are 18 million steps. A fixed
 * limit (some 80 ms): past it, the link is left out, as a link the file disallows is.
 */
export const MAX_MATCH_STEPS = 2 ** 25;

/** A rule line (`Allow:` or `Disallow:`) whose pattern holds a `*`: its pattern in group 1. */
const WILDCARD_RULE = /^[ \t]*(?:allow|disallow)[ \t]*:([^\r\n#]*\*[^\r\n#]*)/gim;

/** One origin's robots.txt, as a crawl obeys it for the rest of the run. */
export class RobotsRules {
  /** Where it was asked for (`https://example.org/robots.txt`), before any redirect. */
  readonly url: string;
  /** Why every link of the origin is disallowed (the file could not be read), when it is. */
  readonly unreachable: string | undefined;
  readonly #file: RobotsTxt | undefined;
  /** Bytes of its rules that hold a `*`, the dearest to match (see `MAX_MATCH_STEPS`). */
  readonly #wildcardBytes: number;

  private constructor(url: string, file?: RobotsTxt, unreachable?: string, wildcardBytes = 0) {
    this.url = url;
    this.#file = file;
    this.unreachable = unreachable;
    this.#wildcardBytes = wildcardBytes;
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
    let wildcardBytes = 0;
    for (const [, pattern] of text.matchAll(WILDCARD_RULE)) wildcardBytes += pattern.length;
    return new RobotsRules(url, parse(url, text), undefined, wildcardBytes);
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
    const steps = this.#wildcardBytes * link.length;
    if (steps > MAX_MATCH_STEPS) {
      return `${this.url} has ${this.#wildcardBytes} bytes of rules with "*", too many to match ` +
        `against a link of ${link.length} characters (${steps} steps, more than the ` +
        `${MAX_MATCH_STEPS} corun takes: a fixed limit, as each such rule is tried at every place ` +
        "of the link), so it is left out as a disallowed link is";
    }
    // A URL of another origin (never asked) is undefined: allowed.
    if (this.#file.isAllowed(link, agent) !== false) return undefined;
    return `${this.url} disallows it for the user agent "${agent}"`;
  }
}

/**
 * The product token a robots.txt group names a crawler by: the User-Agent's first word, without its
 * version (`corun/0.1` is `corun`); corun's own when the request sends none of its own.
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
 * no rules for a 4xx but 429, and all disallowed for anything else. Closes the body.
 *
 * @param url Where the file was asked for.
 * @param response The final response (after redirects).
 * @returns The origin's rules.
 */
export function* rulesOfResponse(
  url: string,
  response: HttpResponse,
): Generator<Effect, RobotsRules> {
  const status = response.status;
  if (status >= 200 && status <= 299) {
    const text = yield* readCapped(response, ROBOTS_MAX_BYTES);
    const parse = yield* call(loadRobotsParser, "load robots-parser");
    return RobotsRules.parsed(url, text, parse);
  }
  response.body.close();
  if (status >= 400 && status <= 499 && status !== 429) return RobotsRules.absent(url);
  return RobotsRules.unreachableFile(
    url,
    `the server answered ${status} ${response.statusText}`.trimEnd(),
  );
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
