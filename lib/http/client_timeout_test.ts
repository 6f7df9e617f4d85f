// Stalls need real time: a virtual clock does not move while a socket read is pending. Limits are
// small and nothing asserts how long anything took.
import {
  assertEquals,
  assertMatch,
  assertRejects,
  assertStringIncludes,
} from "npm:deno-std@1.4.0/assert/mod.js";
import { fillBacklog } from "../../tests/fixtures/full_backlog.ts";
import { fetchOnce, withClient } from "../../tests/fixtures/http_harness.ts";
import { pollUntil } from "../../tests/fixtures/poll.ts";
import { encodeResponse } from "../../tests/fixtures/route_server.ts";
import { runDeno } from "../../tests/fixtures/run_deno.ts";
import {
  pause,
  readRequest,
  type Script,
  stall,
  startScriptedServer,
  type Step,
  testCaCert,
  write,
} from "../../tests/fixtures/scripted_server.ts";
import { all, sleep } from "../loop/mod.ts";
import type { RequestOptions } from "./request.ts";

async function rejectsWithCode(run: () => Promise<unknown>, code: string): Promise<Error> {
  const error = await assertRejects(run);
  assertEquals((error as { code?: string }).code, code, String(error));
  return error as Error;
}

const PHASE_CASES: { name: string; script: Script; options: RequestOptions; code: string }[] = [
  {
    name: "a server silent after the request fails with TIMEOUT_HEADERS",
    script: [stall()],
    options: { timeouts: { headersMs: 100 } },
    code: "TIMEOUT_HEADERS",
  },
  {
    name: "a server that stops in the middle of the head fails with TIMEOUT_HEADERS",
    script: [write("HTTP/1.1 200 OK\r\nContent-Len"), stall()],
    options: { timeouts: { headersMs: 100 } },
    code: "TIMEOUT_HEADERS",
  },
  {
    name: "a Content-Length body that stops fails with TIMEOUT_IDLE",
    script: [write("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc"), stall()],
    options: { timeouts: { idleMs: 100 } },
    code: "TIMEOUT_IDLE",
  },
  {
    name: "a chunked body that stops fails with TIMEOUT_IDLE",
    script: [write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n"), stall()],
    options: { timeouts: { idleMs: 100 } },
    code: "TIMEOUT_IDLE",
  },
  {
    name: "a body delimited by the close that stops fails with TIMEOUT_IDLE, not a short body",
    script: [write("HTTP/1.1 200 OK\r\n\r\nabc"), stall()],
    options: { timeouts: { idleMs: 100 } },
    code: "TIMEOUT_IDLE",
  },
  {
    name: "a body that trickles past timeouts.totalMs fails with TIMEOUT_TOTAL",
    script: [
      write("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n"),
      ...Array.from({ length: 1000 }, (): Step[] => [pause(10), write("x")]).flat(),
    ],
    options: { timeouts: { totalMs: 150, idleMs: 10_000 } },
    code: "TIMEOUT_TOTAL",
  },
];

for (const { name, script, options, code } of PHASE_CASES) {
  Deno.test(`${name}, and the connection is closed`, async () => {
    await using server = startScriptedServer({ routes: { "/": script } });
    await rejectsWithCode(() => fetchOnce(server.url(), options), code);
    await server.clientClosed(0);
  });
}

Deno.test("a body that keeps trickling within timeouts.idleMs is read to its end", async () => {
  // Longer in all than the idle limit, each silence a fifth of it: the rest of the limit is room
  // for a loaded machine that pauses this process between a byte's write and its read.
  const trickle = Array.from({ length: 8 }, (): Step[] => [pause(200), write("x")]).flat();
  await using server = startScriptedServer({
    routes: { "/": [write("HTTP/1.1 200 OK\r\nContent-Length: 8\r\n\r\n"), ...trickle] },
  });
  const { text } = await fetchOnce(server.url(), { timeouts: { idleMs: 1000 } });
  assertEquals(text, "xxxxxxxx");
});

Deno.test("a Content-Length body read whole, each of its pauses within timeouts.idleMs, is read to its end however its reads are batched", async () => {
  // Each pause is 60% of the limit: a batched read that waited for two of them as one silence
  // would pass it, and the other 40% is room for a loaded machine.
  const trickle = Array.from({ length: 3 }, (): Step[] => [pause(900), write("x")]).flat();
  await using server = startScriptedServer({
    routes: { "/": [write("HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\n"), ...trickle] },
  });
  // `fetchOnce` reads the whole body (`bytes()`), in batches.
  const { text } = await fetchOnce(server.url(), { timeouts: { idleMs: 1500 } });
  assertEquals(text, "xxx");
});

/**
 * Runs `body` with the URL of a server in another process: it sends a head and `abc` of a 6-byte
 * body, then `def` 300 ms later (or, `silent`, nothing more), and ends once the client has closed
 * the connection. It lives on while this process is stopped.
 */
async function withServerProcess(silent: boolean, body: (url: string) => Promise<void>) {
  const script = `
    const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
    console.log(listener.addr.port);
    const conn = await listener.accept();
    listener.close();
    const buffer = new Uint8Array(65536);
    await conn.read(buffer);
    const text = (s) => new TextEncoder().encode(s);
    await conn.write(text("HTTP/1.1 200 OK\\r\\nContent-Length: 6\\r\\n\\r\\nabc"));
    await new Promise((resolve) => setTimeout(resolve, 300));
    if (!${silent}) await conn.write(text("def"));
    while ((await conn.read(buffer)) !== null);
    conn.close();`;
  await runDeno(["eval", script], {
    whileRunning: async (child) => {
      await pollUntil(() => child.ended || child.stdout().includes("\n"), "the server's port");
      if (child.ended) throw new Error("the server process ended before it said its port");
      await body(`http://127.0.0.1:${child.stdout().trim()}/`);
    },
  });
}

/**
 * Reads the server's body, while another coroutine, once the body read waits, holds this process
 * for 1.5 s in one synchronous step (CPU-bound work in a callback does that): the loop fires the
 * timers that came due before the reads that came in can be taken.
 */
function readWhileStarved(url: string): Promise<string> {
  return withClient(function* (client) {
    let reading = false;
    const [text] = yield* all([
      function* () {
        const response = yield* client.request({ url }, { timeouts: { idleMs: 500 } });
        reading = true;
        return new TextDecoder().decode(yield* response.body.bytes());
      }(),
      function* () {
        while (!reading) yield* sleep(5);
        yield* sleep(50);
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1500);
      }(),
    ]);
    return text as string;
  });
}

