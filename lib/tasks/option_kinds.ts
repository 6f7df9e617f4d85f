/**
 * Options a library caller gives as an object (`run`'s, `ctx.fetch`'s and `ctx.request`'s, and
 * `loadConfig`'s and `validateConfig`'s: lib/config `load_options_check.ts`), checked against a
 * table of the kind of value each option takes: one set of kinds, and one way to say what was
 * expected and what was given. A JavaScript caller (or a TypeScript one past the type check) gets a
 * TypeError naming the option, instead of an option silently ignored or misread.
 * @module
 */
import { CookieJar, quoteReceived, unseenHint } from "../http/mod.ts";
import { closestName, kindOfValue } from "../loop/mod.ts";
import { proxyBypassProblem, urlTextWithoutCredentials } from "../net/mod.ts";
import { neverRetriedProblem } from "./retry_statuses.ts";

/**
 * The kind of value an option takes. `count`: a whole number of 0 or more; `limit`: a whole number
 * of 1 or more (a size or count 0 would refuse everything: it is not "no limit"); `path`: text, not
 * empty (`""` would be the working directory, never what was meant: `Deno.env.get("OUT") ?? ""`, or
 * a path built of unset parts); `amount`: any number of 0 or more (milliseconds); `ratio`: a number
 * of 1 or more; `no proxy`: a `NO_PROXY`-style list each entry of which can match a host (as a
 * config's `noProxy`: `intranet:8080` would send that host through the proxy); `texts`: a list of
 * texts; `statuses`: a list of status codes; `timeouts`: an object of phases (`TIMEOUT_PHASES`) to
 * milliseconds above 0; `origin proxies` / `origin pipelines`: an
 * object of origins to a `proxy` / a `limit`; `cookie jar`: a `CookieJar`; `clock`: a `Clock`, its
 * kind and methods (one without them failed deep in the run: "this.clock.now is not a function");
 * `own files`: a list of `{ path, role }` (one of another shape protected nothing, silently).
 */
export type OptionKind =
  | "boolean"
  | "object"
  | "signal"
  | "function"
  | "text"
  | "path"
  | "path or false"
  | "count"
  | "limit"
  | "amount"
  | "ratio"
  | "proxy"
  | "no proxy"
  | "texts"
  | "statuses"
  | "timeouts"
  | "origin proxies"
  | "origin pipelines"
  | "cookie jar"
  | "clock"
  | "own files";

/** The phases a `timeouts` option may bound. */
const TIMEOUT_PHASES = new Set(["connectMs", "tlsMs", "headersMs", "idleMs", "totalMs"]);

/**
 * What is wrong with an options object, if anything: not an object, an option not in `kinds` (with
 * the one it was likely meant to be: `unknown option "readSecret" (did you mean "readSecrets"?)`),
 * or a value of the wrong kind. An option set to `undefined` is left out, as if not given.
 *
 * @param options What the caller gave as its options.
 * @param kinds The kind of value each option takes.
 * @param unknownHint What to add to the refusal of an unknown option, if anything; when it adds
 *   nothing, the known option closest to it is named.
 * @returns The problem, completing `Cannot <do what was asked>: `; undefined when there is none.
 */
export function optionsProblem(
  options: unknown,
  kinds: Readonly<Record<string, OptionKind>>,
  unknownHint: (key: string) => string = () => "",
): string | undefined {
  if (typeof options !== "object" || options === null || Array.isArray(options)) {
    return `expected options as an object, got ${givenKind(options)}`;
  }
  for (const [key, value] of Object.entries(options)) {
    if (value === undefined) continue;
    if (!Object.hasOwn(kinds, key)) {
      return `unknown option ${quoteReceived(key)}${unknownHint(key) || meantOption(key, kinds)}`;
    }
    const problem = kindProblem(kinds[key], value);
    if (problem !== undefined) return `option ${quoteReceived(key)} ${problem}`;
  }
  return undefined;
}

/**
 * ` (did you mean "x"?)` for the known option closest to an unknown one (` (it holds an invisible
 * character U+200B)` for a known one but for it); else nothing.
 */
