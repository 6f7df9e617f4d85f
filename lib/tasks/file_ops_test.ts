import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { createVirtualClock, halt, runOperation, sleep, spawn } from "../loop/mod.ts";
import type { ConfinedDir } from "../sinks/mod.ts";
import { appendToFile } from "./file_ops.ts";

/** An output directory whose one file's write the test finishes when it wants; `events` says what happened. */
function slowDir() {
  const events: string[] = [];
  const write = Promise.withResolvers<number>();
  const file = {
    write(bytes: Uint8Array): Promise<number> {
      events.push(`write ${bytes.byteLength} bytes`);
      return write.promise.then((written) => {
        events.push("written");
        return written;
      });
    },
    close(): void {
      events.push("closed");
    },
  };
  const within = { openFileSync: () => file } as unknown as ConfinedDir;
  return { events, within, finishWrite: write.resolve };
}

Deno.test("a cancelled append waits for its write in flight before the file closes and the task ends", async () => {
  const { events, within, finishWrite } = slowDir();
  const done = runOperation(
    function* () {
      const appender = yield* spawn(appendToFile("log.txt", "line\n", within));
      yield* sleep(0); // the append has started
      yield* halt(appender);
      events.push(`task ${appender.state}`);
    }(),
    { clock: createVirtualClock({ startWallMs: 0 }) },
  );
  // Let the loop run until everything waits on the write (real time would not matter).
  for (let i = 0; i < 3; i++) await new Promise((resolve) => setTimeout(resolve, 0));
  events.push("the write completes");
  finishWrite(5);
  await done;
  assertEquals(events, [
    "write 5 bytes",
    "the write completes",
    "written",
    "closed",
    "task cancelled",
  ]);
});
