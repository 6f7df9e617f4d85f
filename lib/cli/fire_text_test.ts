import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import type { FireInfo } from "../schedule/mod.ts";
import { describeFire, laterFiresText, whySkipped } from "./fire_text.ts";

function fireInfo(facts: Partial<FireInfo>): FireInfo {
  return {
    fireWallMs: 0,
    handledWallMs: 0,
    jitterMs: 0,
    isCatchUp: false,
    missedCount: 0,
    outcome: "started",
    runningCount: 0,
    ...facts,
  };
}

Deno.test("a fire's line counts fires and runs with their nouns: one fire, two fires", () => {
  assertEquals(describeFire(fireInfo({})), "started");
  assertEquals(
    describeFire(fireInfo({ missedCount: 1 })),
    "started (1 later fire passed while late)",
  );
  assertEquals(
    describeFire(fireInfo({ outcome: "skipped", missedCount: 3599, runningCount: 1 })),
    "skipped (3,599 later fires passed while late; 1 run still going)",
  );
  assertEquals(
    describeFire(fireInfo({ outcome: "queued", isCatchUp: true, runningCount: 2 })),
    "queued (catching up a run missed while not scheduling; 2 runs still going)",
  );
  assertEquals(laterFiresText(2), "2 later fires passed while late");
});

Deno.test("why a fire was skipped counts the earlier runs with their noun", () => {
  assertEquals(whySkipped("skip", 1), "overlap: skip, and 1 earlier run still going");
  assertEquals(whySkipped("allow", 2), "overlap: allow, and 2 earlier runs still going");
  assertEquals(
    whySkipped("queue", 1),
    "overlap: queue, and a run is already queued behind the 1 still going",
  );
});
