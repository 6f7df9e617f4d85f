import {
  assert,
  assertEquals,
  assertRejects,
  assertThrows,
} from "npm:deno-std@1.4.0/assert/mod.js";
import {
  close,
  dribble,
  type Script,
  startScriptedServer,
  write,
} from "../../tests/fixtures/scripted_server.ts";
import { type Effect, type Operation, runOperation } from "../loop/mod.ts";
import { ByteReader } from "./byte_reader.ts";
import { connect } from "./connect.ts";
import { Connection } from "./connection.ts";
import { NetError } from "./errors.ts";

const decoder = new TextDecoder();

/** A connection that counts its reads, to prove a test really saw data in pieces. */
class CountingConnection extends Connection {
  reads = 0;
  override read(buffer: Uint8Array): Operation<number | null> {
    this.reads++;
    return super.read(buffer);
  }
}

/** Plays `script` to a new connection and runs `body` with a reader over it. */
async function withReader<T>(
  script: Script,
  body: (reader: ByteReader, connection: CountingConnection) => Generator<Effect, T>,
  bufferBytes?: number,
): Promise<T> {
  await using server = startScriptedServer({ onConnection: () => script });
  return await runOperation(function* () {
    const opened = yield* connect({ hostname: "127.0.0.1", port: server.port });
    const connection = new CountingConnection(
      opened.connection.conn,
      opened.connection.address,
      false,
    );
    try {
      return yield* body(new ByteReader(connection, bufferBytes), connection);
    } finally {
      connection.close();
    }
  }());
}

function* readLines(reader: ByteReader, maxLineBytes = 1024): Generator<Effect, (string | null)[]> {
  const lines: (string | null)[] = [];
  for (;;) {
    const line = yield* reader.readLine(maxLineBytes);
    lines.push(line === null ? null : decoder.decode(line));
    if (line === null) return lines;
  }
}

const LINE_CASES: { name: string; input: string; lines: (string | null)[] }[] = [
  { name: "CRLF lines", input: "one\r\ntwo\r\n", lines: ["one", "two", null] },
  { name: "bare LF lines", input: "one\ntwo\n", lines: ["one", "two", null] },
  { name: "empty lines", input: "\r\n\n", lines: ["", "", null] },
  { name: "a CR inside a line", input: "a\rb\r\n", lines: ["a\rb", null] },
];

for (const { name, input, lines } of LINE_CASES) {
  Deno.test(`ByteReader.readLine() reads ${name}, whole and one byte at a time`, async (t) => {
    await t.step("whole", async () => {
      assertEquals(await withReader([write(input), close()], (reader) => readLines(reader)), lines);
    });
    await t.step("byte by byte", async () => {
      assertEquals(
        await withReader([dribble(input), close()], (reader) => readLines(reader)),
        lines,
      );
    });
  });
}

Deno.test("ByteReader.readLine() joins a line delivered in many reads", async () => {
  const { lines, reads } = await withReader(
    [dribble("split across reads\r\n"), close()],
    function* (reader, connection) {
      return { lines: yield* readLines(reader), reads: connection.reads };
    },
  );
  assertEquals(lines, ["split across reads", null]);
  assert(reads > 2, `expected many reads, got ${reads}`);
});

Deno.test("ByteReader.readLine() refuses a line longer than its limit", async () => {
  const error = await assertRejects(
    () => withReader([write("x".repeat(100) + "\r\n"), close()], (reader) => readLines(reader, 10)),
    NetError,
  );
  assertEquals(error.code, "LINE_TOO_LONG");
});

Deno.test("ByteReader.readLine() refuses an endless line without buffering all of it", async () => {
  const error = await assertRejects(
    () =>
      withReader(
        [write("y".repeat(64 * 1024)), close()],
        (reader) => readLines(reader, 100),
        16,
      ),
    NetError,
  );
  assertEquals(error.code, "LINE_TOO_LONG");
});

Deno.test("ByteReader.readLine() fails with EARLY_EOF when the stream ends mid-line", async () => {
  const error = await assertRejects(
    () => withReader([write("complete\r\npartial"), close()], (reader) => readLines(reader)),
    NetError,
  );
  assertEquals(error.code, "EARLY_EOF");
});

Deno.test("ByteReader grows a small buffer for a long line and compacts it after consuming", async () => {
  const long = "z".repeat(100);
  const result = await withReader([dribble(`${long}\nshort\n`), close()], function* (reader) {
    const first = decoder.decode((yield* reader.readLine(1000)) ?? new Uint8Array());
    const grownTo = reader.buffer.byteLength;
    return { first, grownTo, rest: yield* readLines(reader) };
  }, 8);
  assertEquals(result.first, long);
  assert(result.grownTo >= 100, `buffer should have grown, is ${result.grownTo}`);
  assertEquals(result.rest, ["short", null]);
});

Deno.test("ByteReader.fill() appends after buffered bytes, and consume() resets an empty buffer", async () => {
  const state = await withReader([write("abcdef"), close()], function* (reader) {
    while (reader.available < 6) yield* reader.fill();
    reader.consume(2);
    const afterPartial = [reader.start, reader.end];
    reader.consume(4);
    const afterAll = [reader.start, reader.end];
    const atEof = yield* reader.fill();
    return { afterPartial, afterAll, atEof, eof: reader.eof, again: yield* reader.fill() };
  });
  assertEquals(state, { afterPartial: [2, 6], afterAll: [0, 0], atEof: 0, eof: true, again: 0 });
});

Deno.test("ByteReader.fill() refuses to hold more than maxBufferedBytes unconsumed", async () => {
  await withReader([write("0123456789"), close()], function* (reader) {
    while (reader.available < 8 && !reader.eof) yield* reader.fill(8);
    assertEquals(reader.available, 8);
    const error = assertThrows(() => reader.fill(8).next(), RangeError);
    assert(error.message.includes("8 bytes"));
  }, 8);
});

Deno.test("ByteReader.readLine() accepts a line of exactly the limit whose CR and LF arrive apart", async () => {
  const lines = await withReader([dribble("abc\r\n"), close()], (reader) => readLines(reader, 3));
  assertEquals(lines, ["abc", null]);
});

Deno.test("ByteReader.resize() keeps the unread bytes and leaves views handed out before intact", async () => {
  const result = await withReader([write("head\r\nrest of it"), close()], function* (reader) {
    const line = yield* reader.readLine(64);
    reader.resize(4); // smaller than what is held: raised to fit it
    const heldAfterShrink = reader.buffer.byteLength;
    const unread = decoder.decode(reader.buffer.subarray(reader.start, reader.end));
    reader.resize(1024);
    const added = yield* reader.fill();
    return {
      line: decoder.decode(line!),
      heldAfterShrink,
      unread,
      size: reader.buffer.byteLength,
      all: decoder.decode(reader.buffer.subarray(reader.start, reader.end)),
      added,
    };
  }, 64);
  assertEquals(result, {
    line: "head",
    heldAfterShrink: "rest of it".length,
    unread: "rest of it",
    size: 1024,
    all: "rest of it",
    added: 0,
  });
});
