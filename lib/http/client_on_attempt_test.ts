import { assertEquals, assertRejects } from "npm:deno-std@1.4.0/assert/mod.js";
import { fetchOnce } from "../../tests/fixtures/http_harness.ts";
import { startRouteServer } from "../../tests/fixtures/route_server.ts";

Deno.test("an onAttempt that returns a promise fails the request with a TypeError, its rejection handled", async () => {
  await using server = startRouteServer({ "/": { body: "page" } });
  const onAttempt = (() => Promise.reject(new Error("listener broke"))) as () => void;
  // Its rejection used to be unhandled, which ended the process (and this test).
  await assertRejects(
    () => fetchOnce(server.url(), { onAttempt }),
    TypeError,
    `Cannot send to ${server.url()}: the onAttempt option returned a promise (an async ` +
      "function?); it is told as each request is sent, and must not be async",
  );
  await new Promise((resolve) => setTimeout(resolve, 0));
  assertEquals(server.requests.length, 0);
});

Deno.test("an onAttempt that returns a value, as () => count++ does, is told each send", async () => {
  await using server = startRouteServer({ "/": { body: "page" } });
  let sends = 0;
  const { text } = await fetchOnce(server.url(), { onAttempt: () => sends++ });
  assertEquals([text, sends], ["page", 1]);
});