Deno.test("bytes that came while the process was starved past timeouts.idleMs are read, not timed out", async () => {
  await withServerProcess(false, async (url) => {
    assertEquals(await readWhileStarved(url), "abcdef");
  });
});

Deno.test("a server silent through a starved stretch of the process still fails with TIMEOUT_IDLE", async () => {
  await withServerProcess(true, async (url) => {
    await rejectsWithCode(() => readWhileStarved(url), "TIMEOUT_IDLE");
  });
});

Deno.test("a server that sends interim 1xx heads and never a final one fails with TIMEOUT_HEADERS, saying so", async () => {
  const hints = Array.from(
    { length: 1000 },
    (): Step[] => [write("HTTP/1.1 103 Early Hints\r\nLink: </a.css>\r\n\r\n"), pause(1)],
  ).flat();
  await using server = startScriptedServer({ routes: { "/": [...hints, stall()] } });
  const error = await rejectsWithCode(
    () => fetchOnce(server.url(), { timeouts: { headersMs: 100 } }),
    "TIMEOUT_HEADERS",
  );
  assertMatch(
    error.message,
    /: no final response head within timeouts\.headersMs \(100\) \(the server sent \d+ interim 1xx responses instead\)$/,
  );
});

Deno.test("a GET that timed out waiting for the head fails on its one connection: the client does not send it again", async () => {
  await using server = startScriptedServer({
    onConnection: (index) => index === 0 ? [readRequest(), stall()] : undefined,
    routes: { "/": [write(encodeResponse({ body: "second time" }))] },
  });
  await rejectsWithCode(
    () => fetchOnce(server.url(), { timeouts: { headersMs: 100 } }),
    "TIMEOUT_HEADERS",
  );
  assertEquals(server.connectionCount, 1);
});

