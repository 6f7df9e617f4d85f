import { assertEquals, assertThrows } from "npm:deno-std@1.4.0/assert/mod.js";
import { SaveCollisionError } from "./save_collision.ts";
import { SavedPaths } from "./saved_paths.ts";

Deno.test("SavedPaths of a run with one writing task keeps no claims, but still guards corun's own files", () => {
  const ownFiles = [{ path: "/out/corun.jsonl", role: "corun's metadata log" }];
  const solo = new SavedPaths("/out", ownFiles, { solo: true });
  assertEquals(solo.claim("a/1.html", "list"), "a/1.html");
  // A second claim by another name would have collided had the claim been kept.
  assertEquals(solo.claim("a/1.html", "other"), "a/1.html");
  assertThrows(() => solo.claim("corun.jsonl", "list"), SaveCollisionError);
  const shared = new SavedPaths("/out", ownFiles);
  shared.claim("a/1.html", "list");
  assertThrows(() => shared.claim("a/1.html", "other"), SaveCollisionError);
});
