/**
 * A run tells its frontier as each fetch's request is about to be written (`Frontier.sending`):
 * after the frontier handed the fetch out and its connection was opened, before any of the request
 * reaches the server. A task's fetch and a callback's `ctx.fetch` alike; not a redirect's request,
 * which waits for its own turn (`turnAt`). The shared queue's frontier takes a paced origin's turn
 * again there when the connect took longer than the turn lasts.
 */
import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { defineConfig, fetchTask, run } from "../mod.ts";
import type { Frontier, FrontierCounts, FrontierEntry, NewEntry } from "../lib/frontier/mod.ts";
import { type Effect, immediately, type Operation } from "../lib/loop/mod.ts";
import type { FetchItem } from "../lib/tasks/fetch_item.ts";
import { startRouteServer } from "./fixtures/route_server.ts";
import type { ScriptedServer } from "./fixtures/scripted_server.ts";

/**
 * A shared queue of its own: hands out `entries`, lends a `ctx.fetch` an entry at once, and notes
 * each `sending` with how many requests the server had read by then.
 */
class RecordingFrontier implements Frontier<FetchItem> {
  readonly sent: [id: number, requestsBefore: number][] = [];
  readonly ended: number[] = [];
  #entries: FrontierEntry<FetchItem>[];
  #nextId = 100;
  readonly #server: ScriptedServer;

  constructor(server: ScriptedServer, entries: FrontierEntry<FetchItem>[]) {
    this.#server = server;
    this.#entries = entries;
  }

  take(): Operation<FrontierEntry<FetchItem> | null> {
    return immediately(this.#entries.shift() ?? null);
  }

  acquire(entry: NewEntry<FetchItem>): Operation<FrontierEntry<FetchItem>> {
    const { origin, task, payload } = entry;
    return immediately({ id: this.#nextId++, origin, task, attempt: 0, notBeforeMs: 0, payload });
  }

  turnAt(): Operation<void> {
    return immediately(undefined);
  }

  // deno-lint-ignore require-yield
  *sending(id: number): Generator<Effect, void> {
    this.sent.push([id, this.#server.requests.length]);
  }

  done(id: number): void {
    this.ended.push(id);
  }
  failed(id: number): void {
    this.ended.push(id);
  }
  leftOut(id: number): void {
    this.ended.push(id);
  }
  put(): Operation<number> {
    throw new Error("not used");
  }
  again(): Operation<FrontierEntry<FetchItem>> {
    throw new Error("not used");
  }
  retryAfter(): void {
    throw new Error("not used");
  }
  pauseOrigin(): void {}
  close(): void {}
  counts(): FrontierCounts {
    return { queued: this.#entries.length, leased: 0 };
  }
}

Deno.test("each fetch's request is written after its frontier's sending, a ctx.fetch's too; a redirect's is not one", async () => {
  await using server = startRouteServer({
    "/a": { status: 302, headers: { location: "/b" } },
    "/b": { body: "page b" },
    "/c": { body: "page c" },
  });
  const outDir = await Deno.makeTempDir({ prefix: "corun-frontier-sending-" });
  try {
    const config = defineConfig({
      outDir,
      metadata: false,
      concurrency: 1,
      tasks: [
        fetchTask("page", server.url("/a"), {
          *onResponse(_response, ctx) {
            yield* ctx.fetch(server.url("/c"));
          },
        }),
      ],
    });
    const origin = new URL(server.url()).origin;
    const frontier = new RecordingFrontier(server, [{
      id: 1,
      origin,
      task: "page",
      attempt: 0,
      notBeforeMs: 0,
      payload: { task: 0, url: server.url("/a"), depth: 0 },
    }]);
    const report = await run(config, { sharedFrontier: frontier, state: false });
    assertEquals(report.counts.failed, 0);
    assertEquals(server.requests.map((request) => request.path), ["/a", "/b", "/c"]);
    // The fetch's request /a came after its sending (nothing had reached the server), its
    // redirect /b waited in turnAt, and the callback's /c after its own (once /a and /b had).
    assertEquals(frontier.sent, [[1, 0], [100, 2]]);
    assertEquals(frontier.ended.toSorted(), [1, 100]);
  } finally {
    await Deno.remove(outDir, { recursive: true });
  }
});
