/**
 * A host name that does not resolve fails at once with HOST_NOT_FOUND, naming the host: no retries,
 * since asking again cannot make it exist. `.invalid` never resolves (RFC 6761), so the test needs
 * no network: the system resolver says so without a connection being made.
 */
import {
  assertEquals,
  assertInstanceOf,
  assertRejects,
  assertStringIncludes,
} from "npm:deno-std@1.4.0/assert/mod.js";
import { fetchBody, withClient } from "../../tests/fixtures/http_harness.ts";
import { NetError } from "../net/mod.ts";
import type { RetryInfo } from "./client.ts";

Deno.test("a host name that does not resolve fails once with HOST_NOT_FOUND, naming the host", async (t) => {
  for (
    const [method, url] of [["GET", "http://corun-test.invalid/page"], [
      "POST",
      "https://corun-test.invalid:8443/",
    ]]
  ) {
    await t.step(`${method} ${url}`, async () => {
      const retries: RetryInfo[] = [];
      const error = await assertRejects(() =>
        withClient(
          (client) => fetchBody(client, { url, method }, { retries: 3 }),
          { client: { onRetry: (info) => retries.push(info) } },
        )
      );
      assertInstanceOf(error, NetError);
      assertEquals(error.code, "HOST_NOT_FOUND", error.message);
      assertStringIncludes(error.message, "the host name corun-test.invalid does not resolve");
      assertEquals(retries, []);
    });
  }
});
