/**
 * HTTP/1.1 pipelining (`pipeline: N`): requests go out on a connection before the earlier responses
 * are read, every response reaches the request it answers, and requests a connection leaves
 * unanswered go again on a new one. Against a raw server that reads every request it has been sent
 * before it answers, so it sees how many were in flight.
 */
import { assert, assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { closeQuietly } from "../../tests/fixtures/raw_conn.ts";
import { all, immediately, moveOnAfter, runOperation } from "../loop/mod.ts";
import { HttpClient } from "./client.ts";
import { HttpError } from "./errors.ts";
import type { RequestOptions } from "./request.ts";

interface PipelineServerOptions {
  /** Answer this many requests on a connection, the last with `Connection: close`, then close. */
  closeAfter?: number;
  /** Answer this many requests on a connection, then close it without a word. */
  dropAfter?: number;
  /** `closeAfter` and `dropAfter` of connection number n (from 1), in place of those above. */
  perConnection?: (n: number) => Pick<PipelineServerOptions, "closeAfter" | "dropAfter">;
  /** Hold the first response on each connection this long. */
  holdFirstMs?: number;
  /** Bytes sent after the first body on each connection: a body longer than its Content-Length. */
  overrun?: string;
}

interface PipelineServer extends AsyncDisposable {
  url(path: string): string;
  /** Connections accepted. */
  connections: number;
  /** Requests received, in order, with how many of that connection's were unanswered then. */
  received: { path: string; method: string; waiting: number }[];
}

const encoder = new TextEncoder();

/** The body the server sends for a path: long enough to vary, different for each path. */
function bodyOf(path: string): string {
  return `${path};`.repeat(path.length % 5 + 1);
}

function startPipelineServer(options: PipelineServerOptions = {}): PipelineServer {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const conns = new Set<Deno.Conn>();
  const handlers: Promise<void>[] = [];
  const server: PipelineServer = {
    url: (path) => `http://127.0.0.1:${listener.addr.port}${path}`,
    connections: 0,
    received: [],
    async [Symbol.asyncDispose]() {
      listener.close();
      for (const conn of conns) closeQuietly(conn);
      await Promise.all(handlers);
    },
  };
  const serve = async (conn: Deno.Conn, number: number) => {
    const buffer = new Uint8Array(64 * 1024);
    let text = "";
    let answered = 0;
    try {
      for (;;) {
        const count = await conn.read(buffer);
        if (count === null) return;
        text += new TextDecoder().decode(buffer.subarray(0, count));
        const heads: { method: string; path: string }[] = [];
        for (let end = text.indexOf("\r\n\r\n"); end >= 0; end = text.indexOf("\r\n\r\n")) {
          const [method, path] = text.slice(0, end).split(" ");
          text = text.slice(end + 4);
          heads.push({ method, path });
        }
        heads.forEach((head, index) => {
          server.received.push({ ...head, waiting: heads.length - index - 1 });
        });
        for (const head of heads) {
          if (answered === 0 && options.holdFirstMs) await delay(options.holdFirstMs);
          answered++;
          const { closeAfter, dropAfter } = options.perConnection?.(number) ?? options;
          const last = answered === closeAfter;
          if (answered > (dropAfter ?? Infinity)) return;
          const body = head.method === "HEAD" ? "" : bodyOf(head.path);
          // `/r/x` redirects to `/x`, with a short body of its own.
          const status = head.path.startsWith("/r/")
            ? `302 Found\r\nLocation: ${head.path.slice(2)}`
            : "200 OK";
          await conn.write(encoder.encode(
            `HTTP/1.1 ${status}\r\nContent-Length: ${bodyOf(head.path).length}\r\n` +
              (last ? "Connection: close\r\n" : "") + `\r\n${body}` +
              (answered === 1 ? options.overrun ?? "" : ""),
          ));
          if (last) return;
        }
      }
    } catch {
      // The client went away.
    } finally {
      conns.delete(conn);
      closeQuietly(conn);
    }
  };
  handlers.push(
    (async () => {
      for await (const conn of listener) {
        server.connections++;
        conns.add(conn);
        handlers.push(serve(conn, server.connections));
      }
    })().catch(() => {}),
  );
  return server;
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Fetches every path at once through one client, returning each body as text. */
async function fetchAll(
  server: PipelineServer,
  paths: string[],
  options: RequestOptions,
  perHost = 8,
): Promise<{ texts: string[]; attempts: number[] }> {
  const client = new HttpClient({ perHost });
  try {
    const results = await runOperation(
      all<{ text: string; attempts: number }>(paths.map((path) =>
        (function* () {
          const response = yield* client.request({ url: server.url(path) }, options);
          return { text: yield* response.body.text(), attempts: response.attempts };
        })()
      )),
    );
    return {
      texts: results.map((result) => result.text),
      attempts: results.map((result) => result.attempts),
    };
  } finally {
    client.close();
  }
}

const paths = Array.from({ length: 60 }, (_, i) => `/file-${i}`);

Deno.test("pipeline: N sends up to N requests on a connection before reading, each answered by its own response", async () => {
  await using server = startPipelineServer();
  const { texts } = await fetchAll(server, paths, { pipeline: 4 });
  assertEquals(texts, paths.map(bodyOf));
  // 8 in flight at most, 4 to a connection: two connections, not eight.
  assertEquals(server.connections, 2);
  assert(
    server.received.some((request) => request.waiting >= 1),
    "some requests arrived behind others still unanswered",
  );
});

Deno.test("without pipeline, a connection carries one request at a time", async () => {
  await using server = startPipelineServer();
  const { texts } = await fetchAll(server, paths, {});
  assertEquals(texts, paths.map(bodyOf));
  assertEquals(server.received.filter((request) => request.waiting > 0), []);
  assertEquals(server.connections, 8);
});

Deno.test("a request with a body is never pipelined", async () => {
  await using server = startPipelineServer();
  const client = new HttpClient({ perHost: 8 });
  try {
    await runOperation(all(
      paths.slice(0, 16).map((path) =>
        (function* () {
          const response = yield* client.request({
            url: server.url(path),
            method: "POST",
            body: { kind: "bytes", bytes: new Uint8Array(0) },
          }, { pipeline: 8 });
          yield* response.body.text();
        })()
      ),
    ));
  } finally {
    client.close();
  }
  assertEquals(server.received.filter((request) => request.waiting > 0), []);
});

Deno.test("requests a connection leaves unanswered go again on a new one", async (t) => {
  await t.step("the server says Connection: close after 3 responses", async () => {
    await using server = startPipelineServer({ closeAfter: 3 });
    const { texts, attempts } = await fetchAll(server, paths, { pipeline: 4 });
    assertEquals(texts, paths.map(bodyOf));
    assert(server.connections >= paths.length / 3, `${server.connections} connections`);
    assert(attempts.some((count) => count > 1), "some requests were sent twice");
  });
  await t.step("the server closes without a word after 2 responses", async () => {
    await using server = startPipelineServer({ dropAfter: 2 });
    const { texts } = await fetchAll(server, paths.slice(0, 20), { pipeline: 4 }, 4);
    assertEquals(texts, paths.slice(0, 20).map(bodyOf));
  });
});

Deno.test("an origin whose server ends each connection after k responses gets lines of k: the rest is not sent to be sent again", async () => {
  // As a proxy that answers one request a connection, or nginx past `keepalive_requests`.
  await using server = startPipelineServer({ closeAfter: 1 });
  const { texts } = await fetchAll(server, paths, { pipeline: 8 });
  assertEquals(texts, paths.map(bodyOf));
  // The first line's 7 requests behind its first go again (and a few more a loaded machine may
  // send before the first answer); after that, a line takes one. Before,
  // every line was filled to 8 and 7 of each sent twice: 112 requests for 60.
  assert(server.received.length <= paths.length + 16, `${server.received.length} requests`);
});

Deno.test("an origin whose server closes each connection unsaid after k responses gets lines of k, and no connection kept past k", async () => {
  // As tinyproxy does: an HTTP/1.1 answer without Connection: close, then the close.
  await using server = startPipelineServer({ dropAfter: 1 });
  const { texts, attempts } = await fetchAll(server, paths, { pipeline: 8 });
  assertEquals(texts, paths.map(bodyOf));
  // Before, a line of 8 on every connection, and a connection reused after its close: 113 sends.
  const sends = attempts.reduce((sum, count) => sum + count, 0);
  assert(sends <= paths.length + 16, `${sends} sends`);
});

Deno.test("without pipelining, an origin whose server closes each connection unsaid after k responses gets no connection kept past k", async () => {
  // tinyproxy again, one request at a time: each connection it answered was lent again before its
  // close was seen, so every later request went out twice (one send into the close).
  await using server = startPipelineServer({ dropAfter: 1 });
  const { texts, attempts } = await fetchAll(server, paths, {}, 2);
  assertEquals(texts, paths.map(bodyOf));
  const sends = attempts.reduce((sum, count) => sum + count, 0);
  assert(sends <= paths.length + 8, `${sends} sends`);
});

Deno.test("one connection closed unsaid after a response teaches nothing: the others are kept", async () => {
  // A connection lost once (a restart, a proxy's hiccup) is not the server's rule.
  await using server = startPipelineServer({
    perConnection: (n) => n === 1 ? { dropAfter: 1 } : {},
  });
  const { texts } = await fetchAll(server, paths, {}, 2);
  assertEquals(texts, paths.map(bodyOf));
  assert(server.connections <= 4, `${server.connections} connections`);
});

Deno.test("two closes unsaid after k responses teach nothing when a connection carried more than k between them", async () => {
  // A restart, then a blip much later: the connections between them show the server's own rule.
  await using server = startPipelineServer({
    perConnection: (n) => n === 1 || n === 3 ? { dropAfter: 1 } : n === 2 ? { closeAfter: 5 } : {},
  });
  const { texts } = await fetchAll(server, paths.slice(0, 30), {}, 1);
  assertEquals(texts, paths.slice(0, 30).map(bodyOf));
  // Learned (k = 1), every later fetch would open a connection of its own: 26 in all; a few here.
  assert(server.connections <= 8, `${server.connections} connections`);
});

Deno.test("bytes left over after a body are not the next response: the request behind it goes again", async () => {
  await using server = startPipelineServer({ overrun: "left over\r\n" });
  const { texts, attempts } = await fetchAll(server, paths, { pipeline: 4 });
  assertEquals(texts, paths.map(bodyOf));
  assert(attempts.some((count) => count > 1), "some requests were sent twice");
});

Deno.test("a request sent again after its line broke waits for writeTurn at each of its sends", async () => {
  await using server = startPipelineServer({ closeAfter: 3 });
  const client = new HttpClient({ perHost: 8 });
  try {
    const sends = await runOperation(all(paths.map((path) =>
      (function* () {
        let turns = 0;
        const progress = { count: 0, writeTurn: () => (turns++, immediately(undefined)) };
        const response = yield* client.request(
          { url: server.url(path) },
          { pipeline: 4 },
          progress,
        );
        yield* response.body.text();
        return { attempts: response.attempts, turns };
      })()
    )));
    assert(sends.some((send) => send.attempts > 1), "some requests were sent twice");
    assertEquals(sends.filter((send) => send.turns !== send.attempts), []);
  } finally {
    client.close();
  }
});

Deno.test("originPipelines sets the depth of one origin and wins over pipeline", async () => {
  await using server = startPipelineServer();
  const origin = new URL(server.url("/")).origin;
  const { texts } = await fetchAll(server, paths, {
    pipeline: 1,
    originPipelines: { [origin]: 8 },
  });
  assertEquals(texts, paths.map(bodyOf));
  assertEquals(server.connections, 1);
});

Deno.test("a request given up while waiting in line leaves the one before it unharmed; those behind go again", async () => {
  await using server = startPipelineServer({ holdFirstMs: 300 });
  const client = new HttpClient({ perHost: 4 });
  const fetchOne = function* (path: string) {
    const response = yield* client.request({ url: server.url(path) }, { pipeline: 4 });
    return { text: yield* response.body.text(), attempts: response.attempts };
  };
  try {
    const [first, given, ...behind] = await runOperation(all([
      fetchOne("/a"),
      moveOnAfter(100, fetchOne("/b")),
      fetchOne("/c"),
      fetchOne("/d"),
    ]));
    assertEquals(given, undefined);
    assertEquals(first, { text: bodyOf("/a"), attempts: 1 }, "answered on its connection");
    assertEquals(behind, [
      { text: bodyOf("/c"), attempts: 2 },
      { text: bodyOf("/d"), attempts: 2 },
    ]);
    // The four went out on one connection; the two behind the one given up, each on a new one.
    assertEquals(server.received.slice(0, 4).map((request) => request.path), [
      "/a",
      "/b",
      "/c",
      "/d",
    ]);
    assertEquals(server.connections, 3);
  } finally {
    client.close();
  }
});

Deno.test("a request whose deadline passes while it waits in line fails alone, with TIMEOUT_TOTAL", async () => {
  await using server = startPipelineServer({ holdFirstMs: 400 });
  const client = new HttpClient({ perHost: 4 });
  try {
    const started = performance.now();
    const [first, late] = await runOperation(all<{ text: string; attempts: number } | string>([
      (function* () {
        const response = yield* client.request({ url: server.url("/a") }, { pipeline: 4 });
        return { text: yield* response.body.text(), attempts: response.attempts };
      })(),
      (function* () {
        try {
          yield* client.request({ url: server.url("/b") }, {
            pipeline: 4,
            timeouts: { totalMs: 150 },
          });
          return "answered";
        } catch (error) {
          return error instanceof HttpError ? `${error.code}: ${error.message}` : String(error);
        }
      })(),
    ]));
    assertEquals(
      late,
      `TIMEOUT_TOTAL: Cannot fetch ${server.url("/b")}: the whole attempt took more than ` +
        "timeouts.totalMs (150), waiting on a pipelined connection for the responses before its own",
    );
    assertEquals(first, { text: bodyOf("/a"), attempts: 1 }, "the response before it is unharmed");
    assert(performance.now() - started >= 400);
    assertEquals(server.received.map((request) => request.path), ["/a", "/b"], "never sent again");
  } finally {
    client.close();
  }
});

Deno.test("a request joins a line only below its own depth", async () => {
  await using server = startPipelineServer({ holdFirstMs: 200 });
  const client = new HttpClient({ perHost: 8 });
  const fetchOne = function* (path: string, pipeline: number) {
    const response = yield* client.request({ url: server.url(path) }, { pipeline });
    return yield* response.body.text();
  };
  try {
    const texts = await runOperation(all([
      fetchOne("/a", 8),
      fetchOne("/b", 8),
      fetchOne("/c", 8),
      fetchOne("/d", 2), // three are in flight on the line: /d opens its own connection
    ]));
    assertEquals(texts, ["/a", "/b", "/c", "/d"].map(bodyOf));
    assertEquals(server.connections, 2);
  } finally {
    client.close();
  }
});

Deno.test("redirects in a line cost no resends: a short redirect body is skipped, not the connection", async () => {
  await using server = startPipelineServer();
  const redirecting = paths.slice(0, 32).map((path) => `/r${path}`);
  const { texts, attempts } = await fetchAll(server, redirecting, { pipeline: 8 });
  assertEquals(texts, paths.slice(0, 32).map(bodyOf));
  assertEquals(attempts.filter((count) => count !== 2), [], "one send for each of the two hops");
  assertEquals(server.received.length, 64, "each URL and its target asked once");
});
