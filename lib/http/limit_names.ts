/**
 * How a message names a limit that was reached: the setting that raises it, and its value, in the
 * words of whoever set it. The HTTP layer says what happened (`no response head within …`); the
 * words for the knob are the caller's: `timeouts.headersMs (30000)` for a caller of the client,
 * `timeout.headers (30s)` for a config (its `FetchSettings.nameLimit`).
 * @module
 */
import type { ConnectLimit } from "../net/mod.ts";
import type { RequestOptions } from "./request.ts";

/** A limit of one exchange that a message may name. */
export type ExchangeLimit =
  | ConnectLimit
  | "headers"
  | "idle"
  | "redirects"
  | "bodySize"
  | "decodeRatio"
  | "headerSize"
  | "headerCount"
  /** A redirect from https to http: a switch, named with the value 0 (off). */
  | "downgrade";

/**
 * Names a limit and its value for a message: `timeout.total (2s)`. Called with the limit that was
 * reached and its value (milliseconds for a time limit, bytes for a size, 0 or 1 for a switch (off
 * or on), else a count or ratio), it returns the setting that raises it and its value, as its
 * caller writes them.
 */
export type LimitNamer = {
  (limit: ExchangeLimit, value: number): string;
  /**
   * No setting reaches these limits (a ping's, a config URL's): a message names them, but asks
   * nobody to raise one.
   */
  readonly fixed?: boolean;
};

/** Each limit's place in `RequestOptions`. */
const OPTION_NAMES: Readonly<Record<ExchangeLimit, string>> = {
  connect: "timeouts.connectMs",
  tls: "timeouts.tlsMs",
  headers: "timeouts.headersMs",
  idle: "timeouts.idleMs",
  total: "timeouts.totalMs",
  redirects: "maxRedirects",
  bodySize: "maxBodyBytes",
  decodeRatio: "maxDecodeRatio",
  headerSize: "maxHeaderBytes",
  headerCount: "maxHeaderCount",
  downgrade: "allowDowngrade",
};

/**
 * The client's own words for its limits: the `RequestOptions` that set them, as in
 * `timeouts.totalMs (2000)` and `maxBodyBytes (1024)` (each name says its unit).
 *
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { nameRequestOption } from "./limit_names.ts";
 * assertEquals(nameRequestOption("total", 2000), "timeouts.totalMs (2000)");
 * ```
 *
 * @param limit Which limit was reached.
 * @param value Its value.
 * @returns The option and its value.
 */
export function nameRequestOption(limit: ExchangeLimit, value: number): string {
  // A switch is written as the boolean the option takes.
  return `${OPTION_NAMES[limit]} (${limit === "downgrade" ? value !== 0 : value})`;
}

/**
 * Names the limits `given` sets in the client's own words, and the others as `base` does: options
 * written in code over settings a config gave (`ctx.fetch(url, { timeouts: { totalMs } })`).
 *
 * @param given The options the caller wrote.
 * @param base How the settings under them name their limits (by default as the client does).
 * @returns `base` itself when `given` sets no limit.
 */
export function namesOfGiven(
  given: RequestOptions,
  base: LimitNamer = nameRequestOption,
): LimitNamer {
  if (base === nameRequestOption || !LIMITS.some((limit) => setsLimit(given, limit))) return base;
  return (limit, value) =>
    setsLimit(given, limit) ? nameRequestOption(limit, value) : base(limit, value);
}

const LIMITS = Object.keys(OPTION_NAMES) as ExchangeLimit[];

/** Whether the options give the limit (a timeout given in part gives only its own phases). */
function setsLimit(options: RequestOptions, limit: ExchangeLimit): boolean {
  const name = OPTION_NAMES[limit];
  if (!name.startsWith("timeouts.")) {
    return (options as Record<string, unknown>)[name] !== undefined;
  }
  const timeouts = options.timeouts as Record<string, number | undefined> | undefined;
  return timeouts?.[name.slice("timeouts.".length)] !== undefined;
}
