/**
 * The live view's last lines after Ctrl-C, from a real run: the fetches that did not end done or
 * failed are all counted, in flight or queued when the run was stopped alike, so the line adds up
 * to the fetches the run put and agrees with the summary's cancelled tasks; a fetch of `resume: true`
 * says where its bytes wait for the next run.
 */
import { assert, assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { stripAnsiCode as stripColors } from "npm:deno-std@1.4.0/fmt/colors.js";
import { type LiveRun, run } from "../mod.ts";
import { formatCount, keptPartialText } from "../lib/tasks/mod.ts";
import { validateConfig } from "../lib/config/mod.ts";
import { describeOutcome } from "../lib/cli/format.ts";
import { LiveView } from "../lib/cli/live_view.ts";
import { partialPathFor } from "../lib/sinks/partial_file.ts";
import { pollUntil } from "./fixtures/poll.ts";
import { bodyOf, startRangeServer } from "./fixtures/range_server.ts";
import { stall, startScriptedServer, write } from "./fixtures/scripted_server.ts";
import { sizeOf } from "./fixtures/temp_dir.ts";

Deno.test("after Ctrl-C, a run at scale's last line counts every fetch that did not finish as cancelled", async () => {
  await using server = startScriptedServer({
    routes: {
      "/fast": [write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")],
      "/slow": [stall()],
    },
  });
  const outDir = await Deno.makeTempDir({ prefix: "corun-live-interrupt-" });
  try {
    // 10 answered at once, then 30 that never answer: 4 of them in flight, 26 queued at Ctrl-C.
    const tasks = [
      ...Array.from({ length: 10 }, (_, index) => ({ name: `fast-${index}`, path: "/fast" })),
      ...Array.from({ length: 30 }, (_, index) => ({ name: `slow-${index}`, path: "/slow" })),
    ].map(({ name, path }) => ({ name, fetch: `${server.url(path)}?${name}`, retries: 0 }));
    const config = validateConfig(
      { outDir, metadata: false, concurrency: 4, perHost: 4, tasks },
      "inline",
    );
    const screen: string[] = [];
    const view = new LiveView({ write: (text) => void screen.push(text) }, {
      columns: () => 100,
      rows: () => 10, // 40 tasks do not fit: the frame at scale
      stderr: { write: () => {} },
      every: () => ({ [Symbol.dispose]: () => {} }),
    });
    const stop = new AbortController();
    let live: LiveRun | undefined;
    const running = run(config, {
      state: false,
      signal: stop.signal,
      onStart: (started) => {
        live = started;
        view.start(started);
      },
    });
    while ((live?.progress().fetches.active ?? 0) < 4 || live!.progress().fetches.done < 10) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    stop.abort();
    const report = await running;
    view.finish(report);
    view[Symbol.dispose]();
    assertEquals(report.counts, { done: 10, failed: 0, cancelled: 30, skipped: 0 });
    // The last write: up over the frame, erase it (ending in cursor up), then the last lines.
    const last = stripColors(screen.at(-1)!.split("\x1b[A").at(-1)!) as string;
    const [fetches, summary] = last.split("\n");
    assertEquals(fetches, "fetches: 10 done, 0 failed, 30 cancelled · 20 B received");
    assertEquals(
      summary.replace(/ in \S+ /, " in … "),
      "40 tasks: 10 done, 30 cancelled in … (interrupted)",
    );
  } finally {
    await Deno.remove(outDir, { recursive: true });
  }
});

Deno.test("after Ctrl-C, the live view says where a resume: true fetch kept its bytes, as the plain lines do", async () => {
  const body = bodyOf(4 * 1024 * 1024, 3);
  await using server = startRangeServer({ body, slow: { pieceBytes: 64 * 1024, pauseMs: 20 } });
  const outDir = await Deno.makeTempDir({ prefix: "corun-live-interrupt-" });
  try {
    const config = validateConfig({
      outDir,
      metadata: false,
      defaults: { resume: true },
      tasks: [{ name: "iso", fetch: server.url(), save: "iso.bin" }],
    }, "inline");
    const screen: string[] = [];
    const view = new LiveView({ write: (text) => void screen.push(text) }, {
      columns: () => 200,
      rows: () => 10,
      stderr: { write: () => {} },
      every: () => ({ [Symbol.dispose]: () => {} }),
    });
    const stop = new AbortController();
    const running = run(config, {
      state: false,
      signal: stop.signal,
      onStart: (started) => view.start(started),
      onEvent: (event) => view.event(event),
    });
    const partial = `${outDir}/${partialPathFor("iso.bin", server.url())}`;
    await pollUntil(async () => await sizeOf(partial) > 100_000, "a partial kept");
    stop.abort();
    const report = await running;
    view.finish(report);
    view[Symbol.dispose]();
    const [iso] = report.tasks;
    if (iso.keptPartial === undefined) throw new Error("no partial was kept");
    const kept = keptPartialText(iso.keptPartial, formatCount);
    const lines = (stripColors(screen.join("")) as string).split("\n");
    // Above the final frame, in the words of the plain line (`iso cancelled 1.20s: … continue`).
    const plain = `○ iso ${describeOutcome(iso, { grouped: true })}`;
    assert(lines.some((line) => line.endsWith(plain)), lines.join("\n"));
    // And on its row of the final frame.
    assert(lines.some((line) => /^○ iso +cancelled /.test(line) && line.endsWith(kept)));
  } finally {
    await Deno.remove(outDir, { recursive: true });
  }
});
