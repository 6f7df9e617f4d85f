import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import {
  createSemaphore,
  createVirtualClock,
  moveOnAfter,
  runOperation,
  sleep,
} from "../loop/mod.ts";
import { NetworkPermit } from "./network_permit.ts";

Deno.test("NetworkPermit.releasedDuring() frees the permit while the operation runs and takes it back after", async () => {
  const limit = createSemaphore(1);
  const permit = new NetworkPermit(limit);
  const seen = await runOperation(
    function* () {
      yield* permit.acquire();
      const during = yield* permit.releasedDuring(function* () {
        yield* sleep(10);
        return [limit.available, permit.held];
      }());
      return [...during, limit.available, permit.held];
    }(),
    { clock: createVirtualClock() },
  );
  assertEquals(seen, [1, false, 0, true]);
  permit.release();
  permit.release(); // a second release gives nothing back twice
  assertEquals(limit.available, 1);
});

Deno.test("NetworkPermit cancelled while released takes no permit again and its release() does nothing", async () => {
  const limit = createSemaphore(1);
  const permit = new NetworkPermit(limit);
  await runOperation(
    function* () {
      yield* permit.acquire();
      try {
        yield* moveOnAfter(5, permit.releasedDuring(sleep(10)));
      } finally {
        permit.release();
      }
    }(),
    { clock: createVirtualClock() },
  );
  assertEquals([limit.available, permit.held], [1, false]);
});