Deno.test("a TLS server that never answers the ClientHello fails with TIMEOUT_TLS", async () => {
  await using server = startScriptedServer({ onConnection: () => [stall()] });
  await rejectsWithCode(
    () =>
      fetchOnce(`https://127.0.0.1:${server.port}/`, {
        caCerts: [testCaCert()],
        timeouts: { tlsMs: 100 },
      }),
    "TIMEOUT_TLS",
  );
});

Deno.test("a connect that hangs fails with TIMEOUT_CONNECT, for POST too", async () => {
  using backlog = await fillBacklog();
  let sends = 0;
  await rejectsWithCode(
    () =>
      fetchOnce({ url: `http://127.0.0.1:${backlog.port}/`, method: "POST" }, {
        timeouts: { connectMs: 50 },
        onAttempt: () => sends++,
      }),
    "TIMEOUT_CONNECT",
  );
  assertEquals(sends, 1);
});

Deno.test("timeouts.totalMs bounds a connect that hangs, below timeouts.connectMs", async () => {
  using backlog = await fillBacklog();
  const error = await rejectsWithCode(
    () =>
      fetchOnce(`http://127.0.0.1:${backlog.port}/`, {
        timeouts: { connectMs: 5_000, totalMs: 100 },
      }),
    "TIMEOUT_CONNECT",
  );
  assertStringIncludes(error.message, "no answer before timeouts.totalMs (100) ran out");
});

Deno.test("timeouts.totalMs bounds a TLS handshake that hangs, below timeouts.tlsMs", async () => {
  await using server = startScriptedServer({ onConnection: () => [stall()] });
  const error = await rejectsWithCode(
    () =>
      fetchOnce(`https://127.0.0.1:${server.port}/`, {
        caCerts: [testCaCert()],
        timeouts: { tlsMs: 5_000, totalMs: 100 },
      }),
    "TIMEOUT_TLS",
  );
  assertStringIncludes(error.message, "no answer before timeouts.totalMs (100) ran out");
});

Deno.test("TIMEOUT_TOTAL says which limit the attempt passed", async () => {
  await using server = startScriptedServer({
    routes: { "/": [write("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc"), stall()] },
  });
  const error = await rejectsWithCode(
    () => fetchOnce(server.url(), { timeouts: { totalMs: 100, idleMs: 10_000 } }),
    "TIMEOUT_TOTAL",
  );
  assertStringIncludes(error.message, "the whole attempt took more than timeouts.totalMs (100)");
});

Deno.test("TIMEOUT_TOTAL on a body still arriving asks for a larger limit, unless no setting reaches it", async () => {
  // A byte every 100 ms: still arriving when the limit passes.
  const trickle = [
    write("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n"),
    ...Array.from({ length: 100 }, () => [write("a"), pause(100)]).flat(),
  ];
  // Three bytes, then nothing, under an idle limit longer than the whole one: a stalled server.
  const stalled = [write("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc"), stall()];
  await using server = startScriptedServer({
    routes: { "/": trickle, "/stalled": stalled, "/silent": [stall()] },
  });
  const timeouts = { totalMs: 1500, idleMs: 10_000, headersMs: 10_000 };
  const arriving = await rejectsWithCode(
    () => fetchOnce(server.url(), { timeouts }),
    "TIMEOUT_TOTAL",
  );
  assertStringIncludes(
    arriving.message,
    ": the whole attempt took more than timeouts.totalMs (1500) while the body was still " +
      "arriving: raise it for a large download",
  );
  // Bytes long ago are no download still going: raising the limit would not help.
  const idle = await rejectsWithCode(
    () => fetchOnce(server.url("/stalled"), { timeouts }),
    "TIMEOUT_TOTAL",
  );
  assertMatch(idle.message, /: the whole attempt took more than timeouts\.totalMs \(1500\)$/);
  // A server that never answered is no large download: nothing to raise for one.
  const silent = await rejectsWithCode(
    () => fetchOnce(server.url("/silent"), { timeouts }),
    "TIMEOUT_TOTAL",
  );
  assertMatch(silent.message, /: the whole attempt took more than timeouts\.totalMs \(1500\)$/);
  // Limits no setting reaches are named, never asked to be raised.
  const fixed = Object.assign((_limit: string, value: number) => `${value}ms (a fixed limit)`, {
    fixed: true,
  });
  const unraisable = await rejectsWithCode(
    () => fetchOnce(server.url(), { timeouts, nameLimit: fixed }),
    "TIMEOUT_TOTAL",
  );
  assertMatch(
    unraisable.message,
    /: the whole attempt took more than 1500ms \(a fixed limit\) while the body was still arriving$/,
  );
});

