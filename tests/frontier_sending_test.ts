/**
 * A run tells its frontier as each fetch's request is about to be written (`Frontier.sending`):
 * after the frontier handed the fetch out and its connection was opened, before any of the request
 * reaches the server. A task's fetch and a callback's `ctx.fetch` alike, and a redirect's request
 * too, whose turn (`turnAt`) is its fetch's entry's. The shared queue's frontier takes a paced
 * origin's turn again there when the connect took longer than the turn lasts.
 */
import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { defineConfig, fetchTask, run } from "../mod.ts";
import { runWithHooks } from "../lib/config/mod.ts";
import type { Frontier, FrontierCounts, FrontierEntry, NewEntry } from "../lib/frontier/mod.ts";
import { type Effect, immediately, type Operation } from "../lib/loop/mod.ts";
import type { FetchItem } from "../lib/tasks/fetch_item.ts";
import { startRouteServer } from "./fixtures/route_server.ts";
import {
  close,
  type ScriptedServer,
  startScriptedServer,
  write,
} from "./fixtures/scripted_server.ts";

/**
 * A shared queue of its own: hands out `entries`, lends a `ctx.fetch` an entry at once, notes each
 * `sending` with how many requests the server had read by then, and each `turnAt`'s holder (also
 * with that count).
 */
class RecordingFrontier implements Frontier<FetchItem> {
  readonly sent: [id: number, requestsBefore: number][] = [];
  readonly turnHolders: (number | undefined)[] = [];
  readonly turns: [holder: number | undefined, requestsBefore: number][] = [];
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

  turnAt(_origin: string, _task: string, holder?: number): Operation<void> {
    this.turnHolders.push(holder);
    this.turns.push([holder, this.#server.requests.length]);
    return immediately(undefined);
  }

  // deno-lint-ignore require-yield
  *sending(id: number): Generator<Effect, void> {
    this.sent.push([id, this.#server.requests.length]);
  }

  turnUnused(): void {}
  done(id: number): void {
    this.ended.push(id);
  }
  failed(id: number): void {
    this.ended.push(id);
  }
  givesBack(): boolean {
    return false;
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
  retryWaitMs(): number {
    throw new Error("not used");
  }
  pauseOrigin(): void {}
  close(): void {}
  counts(): FrontierCounts {
    return { queued: this.#entries.length, leased: 0 };
  }
}

Deno.test("each request of a fetch is written after its frontier's sending, a ctx.fetch's and a redirect's too", async () => {
  await using server = startRouteServer({
    "/a": { status: 302, headers: { location: "/b" } },
    "/b": { body: "page b" },
    "/c": { status: 302, headers: { location: "/d" } },
    "/d": { body: "page d" },
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
    const report = await runWithHooks(config, { sharedFrontier: frontier, state: false });
    assertEquals(report.counts.failed, 0);
    assertEquals(server.requests.map((request) => request.path), ["/a", "/b", "/c", "/d"]);
    // The fetch's request /a came after its sending (nothing had reached the server), its
    // redirect /b after a turn of the fetch's entry and a sending of its own, and the callback's
    // /c and its redirect /d alike (once /a and /b had).
    assertEquals(frontier.sent, [[1, 0], [1, 1], [100, 2], [100, 3]]);
    assertEquals(frontier.turnHolders, [1, 100]);
    assertEquals(frontier.ended.toSorted(), [1, 100]);
  } finally {
    await Deno.remove(outDir, { recursive: true });
  }
});

Deno.test("a fetch's second request after a 416 to its resume waits for a turn of its entry, as a redirect's does", async () => {
  // The kept 300,000 bytes are not the file (a 416 gives it 200 bytes now): the whole is asked for
  // again, a request after a response, which its origin's gap must space from the 416's request.
  const answers = [
    [
      write('HTTP/1.1 200 OK\r\nETag: "v1"\r\nContent-Length: 1000000\r\n\r\n'),
      write("x".repeat(300_000)),
      close(),
    ],
    [write(
      "HTTP/1.1 416 Range Not Satisfiable\r\nContent-Range: bytes */200\r\nContent-Length: 0\r\n\r\n",
    )],
    [write('HTTP/1.1 200 OK\r\nETag: "v2"\r\nContent-Length: 200\r\n\r\n' + "y".repeat(200))],
  ];
  await using server = startScriptedServer({ respond: () => answers.shift()! });
  const outDir = await Deno.makeTempDir({ prefix: "corun-frontier-sending-" });
  try {
    const config = defineConfig({
      outDir,
      metadata: false,
      tasks: [fetchTask("file", server.url("/f"), { save: "f.bin", resume: true, retries: 0 })],
    });
    // The first run breaks off, keeping its 300,000 bytes for the next.
    assertEquals((await run(config, { state: false })).counts.failed, 1);
    const frontier = new RecordingFrontier(server, [{
      id: 1,
      origin: new URL(server.url()).origin,
      task: "file",
      attempt: 0,
      notBeforeMs: 0,
      payload: { task: 0, url: server.url("/f"), depth: 0 },
    }]);
    const report = await runWithHooks(config, { sharedFrontier: frontier, state: false });
    assertEquals(report.counts.failed, 0, report.tasks[0].error?.message);
    assertEquals(server.requests.map((request) => request.headers.get("range")), [
      null,
      "bytes=300000-",
      null,
    ]);
    // The whole is asked for in a turn of the entry taken once the 416 came, then written on it.
    assertEquals(frontier.turns, [[1, 2]]);
    assertEquals(frontier.sent, [[1, 1], [1, 2]]);
    assertEquals(await Deno.readTextFile(`${outDir}/f.bin`), "y".repeat(200));
  } finally {
    await Deno.remove(outDir, { recursive: true });
  }
});
