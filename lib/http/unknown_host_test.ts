/**
 * A host name that does not resolve fails at once with HOST_NOT_FOUND, naming the host: no retries,
 * since asking again cannot make it exist. A resolver that did not answer is retried.
 *
 * `Deno.connect` is replaced for `.invalid` names (RFC 6761: they never resolve) by one that fails
 * with the system resolver's own words, so the test asks no DNS server: CI machines may have none.
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

/** Runs `body` while `Deno.connect` to a `.invalid` host fails with `resolverText`. */
async function withResolverSaying<T>(resolverText: string, body: () => Promise<T>): Promise<T> {
  const real = Deno.connect;
  const lookups: string[] = [];
  const fake = (options: Deno.ConnectOptions) => {
    if (!options.hostname?.endsWith(".invalid")) return real(options);
    lookups.push(options.hostname);
    return Promise.reject(new Error(`failed to lookup address information: ${resolverText}`));
  };
  Object.defineProperty(Deno, "connect", { value: fake, configurable: true, writable: true });
  try {
    return await body();
  } finally {
    Object.defineProperty(Deno, "connect", { value: real, configurable: true, writable: true });
  }
}

Deno.test("a host name that does not resolve fails once with HOST_NOT_FOUND, naming the host", async (t) => {
  for (
    const [method, url] of [["GET", "http://corun-test.invalid/page"], [
      "POST",
      "https://corun-test.invalid:8443/",
    ]]
  ) {
    await t.step(`${method} ${url}`, async () => {
      const retries: RetryInfo[] = [];
      const error = await withResolverSaying(
        "Name or service not known",
        () =>
          assertRejects(() =>
            withClient(
              (client) => fetchBody(client, { url, method }, { retries: 3 }),
              { client: { onRetry: (info) => retries.push(info) } },
            ), NetError),
      );
      assertInstanceOf(error, NetError);
      const { code, message } = error as NetError;
      assertEquals(code, "HOST_NOT_FOUND", message);
      assertStringIncludes(message, "the host name corun-test.invalid does not resolve");
      assertEquals(retries, []);
    });
  }
});

Deno.test("a resolver that did not answer is a connect failure, retried", async () => {
  const retries: RetryInfo[] = [];
  const error = await withResolverSaying(
    "Temporary failure in name resolution",
    () =>
      assertRejects(() =>
        withClient(
          (client) =>
            fetchBody(client, { url: "http://corun-test.invalid/" }, {
              retries: 2,
              backoffMs: 1,
            }),
          { client: { onRetry: (info) => retries.push(info) } },
        ), NetError),
  );
  assertInstanceOf(error, NetError);
  const { code, message } = error as NetError;
  assertEquals(code, "CONNECT_FAILED", message);
  assertEquals(retries.length, 2);
});
