/**
 * The idle limit measures each silence of a write that takes several system calls, not the whole
 * write. A socket over loopback takes megabytes at once, so a connection whose writes are partial
 * and slow (as a small send buffer's are, to a server that reads slowly) is scripted here.
 */
import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { type Clock, currentLoop, runOperation } from "../loop/mod.ts";
import { Connection } from "../net/mod.ts";
import { Watchdog } from "./watchdog.ts";

/**
 * A connection each of whose writes takes `pieceBytes` at most, `gapMs` after it was asked: a
 * server that keeps reading, slowly. Closing it fails the write under way.
 */
function slowlyTakingConnection(pieceBytes: number, gapMs: number) {
  let pending: { timer: ReturnType<typeof setTimeout>; fail: (error: Error) => void } | undefined;
  let taken = 0;
  const conn = {
    write(bytes: Uint8Array): Promise<number> {
      return new Promise((settle, fail) => {
        const timer = setTimeout(() => {
          pending = undefined;
          const count = Math.min(pieceBytes, bytes.byteLength);
          taken += count;
          settle(count);
        }, gapMs);
        pending = { timer, fail };
      });
    },
    close() {
      if (!pending) return;
      clearTimeout(pending.timer);
      pending.fail(new Deno.errors.BadResource("closed"));
      pending = undefined;
    },
  } as unknown as Deno.Conn;
  return { connection: new Connection(conn, "scripted:0", false), taken: () => taken };
}

/** A system clock that counts from another origin than `performance.now()`, as a host's may. */
const OFFSET_CLOCK: Clock = {
  kind: "system",
  now: () => performance.now() + 10_000_000,
  wallNow: () => Date.now(),
};

for (const [name, clock] of [["", undefined], [", on a clock of another origin", OFFSET_CLOCK]]) {
  Deno.test(`a write taken in slow pieces, each within timeouts.idleMs, is not taken for a silence${name}`, async () => {
    // Each piece comes a fifth of the limit after the last; the whole write takes twice the limit.
    const { connection, taken } = slowlyTakingConnection(1024, 200);
    const bytes = new Uint8Array(10 * 1024);
    const expired = await runOperation(
      function* () {
        const watchdog = new Watchdog(yield* currentLoop(), connection, 60_000);
        watchdog.sendRequest(1000);
        try {
          yield* connection.write(bytes);
        } finally {
          watchdog.stop();
        }
        return watchdog.expired;
      }(),
      { clock: clock as Clock | undefined },
    );
    assertEquals([expired, taken(), connection.closed], [undefined, bytes.byteLength, false]);
  });
}
