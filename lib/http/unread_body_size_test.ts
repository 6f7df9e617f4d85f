// maxBodyBytes bounds a body that is read: the Content-Length of one nobody reads (a redirect's, an
// error page's) refuses nothing.
import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { withClient } from "../../tests/fixtures/http_harness.ts";
import { startRouteServer } from "../../tests/fixtures/route_server.ts";

const LARGE_PAGE = "<p>moved or broken</p>".repeat(100); // 2,200 bytes

Deno.test("a redirect whose page is larger than maxBodyBytes is followed", async () => {
  await using server = startRouteServer({
    "/from": { status: 302, headers: { Location: "/to" }, body: LARGE_PAGE },
    "/to": { body: "arrived" },
  });
  const text = await withClient(function* (client) {
    const response = yield* client.request({ url: server.url("/from") }, { maxBodyBytes: 100 });
    return yield* response.body.text();
  });
  assertEquals(text, "arrived");
  assertEquals(server.requests.map((request) => request.path), ["/from", "/to"]);
});

Deno.test("an error status whose page is larger than maxBodyBytes is returned with its status", async () => {
  await using server = startRouteServer({
    "/busy": { status: 503, headers: { "Retry-After": "1" }, body: LARGE_PAGE },
  });
  const status = await withClient(function* (client) {
    const response = yield* client.request({ url: server.url("/busy") }, { maxBodyBytes: 100 });
    response.body.close();
    return response.status;
  });
  assertEquals(status, 503);
});