function meantOption(key: string, kinds: Readonly<Record<string, OptionKind>>): string {
  const unseen = unseenHint(key, (visible) => Object.hasOwn(kinds, visible));
  if (unseen !== "") return unseen;
  const meant = closestName(key, Object.keys(kinds));
  return meant === undefined ? "" : ` (did you mean ${JSON.stringify(meant)}?)`;
}

/** What is wrong with an option's value for its kind, if anything: `expects …, got …`. */
function kindProblem(kind: OptionKind, value: unknown): string | undefined {
  const isAmount = (n: unknown) => typeof n === "number" && n >= 0 && !Number.isNaN(n);
  const expects = (what: string, ok: boolean) =>
    ok ? undefined : `expects ${what}, got ${shownValue(value)}`;
  switch (kind) {
    case "boolean":
      return expects("true or false", typeof value === "boolean");
    case "object":
      return expects("an object", typeof value === "object" && value !== null);
    case "signal":
      return expects("an AbortSignal", value instanceof AbortSignal);
    case "function":
      return expects("a function", typeof value === "function");
    case "text":
      return expects("text", typeof value === "string");
    case "path":
      return expects(A_PATH, isPath(value));
    case "path or false":
      return expects(`${A_PATH} or false`, isPath(value) || value === false);
    case "count":
      return expects(
        "a whole number of 0 or more",
        Number.isSafeInteger(value) && (value as number) >= 0,
      );
    case "limit":
      return expects(`a whole number of 1 or more${NOT_NO_LIMIT}`, isLimit(value));
    case "amount":
      return expects("a number of 0 or more", isAmount(value));
    case "ratio":
      return expects("a number of 1 or more", typeof value === "number" && value >= 1);
    case "proxy":
      return expects("a proxy URL or false", isProxy(value));
    case "no proxy": {
      if (typeof value !== "string") return expects("text", false);
      const problem = proxyBypassProblem(value);
      return problem === undefined ? undefined : `is refused: ${problem}`;
    }
    case "origin proxies":
      return originsProblem(value, "a proxy URL or false", isProxy);
    case "origin pipelines":
      return originsProblem(value, "a whole number of 1 or more", isLimit);
    case "cookie jar":
      return expects("a CookieJar (await CookieJar.create())", value instanceof CookieJar);
    case "clock":
      return clockProblem(value);
    case "own files":
      return ownFilesProblem(value);
    case "texts":
      return expects(
        "a list of PEM texts",
        Array.isArray(value) && value.every((text) => typeof text === "string"),
      );
    case "statuses": {
      const ok = Array.isArray(value) && value.every((status) => Number.isInteger(status));
      if (!ok) return expects("a list of status codes", false);
      // The config's rule: a status that can never be retried would do nothing, silently.
      for (const status of value as number[]) {
        const problem = neverRetriedProblem(status);
        if (problem !== undefined) return `expects statuses that may be retried: ${problem}`;
      }
      return undefined;
    }
    case "timeouts": {
      if (typeof value !== "object" || value === null || Array.isArray(value)) {
        return expects("an object of phases to milliseconds", false);
      }
      for (const [phase, ms] of Object.entries(value)) {
        if (!TIMEOUT_PHASES.has(phase)) {
          return `has an unknown phase "${phase}" (${[...TIMEOUT_PHASES].join(", ")})`;
        }
        if (ms !== undefined && !isAmount(ms)) {
          return `expects milliseconds as a number for ${phase}, got ${shownValue(ms)}`;
        }
        // As a config's `timeout`: no request can be made in no time at all.
        if (ms === 0) return `expects milliseconds above 0 for ${phase}${NOT_NO_LIMIT}, got 0`;
      }
      return undefined;
    }
  }
}

/** Said of a limit given as 0, which a caller may have meant as none. */
const NOT_NO_LIMIT = ' (0 is not "no limit")';

/** What a `path` option expects. */
const A_PATH = "a path (text, not empty)";

function isPath(value: unknown): boolean {
  return typeof value === "string" && value !== "";
}

