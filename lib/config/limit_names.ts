/**
 * How a config's fetches name a limit they reached: by the config key that raises it, with its
 * value written as a config writes it (`timeout.total (2s)`, `maxBodySize (1GiB)`). The HTTP layer
 * says what happened and asks these words of its settings (`FetchSettings.nameLimit`).
 * @module
 */
import type { ExchangeLimit, LimitNamer } from "../http/mod.ts";
import { formatMs } from "../loop/mod.ts";
import { formatSize } from "./size.ts";

/** Each limit's key in a config's fetch settings, and how its value is written. */
const CONFIG_KEYS: Readonly<
  Record<ExchangeLimit, readonly [string, "duration" | "size" | "count" | "switch"]>
> = {
  connect: ["timeout.connect", "duration"],
  tls: ["timeout.tls", "duration"],
  headers: ["timeout.headers", "duration"],
  idle: ["timeout.idle", "duration"],
  total: ["timeout.total", "duration"],
  redirects: ["maxRedirects", "count"],
  bodySize: ["maxBodySize", "size"],
  decodeRatio: ["maxDecodeRatio", "count"],
  headerSize: ["maxHeaderSize", "size"],
  headerCount: ["maxHeaderCount", "count"],
  downgrade: ["allowDowngrade", "switch"],
};

/**
 * Names a limit by its config key and value: the `nameLimit` of every fetch a config makes.
 *
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { nameConfigKey } from "./limit_names.ts";
 * assertEquals(nameConfigKey("total", 30_000), "timeout.total (30s)");
 * assertEquals(nameConfigKey("bodySize", 1024), "maxBodySize (1KiB)");
 * ```
 *
 * @param limit Which limit was reached.
 * @param value Its value: milliseconds, bytes, or a count or ratio.
 * @returns The key and its value.
 */
export function nameConfigKey(limit: ExchangeLimit, value: number): string {
  return `${CONFIG_KEYS[limit][0]} (${writtenValue(limit, value)})`;
}

/**
 * The words for the limits of fetches no setting reaches (a ping's, a config's own download): the
 * value, and that it is fixed, so nobody looks for a key to raise (a switch, which has no value to
 * raise, is their fixed rule).
 *
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { fixedLimitNames } from "./limit_names.ts";
 * assertEquals(fixedLimitNames("a ping's")("headers", 5000), "5s (a ping's fixed limit)");
 * ```
 *
 * @param whose Whose limits they are: `a ping's`.
 * @returns The `nameLimit` of those fetches.
 */
export function fixedLimitNames(whose: string): LimitNamer {
  const name = (limit: ExchangeLimit, value: number) =>
    CONFIG_KEYS[limit][1] === "switch"
      ? `${whose} fixed rule`
      : `${writtenValue(limit, value)} (${whose} fixed limit)`;
  return Object.assign(name, { fixed: true });
}

/** A limit's value as its config key takes it: `30s`, `64KiB`, `10`, `false`. */
function writtenValue(limit: ExchangeLimit, value: number): string {
  const kind = CONFIG_KEYS[limit][1];
  return kind === "duration"
    ? formatMs(value)
    : kind === "size"
    ? formatSize(value)
    : kind === "switch"
    ? String(value !== 0)
    : String(value);
}
