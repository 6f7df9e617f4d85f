// A file body's length is fixed when the request is prepared, and the file is read when it is sent.
// To change the file in between, a client with one connection per host holds that connection with
// a first response while the second request, already prepared, waits for it.
import { assertEquals, assertRejects } from "npm:deno-std@1.4.0/assert/mod.js";
import { fetchBody, withClient } from "../../tests/fixtures/http_harness.ts";
import { startRouteServer } from "../../tests/fixtures/route_server.ts";
import { join, sleep, spawn } from "../loop/mod.ts";

/** Sends the file at `path` (first `before`) while it becomes `after`; then a plain GET. */
function uploadWhileChanging(url: (path: string) => string, before: string, after: string) {
  const path = Deno.makeTempFileSync();
  Deno.writeTextFileSync(path, before);
  const run = withClient(function* (client) {
    const holder = yield* client.request({ url: url("/hold") });
    const upload = yield* spawn(
      fetchBody(client, { url: url("/upload"), method: "PUT", body: { kind: "file", path } }, {
        timeouts: { headersMs: 2000 },
      }),
    );
    yield* sleep(0); // the upload is prepared (its length taken) and waits for the connection
    Deno.writeTextFileSync(path, after);
    yield* holder.body.bytes(); // gives the connection to the upload
    const uploaded = yield* join(upload);
    const next = yield* fetchBody(client, url("/hold"));
    return { uploaded: uploaded.text, next: next.text, reused: next.response.reusedConnection };
  }, { client: { perHost: 1 } });
  return run.finally(() => Deno.removeSync(path));
}

Deno.test("a file that grew after its length was taken is sent only up to that length", async () => {
  await using server = startRouteServer({
    "/hold": { body: "held" },
    "/upload": (request) => ({ body: `got ${new TextDecoder().decode(request.body)}` }),
  });
  const result = await uploadWhileChanging((path) => server.url(path), "12345", "1234567890");
  assertEquals(result, { uploaded: "got 12345", next: "held", reused: true });
  // Nothing past the announced length reached the server to be read as the next request.
  assertEquals(server.requests.map((request) => request.method), ["GET", "PUT", "GET"]);
});

Deno.test("a file that shrank while being sent fails the request and closes its connection", async () => {
  await using server = startRouteServer({ "/hold": { body: "held" }, "/upload": { body: "x" } });
  await assertRejects(
    () => uploadWhileChanging((path) => server.url(path), "1234567890", "12345"),
    Error,
    "it shrank from 10 to 5 bytes while sending",
  );
  await server.clientClosed(0);
  assertEquals(server.requests.map((request) => request.method), ["GET"]);
});
