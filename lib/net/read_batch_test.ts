import { assertEquals, assertRejects } from "npm:deno-std@1.4.0/assert/mod.js";
import { runOperation } from "../loop/mod.ts";
import { Connection } from "./connection.ts";

const decoder = new TextDecoder();

/**
 * A connection whose reads hand out scripted pieces, one per read (as TLS hands out one record per
 * read when records arrive one at a time); `null` is the end of the stream, an error a failed read.
 */
function scriptedConnection(
  pieces: (string | null | Error)[],
  delayMs: (read: number) => number = () => 0,
) {
  const calls: number[] = [];
  const conn = {
    read(buffer: Uint8Array): Promise<number | null> {
      const index = calls.length;
      calls.push(buffer.byteLength);
      const piece = index < pieces.length ? pieces[index] : null;
      const answer = () => {
        if (piece instanceof Error) throw piece;
        if (piece === null) return null;
        const bytes = new TextEncoder().encode(piece);
        buffer.set(bytes);
        return bytes.byteLength;
      };
      const delay = delayMs(index);
      if (delay === 0) return new Promise((settle) => settle(answer()));
      return new Promise((settle, fail) =>
        setTimeout(() => {
          try {
            settle(answer());
          } catch (error) {
            fail(error);
          }
        }, delay)
      );
    },
    close() {},
  } as unknown as Deno.Conn;
  return { connection: new Connection(conn, "scripted:0", true), calls };
}

function readTwice(connection: Connection, batchBytes: number) {
  return runOperation(function* () {
    const buffer = new Uint8Array(64);
    const first = yield* connection.read(buffer, batchBytes);
    const firstText = first === null ? null : decoder.decode(buffer.subarray(0, first));
    const second = yield* connection.read(buffer, batchBytes);
    return [firstText, second === null ? null : decoder.decode(buffer.subarray(0, second))];
  }());
}

Deno.test("a batched read gathers pieces until it has the bytes asked for, and no further", async () => {
  const { connection, calls } = scriptedConnection(["aaaa", "bbbb", "cccc", "dddd"]);
  assertEquals(await readTwice(connection, 8), ["aaaabbbb", "ccccdddd"]);
  // Each read asked only for the room left: a read never lands past what was asked.
  assertEquals(calls, [64, 60, 64, 60]);
});

Deno.test("a plain read hands out one piece", async () => {
  const { connection } = scriptedConnection(["aaaa", "bbbb"]);
  assertEquals(await readTwice(connection, 0), ["aaaa", "bbbb"]);
});

Deno.test("a batched read that meets the end of the stream returns its bytes, then null", async () => {
  const { connection, calls } = scriptedConnection(["hello", " world", null]);
  assertEquals(await readTwice(connection, 64), ["hello world", null]);
  assertEquals(calls.length, 3); // the end was remembered, not asked for again
});

Deno.test("a batched read stops asking once the peer has made it wait past the batch window", async () => {
  // The second piece comes late: the batch ends with it instead of waiting on for a third.
  const { connection, calls } = scriptedConnection(
    ["aaaa", "bbbb", "cccc"],
    (read) => read === 1 ? 30 : 0,
  );
  assertEquals(await readTwice(connection, 12), ["aaaabbbb", "cccc"]);
  assertEquals(calls.length, 4);
});

Deno.test("a batched read ends instead of asking the socket for less than 64 KiB", async () => {
  const kib = (n: number) => "x".repeat(n * 1024);
  const { connection, calls } = scriptedConnection([kib(100), kib(100), kib(100), kib(100)]);
  const counts = await runOperation(function* () {
    const buffer = new Uint8Array(256 * 1024);
    const first = yield* connection.read(buffer, 256 * 1024);
    const second = yield* connection.read(buffer, 256 * 1024);
    return [first, second];
  }());
  // 56 KiB were left after two pieces: the batch ended there, and the next read had the whole buffer.
  assertEquals(counts, [200 * 1024, 200 * 1024]);
  assertEquals(calls, [256 * 1024, 156 * 1024, 256 * 1024, 156 * 1024]);
});

Deno.test("a batched read whose next read fails hands out the bytes it has, and the read after it fails", async () => {
  // The connection closed by a deadline, say: the bytes that came before are the body's all the same
  // (a resumed download keeps them).
  const closed = new Deno.errors.Interrupted("operation canceled");
  const { connection, calls } = scriptedConnection(["aaaa", closed, "never read"]);
  const buffer = new Uint8Array(64);
  const first = await runOperation(connection.read(buffer, 64));
  assertEquals(decoder.decode(buffer.subarray(0, first!)), "aaaa");
  const error = await assertRejects(() => runOperation(connection.read(buffer, 64)));
  assertEquals((error as Error).cause, closed);
  assertEquals(calls.length, 2); // the failure was remembered, not asked for again
});
