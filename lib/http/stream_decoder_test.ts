import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { Transform } from "node:stream";
import { type BodyDecoder, type ZlibStream, ZlibStreamDecoder } from "./stream_decoder.ts";

/**
 * A stand-in engine for a format whose data ends at a marker (`.`), as brotli's does: it leaves
 * input after the marker unread, and holds its last decoded byte back until the stream is ended
 * (an engine may keep output until its final flush).
 */
class HoldingEngine extends Transform {
  bytesWritten = 0;
  #done = false;
  #held: number | undefined;

  override _transform(chunk: Uint8Array, _encoding: string, callback: () => void): void {
    const out: number[] = [];
    for (const byte of chunk) {
      if (this.#done) break; // after the end of the data: left unread
      this.bytesWritten++;
      if (byte === 0x2e) {
        this.#done = true;
        continue;
      }
      if (this.#held !== undefined) out.push(this.#held);
      this.#held = byte;
    }
    if (out.length > 0) this.push(new Uint8Array(out));
    callback();
  }

  override _flush(callback: () => void): void {
    if (this.#held !== undefined) this.push(new Uint8Array([this.#held]));
    callback();
  }
}

async function drain(decoder: BodyDecoder): Promise<string> {
  let text = "";
  for (let piece = await decoder.next(); piece; piece = await decoder.next()) {
    text += new TextDecoder().decode(piece);
  }
  return text;
}

Deno.test("a probed stream hands out what its engine's final flush produces once the end is seen", async () => {
  const decoder = new ZlibStreamDecoder(
    () => new HoldingEngine() as unknown as ZlibStream,
    "test",
    { probeEnd: true },
  );
  decoder.write(new TextEncoder().encode("whole."));
  let text = await drain(decoder);
  decoder.end(); // probes with one byte past the data: left unread, so the stream is whole
  text += await drain(decoder);
  assertEquals(text, "whole");
});
