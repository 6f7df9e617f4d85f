// The HTTP client's `maxHeaderBytes` is refused past what a config's `maxHeaderSize` takes (64 MiB,
// the largest head corun holds), in the config's words, before anything is sent: a head within a
// far larger limit would outgrow what the runtime holds in one string.
import { assertEquals, assertRejects, assertThrows } from "npm:deno-std@1.4.0/assert/mod.js";
import { ConfigError, validateConfig } from "../lib/config/mod.ts";
import { fetchOnce } from "./fixtures/http_harness.ts";
import { startRouteServer } from "./fixtures/route_server.ts";

const PAST_CEILING = 64 * 2 ** 20 + 1;

Deno.test("a request's maxHeaderBytes past 64 MiB is refused before it is sent, as a config's maxHeaderSize is", async () => {
  await using server = startRouteServer({ "/": { body: "ok" } });
  const refusal = await assertRejects(
    () => fetchOnce(server.url("/"), { maxHeaderBytes: PAST_CEILING }),
    RangeError,
  );
  const configRefusal = assertThrows(
    () =>
      validateConfig({
        defaults: { maxHeaderSize: PAST_CEILING },
        tasks: [{ name: "a", fetch: server.url("/") }],
      }, "inline"),
    ConfigError,
  ).issues[0].message;
  assertEquals(
    refusal.message,
    `Cannot send a request with maxHeaderBytes: ${configRefusal}`,
  );
  assertEquals(server.requests.length, 0);
  const fetched = await fetchOnce(server.url("/"), { maxHeaderBytes: PAST_CEILING - 1 });
  assertEquals(fetched.text, "ok");
});
