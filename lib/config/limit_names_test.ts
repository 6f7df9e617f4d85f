import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import type { ExchangeLimit, LimitNamer } from "../http/mod.ts";
import { fixedLimitNames, nameConfigKey } from "./limit_names.ts";
import { formatSize, parseSize } from "./size.ts";

Deno.test("nameConfigKey() names each limit by its config key, its value as a config writes it", () => {
  const cases: [ExchangeLimit, number, string][] = [
    ["connect", 10_000, "timeout.connect (10s)"],
    ["tls", 1500, "timeout.tls (1.5s)"],
    ["headers", 250, "timeout.headers (250ms)"],
    ["idle", 30_000, "timeout.idle (30s)"],
    ["total", 5_400_000, "timeout.total (1h30m)"],
    ["redirects", 0, "maxRedirects (0)"],
    ["bodySize", 2 ** 30, "maxBodySize (1GiB)"],
    ["decodeRatio", 1000, "maxDecodeRatio (1000)"],
    ["headerSize", 10_000, "maxHeaderSize (10kB)"],
    ["headerCount", 256, "maxHeaderCount (256)"],
    ["downgrade", 0, "allowDowngrade (false)"],
  ];
  for (const [limit, value, words] of cases) assertEquals(nameConfigKey(limit, value), words);
});

Deno.test("formatSize() writes a size parseSize reads back as the same number of bytes", () => {
  for (const bytes of [1, 1000, 1024, 1500, 65_536, 10_000_000, 3 * 2 ** 40, 2 ** 40 + 1]) {
    assertEquals(parseSize(formatSize(bytes)), bytes, formatSize(bytes));
  }
  assertEquals([formatSize(1500), formatSize(64 * 1024)], ["1500B", "64KiB"]);
});

Deno.test("fixedLimitNames() gives the value and says whose fixed limit it is", () => {
  const names = fixedLimitNames("a ping's");
  assertEquals(names("total", 8000), "8s (a ping's fixed limit)");
  assertEquals(names("bodySize", 65_536), "64KiB (a ping's fixed limit)");
  assertEquals(names("redirects", 3), "3 (a ping's fixed limit)");
  // A switch has no value to raise: the words say it is a rule nobody can change.
  assertEquals(names("downgrade", 0), "a ping's fixed rule");
  // Marked fixed: a message that passes one asks nobody to raise it; a config key's can be raised.
  assertEquals([names.fixed, (nameConfigKey as LimitNamer).fixed], [true, undefined]);
});
