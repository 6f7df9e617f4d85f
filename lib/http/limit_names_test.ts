import { assertEquals, assertStrictEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { type LimitNamer, nameRequestOption, namesOfGiven } from "./limit_names.ts";

const CONFIG: LimitNamer = (limit, value) => `config ${limit} ${value}`;

Deno.test("nameRequestOption() names a limit by the request option that sets it", () => {
  assertEquals(nameRequestOption("idle", 30_000), "timeouts.idleMs (30000)");
  assertEquals(nameRequestOption("headerSize", 65_536), "maxHeaderBytes (65536)");
  assertEquals(nameRequestOption("redirects", 10), "maxRedirects (10)");
  assertEquals(nameRequestOption("downgrade", 0), "allowDowngrade (false)");
});

Deno.test("namesOfGiven() names what the options set as they write it, the rest as the settings under them do", () => {
  const names = namesOfGiven({ timeouts: { totalMs: 300 }, maxBodyBytes: 2048 }, CONFIG);
  assertEquals(names("total", 300), "timeouts.totalMs (300)");
  assertEquals(names("bodySize", 2048), "maxBodyBytes (2048)");
  // Timeouts given in part leave the other phases to the config.
  assertEquals(names("headers", 30_000), "config headers 30000");
  assertEquals(names("redirects", 10), "config redirects 10");
});

Deno.test("namesOfGiven() keeps the settings' names when the options set no limit", () => {
  assertStrictEquals(namesOfGiven({}, CONFIG), CONFIG);
  assertStrictEquals(namesOfGiven({ decompress: false, timeouts: {} }, CONFIG), CONFIG);
  assertStrictEquals(namesOfGiven({ timeouts: { totalMs: 1 } }), nameRequestOption);
});
