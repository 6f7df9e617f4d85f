import { assert, assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import type { AttemptEvent, TaskResult } from "../tasks/mod.ts";
import { type TraceEvent, TraceRecorder } from "./trace_recorder.ts";
import { traceFilePath } from "./trace_file.ts";

/** An attempt with its times in ms; phases default to none. */
function attempt(fields: Partial<AttemptEvent> & Pick<AttemptEvent, "fetchId">): AttemptEvent {
  return {
    type: "attempt",
    task: "pages",
    url: "http://127.0.0.1:8000/a",
    attempt: 0,
    waits: [],
    startMs: 0,
    connectMs: 0,
    tlsMs: 0,
    headMs: 0,
    bodyMs: 0,
    writeMs: 0,
    endMs: 0,
    outcome: "done",
    bytes: 0,
    ...fields,
  };
}

function result(name: string, outcome: TaskResult["outcome"], error?: TaskResult["error"]) {
  return { name, kind: "fetch", outcome, startMs: 0, endMs: 0, error } as TaskResult;
}

/** A run of two tasks: `pages` with a fetch that is retried and one beside it, `gone` failing. */
function recordedRun(): TraceEvent[] {
  const trace = new TraceRecorder({
    originMs: 1000,
    startedAt: new Date("2026-12-02T14:00:05Z"),
    source: "tasks.yaml",
    fireAt: "2026-12-02T14:00:00.000Z",
  });
  trace.event({ type: "task-start", name: "pages", kind: "fetch", atMs: 0 }, 1000);
  trace.event({ type: "task-start", name: "gone", kind: "fetch", atMs: 0 }, 1001);
  trace.attempt(attempt({
    fetchId: 1,
    waits: [{ kind: "queued", startMs: 1000, endMs: 1002 }],
    startMs: 1002,
    headAtMs: 1012,
    connectMs: 3,
    headMs: 5,
    endMs: 1013,
    outcome: "retry",
    status: 503,
    retryInMs: 20,
    error: { message: "status 503" },
  }));
  trace.attempt(attempt({
    fetchId: 2,
    url: "http://127.0.0.1:8000/b",
    startMs: 1001,
    headAtMs: 1004,
    headMs: 2,
    bodyMs: 10,
    writeMs: 4,
    endMs: 1015,
    bytes: 500,
    status: 200,
  }));
  trace.attempt(attempt({
    fetchId: 1,
    attempt: 1,
    waits: [{ kind: "backoff", startMs: 1013, endMs: 1033 }, {
      kind: "politeness",
      startMs: 1033,
      endMs: 1035,
    }],
    startMs: 1035,
    headAtMs: 1040,
    headMs: 4,
    bodyMs: 5,
    writeMs: 1,
    endMs: 1046,
    bytes: 1000,
    status: 200,
  }));
  trace.attempt(attempt({
    fetchId: 3,
    task: "gone",
    url: "http://user:secret@127.0.0.1:8000/gone",
    startMs: 1015,
    headAtMs: 1017,
    headMs: 2,
    endMs: 1018,
    outcome: "failed",
    status: 404,
    error: {
      code: "HTTP_STATUS",
      message: "Cannot fetch http://user:secret@127.0.0.1:8000/gone: the server answered 404",
    },
  }));
  trace.event({ type: "task-end", result: result("pages", "done"), atMs: 46 }, 1046);
  trace.event({
    type: "task-end",
    result: result("gone", "failed", { code: "HTTP_STATUS", message: "404" }),
    atMs: 18,
  }, 1018);
  const file = trace.toJSON(1050);
  assertEquals(file.displayTimeUnit, "ms");
  assertEquals(file.otherData.corunTrace, 1);
  assertEquals(file.otherData.fireAt, "2026-12-02T14:00:00.000Z");
  // What a viewer reads is plain JSON.
  return JSON.parse(JSON.stringify(file)).traceEvents;
}

const threadNames = (events: TraceEvent[]) =>
  new Map(
    events.filter((e) => e.ph === "M" && e.name === "thread_name").map((
      e,
    ) => [e.tid, e.args!.name]),
  );

Deno.test("the trace names its process and a track per task and per lane of fetches", () => {
  const events = recordedRun();
  const process = events.find((e) => e.ph === "M" && e.name === "process_name")!;
  assertEquals(process.args!.name, "corun run tasks.yaml (fired 2026-12-02T14:00:00.000Z)");
  const names = [...threadNames(events).values()];
  assertEquals(names, ["scheduler", "run", "task pages", "task gone", "fetches 1", "fetches 2"]);
  // Every track is named before its first event: a viewer names a track before it fills it.
  const named = new Set<number>();
  for (const event of events) {
    if (event.ph === "M") named.add(event.tid);
    else assert(named.has(event.tid), `${event.name} on track ${event.tid} before its name`);
  }
});

Deno.test("each track's slices are in time order and nest: fetch > waits and attempts > phases", () => {
  const events = recordedRun();
  const byTrack = Map.groupBy(events.filter((e) => e.ph === "X"), (e) => e.tid);
  for (const [tid, slices] of byTrack) {
    const open: TraceEvent[] = [];
    let lastTs = -1;
    for (const slice of slices) {
      assert(
        slice.ts! >= lastTs,
        `track ${tid}: ${slice.name} starts before the slice ahead of it`,
      );
      lastTs = slice.ts!;
      while (open.length > 0 && open.at(-1)!.ts! + open.at(-1)!.dur! <= slice.ts!) open.pop();
      const parent = open.at(-1);
      if (parent !== undefined) {
        assert(
          slice.ts! + slice.dur! <= parent.ts! + parent.dur!,
          `track ${tid}: ${slice.name} at ${slice.ts} overlaps the end of ${parent.name}`,
        );
      }
      open.push(slice);
    }
  }
  // Fetches take lanes as they end: /b first, then /gone on the lane /b left; /a (retried, ended
  // last) needs a second one, since /b's lane was busy when /a entered the frontier.
  const lane = events.filter((e) => e.ph === "X" && e.tid === 1_000_001).map((e) => e.name);
  assertEquals(lane, [
    "pages http://127.0.0.1:8000/a",
    "queued",
    "attempt",
    "connect",
    "head",
    "body",
    "backoff",
    "politeness",
    "retry 1",
    "head",
    "body",
    "write",
  ]);
  const first = events.filter((e) => e.ph === "X" && e.tid === 1_000_000).map((e) => e.name);
  assertEquals(first, [
    "pages http://127.0.0.1:8000/b",
    "attempt",
    "head",
    "body",
    "write",
    "gone http://***@127.0.0.1:8000/gone",
    "attempt",
    "head",
    "body",
  ]);
  const write = events.find((e) => e.name === "write" && e.tid === 1_000_000)!;
  // 4 ms of writes at the end of a body of 10 ms that started at the head (4 ms in): 10 to 14.
  assertEquals([write.ts, write.dur], [10_000, 4_000]);
});

Deno.test("a retry is its own attempt slice, after a backoff, with a mark where it was decided", () => {
  const events = recordedRun();
  const first = events.find((e) =>
    e.cat === "attempt" && e.name === "attempt" && e.tid === 1_000_001
  )!;
  assertEquals(first.args, {
    task: "pages",
    url: "http://127.0.0.1:8000/a",
    attempt: 1,
    outcome: "retry",
    received: 0,
    status: 503,
    error: { message: "status 503" },
    retryInMs: 20,
  });
  const mark = events.find((e) => e.name === "retry scheduled")!;
  assertEquals([mark.ph, mark.ts, mark.args], ["i", 13_000, { inMs: 20 }]);
  const retry = events.find((e) => e.name === "retry 1")!;
  assertEquals([retry.ts, retry.dur, retry.args!.attempt], [35_000, 11_000, 2]);
  const fetch = events.find((e) => e.cat === "fetch" && e.tid === 1_000_001)!;
  assertEquals([fetch.ts, fetch.dur, fetch.args!.tries], [0, 46_000, 2]);
});

Deno.test("the scheduler's fire is an instant at the run's start; errors are args without credentials", () => {
  const events = recordedRun();
  const fire = events.find((e) => e.name === "fire")!;
  assertEquals([fire.ph, fire.cat, fire.ts, fire.tid], ["i", "scheduler", 0, 1]);
  assertEquals(fire.args, { fireAt: "2026-12-02T14:00:00.000Z", lateMs: 5000 });
  const failed = events.find((e) => e.cat === "attempt" && e.args?.outcome === "failed")!;
  assertEquals(failed.args!.error, {
    code: "HTTP_STATUS",
    message: "Cannot fetch http://***@127.0.0.1:8000/gone: the server answered 404",
  });
  const gone = events.find((e) => e.cat === "task" && e.name === "gone")!;
  assertEquals(gone.args, {
    kind: "fetch",
    outcome: "failed",
    error: { code: "HTTP_STATUS", message: "404" },
  });
  assert(!JSON.stringify(events).includes("secret"));
});

Deno.test("a small body written after it was read: its write follows the body, inside the attempt", () => {
  const trace = new TraceRecorder({ originMs: 0 });
  trace.attempt(attempt({
    fetchId: 1,
    startMs: 0,
    headAtMs: 5,
    headMs: 5,
    bodyMs: 0.5,
    writeMs: 2,
    endMs: 8,
    bytes: 10,
  }));
  const phases = trace.toJSON(10).traceEvents.filter((e) => e.cat === "phase")
    .map((e) => [e.name, e.ts, e.dur]);
  assertEquals(phases, [["head", 0, 5_000], ["body", 5_000, 500], ["write", 5_500, 2_000]]);
});

Deno.test("a task still running when the trace is taken ends where the trace does", () => {
  const trace = new TraceRecorder({ originMs: 0 });
  trace.event({ type: "task-start", name: "slow", kind: "sleep", atMs: 0 }, 5);
  const events = trace.toJSON(30).traceEvents;
  const task = events.find((e) => e.cat === "task")!;
  assertEquals([task.ts, task.dur, task.args!.outcome], [5_000, 25_000, "unfinished"]);
  // The run's own track: the whole run, and the stretch before its first task began.
  const run = events.filter((e) => e.cat === "run").map((e) => [e.name, e.ts, e.dur]);
  assertEquals(run, [["run", 0, 30_000], ["starting", 0, 5_000]]);
});

Deno.test("a trace shows no part of a password holding an @, as written or percent-encoded", () => {
  const pieces: string[] = [];
  const trace = new TraceRecorder({ originMs: 0 }, (text) => pieces.push(text));
  // The URL parser reads user "bob", password "s3cr@t": the userinfo ends at the last `@`.
  const url = "https://bob:s3cr@t@127.0.0.1:8000/a";
  const printed = new URL(url).href; // https://bob:s3cr%40t@127.0.0.1:8000/a
  trace.event({ type: "task-start", name: "pages", kind: "fetch", atMs: 0 }, 0);
  trace.attempt(attempt({
    fetchId: 1,
    url,
    endMs: 5,
    outcome: "failed",
    error: { code: "CONNECT", message: `Cannot fetch "${url}" (${printed}): refused` },
  }));
  trace.event({ type: "warning", message: `slow: ${url}, ${printed}`, atMs: 6 }, 6);
  trace.finish(10);
  const text = pieces.join("");
  for (const secret of ["bob", "s3cr", "t@127", "%40t"]) {
    assert(!text.includes(secret), `the trace holds ${JSON.stringify(secret)}: ${text}`);
  }
  const events = (JSON.parse(text) as { traceEvents: TraceEvent[] }).traceEvents;
  const attemptSlice = events.find((e) => e.cat === "attempt")!;
  const shown = "https://***@127.0.0.1:8000/a";
  assertEquals(attemptSlice.args!.url, shown);
  assertEquals(
    (attemptSlice.args!.error as { message: string }).message,
    `Cannot fetch "${shown}" (${shown}): refused`,
  );
  assertEquals(events.find((e) => e.name === "warning")!.args!.message, `slow: ${shown}, ${shown}`);
});

Deno.test("a schedule's run writes its trace beside --trace's file, named with the run id", () => {
  assertEquals(traceFilePath("out/trace.json"), "out/trace.json");
  assertEquals(
    traceFilePath("out/trace.json", "20261202T140000000Z-1a2b3c4d"),
    "out/trace.20261202T140000000Z-1a2b3c4d.json",
  );
  assertEquals(traceFilePath("trace", "R"), "trace.R.json");
});

Deno.test("with an output, a fetch is written when it ends, and the whole text is the trace's JSON", () => {
  const pieces: string[] = [];
  const trace = new TraceRecorder(
    { originMs: 0, source: "tasks.yaml" },
    (text) => pieces.push(text),
  );
  trace.event({ type: "task-start", name: "pages", kind: "fetch", atMs: 0 }, 0);
  trace.attempt(attempt({ fetchId: 1, startMs: 0, endMs: 5, outcome: "retry", retryInMs: 1 }));
  assert(!pieces.join("").includes('"cat":"attempt"'), "a fetch that goes again waits");
  trace.attempt(attempt({ fetchId: 1, attempt: 1, startMs: 6, endMs: 9, bytes: 3 }));
  assert(pieces.join("").includes('"name":"retry 1"'), "written as its fetch ended");
  trace.attempt(attempt({ fetchId: 2, startMs: 7, endMs: 8, outcome: "retry", retryInMs: 50 }));
  trace.finish(10);
  trace.finish(11); // once
  const file = JSON.parse(pieces.join(""));
  assertEquals(file.displayTimeUnit, "ms");
  assertEquals(file.otherData.corunTrace, 1);
  const slices = (file.traceEvents as TraceEvent[]).filter((e) => e.ph === "X");
  assertEquals(slices.map((e) => [e.name, e.tid]), [
    ["pages http://127.0.0.1:8000/a", 1_000_000],
    ["attempt", 1_000_000],
    ["retry 1", 1_000_000],
    // The run ended while /2 waited to go again: it is written as it stood.
    ["pages http://127.0.0.1:8000/a", 1_000_001],
    ["attempt", 1_000_001],
    ["pages", 100],
    ["run", 2],
  ]);
  assertEquals(slices.find((e) => e.name === "pages")!.args!.outcome, "unfinished");
});

Deno.test("a trace names a config URL without what may carry a credential: userinfo, query, fragment", () => {
  const pieces: string[] = [];
  const trace = new TraceRecorder(
    { originMs: 0, source: "https://me:pw@configs.example/c.yaml?token=SECRET#x" },
    (text) => pieces.push(text),
  );
  trace.finish(1);
  const text = pieces.join("");
  assertEquals(JSON.parse(text).otherData.source, "https://configs.example/c.yaml");
  assert(!text.includes("SECRET") && !text.includes("pw@"), text);
});

Deno.test("an interrupted run's trace ends a fetch waiting to go again cancelled, at the run's end", () => {
  const waitingFetch = (interrupted: boolean) => {
    const trace = new TraceRecorder({ originMs: 0 });
    trace.attempt(attempt({ fetchId: 1, startMs: 0, endMs: 5, outcome: "retry", retryInMs: 5000 }));
    trace.finish(30, { interrupted });
    const events = trace.toJSON().traceEvents;
    const fetch = events.find((e) => e.cat === "fetch")!;
    const attempts = events.filter((e) => e.cat === "attempt" && e.ph === "X");
    return [fetch.args!.outcome, fetch.dur, attempts.map((e) => e.args!.outcome)];
  };
  // Its one attempt went for a retry, and stays so: the fetch was cancelled as it waited.
  assertEquals(waitingFetch(true), ["cancelled", 30_000, ["retry"]]);
  // A worker of a shared queue hands such a fetch on: it is written as it stood.
  assertEquals(waitingFetch(false), ["retry", 5_000, ["retry"]]);
});

Deno.test("a fetch's slice counts the bytes all its attempts received: a body continued with Range whole", () => {
  const trace = new TraceRecorder({ originMs: 0 });
  trace.attempt(attempt({ fetchId: 1, endMs: 5, outcome: "retry", retryInMs: 1, bytes: 300 }));
  trace.attempt(attempt({ fetchId: 1, attempt: 1, startMs: 6, endMs: 9, bytes: 200 }));
  const events = trace.toJSON(10).traceEvents;
  const fetch = events.find((e) => e.cat === "fetch")!;
  assertEquals(fetch.args!.received, 500);
  assertEquals(
    events.filter((e) => e.cat === "attempt" && e.ph === "X").map((e) => e.args!.received),
    [300, 200],
  );
  // Not `bytes`: the metadata line and --json give that name to the body's whole size.
  assertEquals(events.filter((e) => e.args?.bytes !== undefined), []);
});

Deno.test("a coded body's slices name its bytes on the wire apart from those received decoded", () => {
  const trace = new TraceRecorder({ originMs: 0 });
  trace.attempt(attempt({ fetchId: 1, endMs: 5, bytes: 900 }));
  const plain = trace.toJSON(6).traceEvents.find((e) => e.cat === "fetch")!;
  assertEquals(plain.args!.wireBytes, undefined); // nothing was decoded: one count says it all
  const coded = new TraceRecorder({ originMs: 0 });
  coded.attempt(attempt({ fetchId: 1, endMs: 5, outcome: "retry", bytes: 900, wireBytes: 300 }));
  coded.attempt(
    attempt({ fetchId: 1, attempt: 1, startMs: 6, endMs: 9, bytes: 3000, wireBytes: 1000 }),
  );
  const codedEvents = coded.toJSON(10).traceEvents;
  const fetch = codedEvents.find((e) => e.cat === "fetch")!;
  assertEquals([fetch.args!.received, fetch.args!.wireBytes], [3900, 1300]);
  assertEquals(
    codedEvents.filter((e) => e.cat === "attempt" && e.ph === "X")
      .map((e) => [e.args!.received, e.args!.wireBytes]),
    [[900, 300], [3000, 1000]],
  );
});
