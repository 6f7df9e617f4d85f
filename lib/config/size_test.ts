import { assertEquals, assertThrows } from "npm:deno-std@1.4.0/assert/mod.js";
import { parseSize, SIZE_PATTERN, sizeLimitProblem, sizeProblem } from "./size.ts";

Deno.test("parseSize() converts every accepted form to bytes", () => {
  const table: [string | number, number][] = [
    ["512KiB", 524_288],
    ["64MiB", 67_108_864],
    ["1GiB", 1_073_741_824],
    ["1GB", 1_000_000_000],
    ["10kB", 10_000],
    ["10KB", 10_000],
    ["2TiB", 2 * 2 ** 40],
    ["100B", 100],
    ["64 KiB", 65_536],
    ["1  KiB", 1024],
    ["10\tMB", 10_000_000],
    ["1.5KiB", 1536],
    ["4096", 4096],
    [0, 0],
    [65_536, 65_536],
  ];
  for (const [input, expectedBytes] of table) {
    assertEquals(parseSize(input), expectedBytes, `parseSize(${JSON.stringify(input)})`);
  }
});

const UNITS = "units B, kB (or KB), MB, GB, TB, KiB, MiB, GiB, TiB";

Deno.test("parseSize() refuses text that is not a size, saying what was expected", () => {
  for (const text of ["12 parsecs", "", "KiB", "-1KiB", "1 GiBs", "1XB", "1e3"]) {
    const error = assertThrows(() => parseSize(text), SyntaxError);
    assertEquals(
      error.message,
      `Cannot parse size: expected a size like "64KiB", "10MB" or a number of bytes (${UNITS}), got ${
        JSON.stringify(text)
      }`,
    );
  }
});

Deno.test("a size written as curl and wget write it, or in another case, gets both sizes it may mean", () => {
  const table: [string, string][] = [
    ["10M", '"10MB" in units of 1000, or "10MiB" in units of 1024'],
    ["10mb", '"10MB" in units of 1000, or "10MiB" in units of 1024'],
    ["10Mb", '"10MB" in units of 1000, or "10MiB" in units of 1024'],
    ["10kb", '"10kB" in units of 1000, or "10KiB" in units of 1024'],
    ["1 Gib", '"1GB" in units of 1000, or "1GiB" in units of 1024'],
  ];
  for (const [text, hint] of table) {
    const problem = sizeProblem(text) ?? "";
    assertEquals(problem.endsWith(`got ${JSON.stringify(text)} (write ${hint})`), true, problem);
  }
});

Deno.test("parseSize() refuses negative, fractional and non-numeric values", () => {
  assertThrows(() => parseSize(-1), RangeError, "got -1");
  assertThrows(() => parseSize(1.5), RangeError, "got 1.5");
  assertThrows(() => parseSize(Infinity), RangeError, "got Infinity");
  assertThrows(() => parseSize(null as unknown as string), TypeError, "got null");
  assertThrows(() => parseSize("99999999999TiB"), SyntaxError, "too large");
});

Deno.test("a fraction of a byte is refused as text as it is as a number; with a unit prefix a fraction is fine", () => {
  for (const text of ["1.5", "1.5B", "0.5 B"]) {
    assertThrows(
      () => parseSize(text),
      SyntaxError,
      `got ${
        JSON.stringify(text)
      }, a fraction of a byte (a number of bytes is whole; a fraction needs a unit such as "1.5MB")`,
    );
  }
  assertEquals(parseSize("1.5 kB"), 1500);
});

Deno.test("sizeProblem() agrees with SIZE_PATTERN", () => {
  const re = new RegExp(SIZE_PATTERN);
  for (
    const text of ["1GiB", "10kB", "100", "1 MB", "1 parsec", "MiB", "1.5", "1.5 B", "1.5KB", "2 B"]
  ) {
    assertEquals(sizeProblem(text) === undefined, re.test(text), text);
  }
});

Deno.test("sizeLimitProblem() refuses a size of 0 bytes, written or rounded, and nothing larger", () => {
  for (const value of [0, "0", "0B", "0KiB", "0.0001kB"]) {
    assertEquals(
      sizeLimitProblem(value, "x", "1MiB")?.startsWith("expected a size larger than 0, got"),
      true,
      String(value),
    );
  }
  for (const value of [1, "1B", "0.001kB", "64KiB"]) {
    assertEquals(sizeLimitProblem(value, "x", "1MiB"), undefined, String(value));
  }
});
