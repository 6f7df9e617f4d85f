/**
 * `tasks/downloads.yaml`, the README's example of what downloads reach for, loads and plans, and its
 * DVD image gets past the limits a large download meets by default (a 1GiB body, a 5m attempt).
 */
import { assert, assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { loadConfig } from "../lib/config/mod.ts";
import type { FetchTaskSpec } from "../lib/tasks/mod.ts";
import { mainCapturing } from "./fixtures/fake_host.ts";

const EXAMPLE = decodeURIComponent(new URL("../tasks/downloads.yaml", import.meta.url).pathname);
const GIB = 1024 ** 3;

Deno.test("the downloads example's DVD image raises maxBodySize and timeout.total past the defaults, and the example plans", async () => {
  const spec = await loadConfig(EXAMPLE);
  const iso = spec.tasks.find((task) => task.name === "iso") as FetchTaskSpec;
  const login = spec.tasks.find((task) => task.name === "login") as FetchTaskSpec;
  assertEquals(iso.options.maxBodyBytes, 8 * GIB);
  assertEquals(iso.options.timeouts.totalMs, 3 * 3_600_000);
  // Only its total: the other phases keep theirs, so a stalled server is still caught.
  assertEquals(iso.options.timeouts.idleMs, login.options.timeouts.idleMs);
  assert(login.options.maxBodyBytes < iso.options.maxBodyBytes);
  const { code, stdout, stderr } = await mainCapturing(["plan", EXAMPLE]);
  assertEquals(code, 0, stderr);
  assert(/^ {2}iso +fetch .*isos\/debian-13\.iso/m.test(stdout), stdout);
});