const UPLOAD_BYTES = 16 << 20; // more than the socket buffers on both sides hold

Deno.test("a large upload to a server slow to read it is not cut off by timeouts.headersMs", async () => {
  await using server = startScriptedServer({
    // Takes nothing for longer than the headers limit, then reads the request. The limit leaves the
    // server ample time to read 16 MiB and answer, even on a loaded machine.
    onConnection: () => [pause(1500)],
    routes: { "/": [write(encodeResponse({ body: "stored" }))] },
  });
  const { text } = await fetchOnce(
    {
      url: server.url(),
      method: "PUT",
      body: { kind: "bytes", bytes: new Uint8Array(UPLOAD_BYTES) },
    },
    { timeouts: { headersMs: 1000 } },
  );
  assertEquals(text, "stored");
  assertEquals(server.requests[0].body.length, UPLOAD_BYTES);
});

Deno.test("an upload the server stops taking fails with TIMEOUT_IDLE", async () => {
  await using server = startScriptedServer({ onConnection: () => [pause(60_000)] });
  const error = await rejectsWithCode(
    () =>
      fetchOnce(
        {
          url: server.url(),
          method: "PUT",
          body: { kind: "bytes", bytes: new Uint8Array(UPLOAD_BYTES) },
        },
        { timeouts: { idleMs: 100, headersMs: 2000 } },
      ),
    "TIMEOUT_IDLE",
  );
  assertEquals(
    error.message.endsWith("the server took no request bytes for timeouts.idleMs (100)"),
    true,
  );
});

Deno.test("time the consumer spends between body reads does not count as idle", async () => {
  await using server = startScriptedServer({
    routes: {
      "/": [write("HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\nabc"), pause(20), write("def")],
    },
  });
  const text = await withClient(function* (client) {
    const response = yield* client.request({ url: server.url() }, { timeouts: { idleMs: 100 } });
    let text = "";
    for (let chunk = yield* response.body.read(); chunk; chunk = yield* response.body.read()) {
      text += new TextDecoder().decode(chunk);
      yield* sleep(300); // busy with the chunk, three idle limits long
    }
    return text;
  });
  assertEquals(text, "abcdef");
});

Deno.test("a body whose consumer waits past timeouts.totalMs between reads fails its next read with TIMEOUT_TOTAL", async () => {
  // No timer is kept while nobody reads (it would keep a stuck consumer's process alive): the
  // attempt's limit is still checked by the next read.
  await using server = startScriptedServer({
    routes: {
      "/": [write("HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\nabc"), pause(20), write("def")],
    },
  });
  const error = await assertRejects(() =>
    withClient(function* (client) {
      const response = yield* client.request({ url: server.url() }, {
        timeouts: { totalMs: 150, idleMs: 100, headersMs: 100 },
      });
      yield* sleep(300);
      while (yield* response.body.read());
    })
  );
  assertEquals((error as { code?: string }).code, "TIMEOUT_TOTAL", String(error));
});
