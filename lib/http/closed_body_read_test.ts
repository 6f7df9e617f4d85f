/**
 * A body that ended before all of it was read: by its `close()`, or by a read that failed. Reading
 * it again throws `BODY_CLOSED` rather than end as if whole (`bytes()` giving what was left unread
 * as nothing); a body read to its end reads as ended, closed or not.
 */
import { assertEquals, assertInstanceOf } from "npm:deno-std@1.4.0/assert/mod.js";
import { close, stall, startScriptedServer, write } from "../../tests/fixtures/scripted_server.ts";
import { runOperation } from "../loop/mod.ts";
import { HttpClient } from "./client.ts";
import { assertHttpError, caught } from "../../tests/fixtures/caught.ts";
import { HttpError } from "./errors.ts";

/** Deadlines far off: the server's script ends each body, or nothing does. */
const TIMEOUTS = { timeouts: { headersMs: 60_000, idleMs: 60_000, totalMs: 120_000 } };

const HALF_BODY = "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n12345";

function assertBodyClosed(error: unknown, message: string): void {
  assertHttpError(error, "BODY_CLOSED", message);
}

Deno.test("reading a body closed before its end throws BODY_CLOSED, saying how much was read", async () => {
  await using server = startScriptedServer({ routes: { "/": [write(HALF_BODY), stall()] } });
  const client = new HttpClient();
  try {
    const { first, bytes, text } = await runOperation(function* () {
      const response = yield* client.request({ url: server.url() }, TIMEOUTS);
      const first = new TextDecoder().decode((yield* response.body.read())!);
      response.body.close();
      return {
        first,
        bytes: yield* caught(response.body.bytes()),
        text: yield* caught(response.body.text()),
      };
    }());
    assertEquals(first, "12345");
    const message = `Cannot read the body of ${server.url()}: it was closed before its end, ` +
      "after 5 bytes";
    assertBodyClosed(bytes, message);
    assertBodyClosed(text, message);
  } finally {
    client.close();
  }
});

Deno.test("a body closed unread, though all of it had arrived, throws BODY_CLOSED when read", async () => {
  await using server = startScriptedServer({
    routes: { "/": [write("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n0123456789"), stall()] },
  });
  const client = new HttpClient();
  try {
    const error = await runOperation(function* () {
      const response = yield* client.request({ url: server.url() }, TIMEOUTS);
      response.body.close(); // its connection is kept: the rest was in the buffer
      return yield* caught(response.body.bytes());
    }());
    assertBodyClosed(
      error,
      `Cannot read the body of ${server.url()}: it was closed before its end, after 0 bytes`,
    );
  } finally {
    client.close();
  }
});

Deno.test("a body read to its end reads as ended after close(), with no error", async () => {
  await using server = startScriptedServer({
    routes: { "/": [write("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n12345"), stall()] },
  });
  const client = new HttpClient();
  try {
    const [whole, after] = await runOperation(function* () {
      const response = yield* client.request({ url: server.url() }, TIMEOUTS);
      const whole = new TextDecoder().decode((yield* response.body.read())!);
      response.body.close(); // every byte was handed out: only the end was left to see
      return [whole, yield* response.body.read()];
    }());
    assertEquals([whole, after], ["12345", null]);
  } finally {
    client.close();
  }
});

Deno.test("a chunked body read to its last chunk reads as ended after close(), with no error", async () => {
  await using server = startScriptedServer({
    routes: {
      "/": [
        write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n12345\r\n0\r\n\r\n"),
        stall(),
      ],
    },
  });
  const client = new HttpClient();
  try {
    const [whole, after] = await runOperation(function* () {
      const response = yield* client.request({ url: server.url() }, TIMEOUTS);
      const whole = new TextDecoder().decode((yield* response.body.read())!);
      response.body.close(); // its last chunk came with its data: nothing of it is left
      return [whole, yield* response.body.read()];
    }());
    assertEquals([whole, after], ["12345", null]);
  } finally {
    client.close();
  }
});

Deno.test("reading a body again after a read of it failed throws BODY_CLOSED, not its end", async () => {
  await using server = startScriptedServer({ routes: { "/": [write(HALF_BODY), close()] } });
  const client = new HttpClient();
  try {
    const [failed, again] = await runOperation(function* () {
      const response = yield* client.request({ url: server.url() }, TIMEOUTS);
      const failed = yield* caught(response.body.bytes());
      return [failed, yield* caught(response.body.bytes())];
    }());
    assertInstanceOf(failed, HttpError);
    assertEquals((failed as HttpError).code, "EARLY_EOF");
    assertBodyClosed(
      again,
      `Cannot read the body of ${server.url()}: an earlier read of it failed or was cancelled`,
    );
  } finally {
    client.close();
  }
});
