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

Deno.test("a relative file body is the file the working directory had when the request was prepared", async () => {
  await using server = startRouteServer({
    "/hold": { body: "held" },
    "/upload": (request) => ({ body: `got ${new TextDecoder().decode(request.body)}` }),
  });
  const home = Deno.cwd();
  const here = Deno.makeTempDirSync();
  const elsewhere = Deno.makeTempDirSync();
  Deno.writeTextFileSync(`${here}/body.txt`, "right");
  Deno.writeTextFileSync(`${elsewhere}/body.txt`, "wrong");
  Deno.chdir(here);
  try {
    const uploaded = await withClient(function* (client) {
      const holder = yield* client.request({ url: server.url("/hold") });
      const upload = yield* spawn(
        fetchBody(client, {
          url: server.url("/upload"),
          method: "PUT",
          body: { kind: "file", path: "body.txt" },
        }),
      );
      yield* sleep(0); // the upload is prepared and waits for the connection
      // As a run's confined write does for a moment: it steps into a folder of its output directory.
      Deno.chdir(elsewhere);
      yield* holder.body.bytes(); // gives the connection to the upload, which opens its file now
      return (yield* join(upload)).text;
    }, { client: { perHost: 1 } });
    assertEquals(uploaded, "got right");
  } finally {
    Deno.chdir(home);
    Deno.removeSync(here, { recursive: true });
    Deno.removeSync(elsewhere, { recursive: true });
  }
});

// Made with every permission, before the test narrows them.
const linkDir = Deno.makeTempDirSync({ prefix: "corun-body-link-" });
const targetDir = Deno.makeTempDirSync({ prefix: "corun-body-target-" });
Deno.writeTextFileSync(`${targetDir}/body.txt`, "through the link");
Deno.symlinkSync(`${targetDir}/body.txt`, `${linkDir}/body.txt`);

Deno.test({
  name: "a file body that is a link is read through the link: --allow-read of its folder is enough",
  ignore: Deno.build.os === "windows",
  permissions: { read: [linkDir], write: [linkDir, targetDir], net: true, env: true },
  async fn() {
    await using server = startRouteServer({
      "/upload": (request) => ({ body: `got ${new TextDecoder().decode(request.body)}` }),
    });
    try {
      const uploaded = await withClient(function* (client) {
        const body = { kind: "file" as const, path: `${linkDir}/body.txt` };
        return (yield* fetchBody(client, { url: server.url("/upload"), method: "PUT", body })).text;
      });
      assertEquals(uploaded, "got through the link");
    } finally {
      Deno.removeSync(linkDir, { recursive: true });
      Deno.removeSync(targetDir, { recursive: true });
    }
  },
});