function isLimit(value: unknown): boolean {
  return Number.isSafeInteger(value) && (value as number) >= 1;
}

function isProxy(value: unknown): boolean {
  return typeof value === "string" || value === false;
}

/** What a `clock` option expects. */
const A_CLOCK = "a clock (createSystemClock(), createVirtualClock())";

/**
 * What is wrong with a clock, if anything: its `kind` is `"system"` or `"virtual"`, and it has the
 * methods the loop and the run call (a virtual one's `advanceTo` too, by which the loop moves it).
 */
function clockProblem(value: unknown): string | undefined {
  if (typeof value !== "object" || value === null) {
    return `expects ${A_CLOCK}, got ${shownValue(value)}`;
  }
  const clock = value as Record<string, unknown>;
  if (clock.kind !== "system" && clock.kind !== "virtual") {
    return `expects ${A_CLOCK}, whose kind is "system" or "virtual", got the kind ${
      shownValue(clock.kind)
    }`;
  }
  const methods = clock.kind === "virtual" ? ["now", "wallNow", "advanceTo"] : ["now", "wallNow"];
  const missing = methods.filter((name) => typeof clock[name] !== "function");
  if (missing.length === 0) return undefined;
  return `expects ${A_CLOCK}: a ${clock.kind} clock has the methods ${methods.join(", ")}, ` +
    `got one without ${missing.join(", ")}`;
}

/** What is wrong with a list of corun's own files (`RunOptions.ownFiles`), if anything. */
function ownFilesProblem(value: unknown): string | undefined {
  const what = "a list of { path, role } (a path, not empty, and what the file is, as text)";
  if (!Array.isArray(value)) return `expects ${what}, got ${shownValue(value)}`;
  for (const [index, entry] of value.entries()) {
    if (typeof entry !== "object" || entry === null) {
      return `expects ${what}, got ${shownValue(entry)} at [${index}]`;
    }
    const { path, role } = entry as Record<string, unknown>;
    if (!isPath(path)) return `expects ${what}, got the path ${shownValue(path)} at [${index}]`;
    if (typeof role !== "string") {
      return `expects ${what}, got the role ${shownValue(role)} at [${index}]`;
    }
  }
  return undefined;
}

/**
 * What is wrong with an object of origins to values (`originProxies`, `originPipelines`): not a
 * plain object, a key that is no origin as `new URL(url).origin` writes it (it would never match a
 * request), or a value of the wrong kind.
 */
function originsProblem(
  value: unknown,
  what: string,
  isValue: (value: unknown) => boolean,
): string | undefined {
  const plain = typeof value === "object" && value !== null &&
    [Object.prototype, null].includes(Object.getPrototypeOf(value));
  if (!plain) return `expects an object of origins, each to ${what}, got ${shownValue(value)}`;
  for (const [origin, given] of Object.entries(value as object)) {
    if (URL.parse(origin)?.origin !== origin) {
      return `has the key ${
        JSON.stringify(urlTextWithoutCredentials(origin))
      }, which is no origin ` +
        '("https://example.org", "http://127.0.0.1:8080": a scheme, a host and a port, nothing else)';
    }
    if (!isValue(given)) {
      return `expects ${what} for ${JSON.stringify(origin)}, got ${shownValue(given)}`;
    }
  }
  return undefined;
}

/**
 * A value given where something else belonged, as a message names it by its kind: `null`, `a value
 * of type Uint16Array`, `a value of type Array`, `a value of type object` (a plain one).
 *
 * @param value What was given.
 * @returns Its kind.
 */
export function givenKind(value: unknown): string {
  if (typeof value !== "object" || value === null) return kindOfValue(value);
  const name = value.constructor?.name;
  return `a value of type ${name === undefined || name === "Object" ? "object" : name}`;
}

/**
 * A value as a message shows it: text quoted, a number or true/false as written, anything else by
 * its kind ({@linkcode givenKind}).
 *
 * @param value What was given.
 * @returns How a message shows it.
 */
function shownValue(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return givenKind(value);
}
