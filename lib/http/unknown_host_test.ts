/**
 * A host name that does not resolve fails with HOST_NOT_FOUND, naming the host; a resolver that did
 * not answer is a connect failure (CONNECT_FAILED). Either way the client asks once: whether to go
 * again is the frontier's decision (`lib/frontier/retry_test.ts`, `tests/retry_test.ts`).
 *
 * `Deno.connect` is replaced for `.invalid` names by one that fails with the system resolver's own
 * words (`withResolverSaying`), so the test asks no DNS server.
 */
import {
  assertEquals,
  assertInstanceOf,
  assertRejects,
  assertStringIncludes,
} from "npm:deno-std@1.4.0/assert/mod.js";
import { fetchOnce, withResolverSaying } from "../../tests/fixtures/http_harness.ts";
import { NetError } from "../net/mod.ts";

Deno.test("a host name that does not resolve fails once with HOST_NOT_FOUND, naming the host", async (t) => {
  for (
    const [method, url] of [["GET", "http://corun-test.invalid/page"], [
      "POST",
      "https://corun-test.invalid:8443/",
    ]]
  ) {
    await t.step(`${method} ${url}`, async () => {
      const { error, lookups } = await withResolverSaying(
        "Name or service not known",
        async (lookups) => ({
          error: await assertRejects(() => fetchOnce({ url, method }), NetError),
          lookups,
        }),
      );
      assertInstanceOf(error, NetError);
      const { code, message } = error as NetError;
      assertEquals(code, "HOST_NOT_FOUND", message);
      assertStringIncludes(message, "the host name corun-test.invalid does not resolve");
      assertEquals(lookups, ["corun-test.invalid"]);
    });
  }
});

Deno.test("a resolver that did not answer is a connect failure, asked once", async () => {
  const { error, lookups } = await withResolverSaying(
    "Temporary failure in name resolution",
    async (lookups) => ({
      error: await assertRejects(() => fetchOnce("http://corun-test.invalid/"), NetError),
      lookups,
    }),
  );
  assertInstanceOf(error, NetError);
  const { code, message } = error as NetError;
  assertEquals(code, "CONNECT_FAILED", message);
  assertEquals(lookups, ["corun-test.invalid"]);
});
