import { assertEquals, assertThrows } from "npm:deno-std@1.4.0/assert/mod.js";
import { bandwidthProblem, parseBandwidth } from "./bandwidth.ts";
import { ConfigError } from "./config_error.ts";
import { validateConfig } from "./load.ts";

Deno.test("parseBandwidth() reads a size per second, minute or hour", () => {
  const cases: [string, number][] = [
    ["2MiB/s", 2 * 1024 * 1024],
    ["500KB/s", 500_000],
    ["500 kB / sec", 500_000],
    ["1.5KiB/second", 1536],
    ["36MB/h", 10_000],
    ["60B/min", 1],
    ["4096/s", 4096],
    // The time as a rate's: a day, a duration.
    ["1MiB/1s", 1024 * 1024],
    ["864MB/d", 10_000],
    ["2MB/2s", 1_000_000],
  ];
  for (const [text, bytesPerSecond] of cases) assertEquals(parseBandwidth(text), bytesPerSecond);
});

Deno.test("bandwidthProblem() says what a bandwidth looks like, and refuses none at all", () => {
  for (const bad of ["2MiB", "2M/s", "fast", "2MiB/week", "2MiB/10", 2048]) {
    assertEquals(
      bandwidthProblem(bad)?.startsWith('expected a bandwidth like "2MiB/s"'),
      true,
      String(bad),
    );
  }
  assertEquals(bandwidthProblem("0KB/s")?.includes('0 is not "no limit"'), true);
  assertEquals(bandwidthProblem("1B/h")?.includes("at least 1 byte a second"), true);
  assertEquals(bandwidthProblem("99999999999999999999TB/s")?.endsWith("which is too large"), true);
  assertThrows(() => parseBandwidth("0B/s"), SyntaxError, "Cannot parse bandwidth");
  assertEquals(bandwidthProblem("1MiB/0s"), `a bandwidth's time cannot be zero, got "1MiB/0s"`);
  assertEquals(
    bandwidthProblem("fast")?.includes('(a size, "/", then a unit (s, m or min, h, d)'),
    true,
  );
});

Deno.test("a config's bandwidth is the run's, in bytes per second; a bad one is reported at its field", () => {
  const spec = validateConfig({ bandwidth: "1MiB/s", tasks: [{ sleep: "1s" }] }, "inline");
  assertEquals(spec.bandwidth, 1024 * 1024);
  assertEquals(validateConfig({ tasks: [{ sleep: "1s" }] }, "inline").bandwidth, undefined);
  const error = assertThrows(
    () => validateConfig({ bandwidth: "1 MiB per second", tasks: [{ sleep: "1s" }] }, "inline"),
    ConfigError,
  ) as ConfigError;
  assertEquals(error.issues.map((issue) => [issue.path, issue.message]), [[
    "bandwidth",
    'expected a bandwidth like "2MiB/s", "500KB/s" or "10GB/h" (a size, "/", then a unit (s, m or min, h, d) or a duration such as "500ms" or "2s"), got "1 MiB per second"',
  ]]);
});

Deno.test("a bandwidth written as curl writes it, or negative, is refused saying what to write", () => {
  // "2M/s" is 2 MiB/s to curl and wget, 2 MB/s to others: both are offered, as for a size.
  const hint = ' (write "2MB/s" in units of 1000, or "2MiB/s" in units of 1024)';
  assertEquals(bandwidthProblem("2M/s")?.endsWith(`got "2M/s"${hint}`), true);
  assertEquals(
    bandwidthProblem("500 kb / min")?.endsWith(
      ' (write "500kB/min" in units of 1000, or "500KiB/min" in units of 1024)',
    ),
    true,
  );
  assertEquals(
    bandwidthProblem("-1KB/s")?.startsWith("a bandwidth is at least 1 byte a second"),
    true,
  );
  // The config's field says the same; a bandwidth that is right is not taken for a near miss.
  const error = assertThrows(
    () => validateConfig({ bandwidth: "2M/s", tasks: [{ sleep: "1s" }] }, "inline"),
    ConfigError,
  ) as ConfigError;
  assertEquals(error.issues.map((issue) => [issue.path, issue.message.endsWith(hint)]), [[
    "bandwidth",
    true,
  ]]);
  for (const good of ["500KB/s", "500 kB / s", "2MiB/s"]) {
    assertEquals(bandwidthProblem(good), undefined, good);
    assertEquals(
      validateConfig({ bandwidth: good, tasks: [{ sleep: "1s" }] }, "inline").bandwidth! > 0,
      true,
    );
  }
});
