// The state of a run that ended without saving it, recovered by the next run from its metadata
// lines. A kill is set up as it leaves the disk: the run's lines in corun.jsonl, its unsaved mark
// in .corun/metadata/ (held by no process), and the state file as it was before it (here none, or
// a copy). A real SIGKILL of the command line is in state_recovery_kill_test.ts.
import { assert, assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { defineConfig, fetchTask, run } from "../mod.ts";
import { METADATA_ARCHIVE_DIR, newRunId } from "../lib/tasks/mod.ts";
import type { RecordedRequest } from "./fixtures/request_reader.ts";
import { type ResponseSpec, startRouteServer } from "./fixtures/route_server.ts";
import { withTempDir } from "./fixtures/temp_dir.ts";

const STATE = ".corun-state.json";
const MARKS = METADATA_ARCHIVE_DIR;

/** A page with an ETag and a Last-Modified; a 304 when a conditional request names either. */
function page(name: string) {
  const etag = `"${name}-1"`;
  const lastModified = "Tue, 01 Dec 2026 10:00:00 GMT";
  return (request: RecordedRequest): ResponseSpec => {
    const validators = { ETag: etag, "Last-Modified": lastModified };
    if (request.headers.get("if-none-match") === etag) return { status: 304, headers: validators };
    return { headers: validators, body: `body of ${name}` };
  };
}

const withOutDir = withTempDir("corun-recovery-test-");

function pagesConfig(
  urls: Record<string, string>,
  extra: { metadata?: false; keepRuns?: number } = {},
) {
  return defineConfig({
    ...extra,
    tasks: Object.entries(urls).map(([name, url]) =>
      fetchTask(name, url, { save: `${name}.html` })
    ),
  });
}

/** Marks run `runId` unsaved, as it was while it ran: killed, it left the mark held by none. */
async function leaveMark(outDir: string, runId: string): Promise<void> {
  await Deno.mkdir(`${outDir}/${MARKS}`, { recursive: true });
  await Deno.writeTextFile(`${outDir}/${MARKS}/${runId}.unsaved`, "");
}

/** Leaves the disk as a kill of run `runId` after its last line would: its mark, no saved state. */
async function asIfKilled(outDir: string, runId: string, stateBefore?: string): Promise<void> {
  await leaveMark(outDir, runId);
  if (stateBefore === undefined) await Deno.remove(`${outDir}/${STATE}`);
  else await Deno.writeTextFile(`${outDir}/${STATE}`, stateBefore);
}

async function marks(outDir: string): Promise<string[]> {
  const names: string[] = [];
  try {
    for await (const entry of Deno.readDir(`${outDir}/${MARKS}`)) {
      if (entry.name.endsWith(".unsaved")) names.push(entry.name);
    }
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  }
  return names;
}

function conditionalOf(request: RecordedRequest): string | null {
  return request.headers.get("if-none-match");
}

/** Each path's requests of the last run (from `since`), and whether each was conditional. */
function requestsSince(requests: readonly RecordedRequest[], since: number) {
  return requests.slice(since).map((request) => [request.path, conditionalOf(request)]).sort();
}

function recoveryWarnings(warnings: readonly string[]): string[] {
  return warnings.filter((warning) => warning.startsWith("Recovered the state of run "));
}

Deno.test("a run that ended without saving its state: the next run recovers it from its metadata and asks conditionally", async () => {
  await using server = startRouteServer({ "/a": page("a"), "/b": page("b") });
  await withOutDir(async (outDir) => {
    const config = pagesConfig({ a: server.url("/a"), b: server.url("/b") });
    const killed = newRunId();
    await run(config, { outDir, runId: killed });
    assertEquals(await marks(outDir), [], "a run that saved its state leaves no mark");
    await asIfKilled(outDir, killed);

    const before = server.requests.length;
    const report = await run(config, { outDir });
    assertEquals(requestsSince(server.requests, before), [["/a", '"a-1"'], ["/b", '"b-1"']]);
    assertEquals(report.tasks.map((task) => task.fetch?.unchanged), [true, true]);
    assertEquals(recoveryWarnings(report.warnings), [
      `Recovered the state of run ${killed} from its metadata "${outDir}/corun.jsonl" (2 ` +
      `fetches): it ended without saving it`,
    ]);
    // Saved by the run that recovered it, and the mark gone: a third run reads nothing again.
    const entries = JSON.parse(await Deno.readTextFile(`${outDir}/${STATE}`)).entries;
    assertEquals(Object.keys(entries).sort(), [server.url("/a"), server.url("/b")]);
    assertEquals(await marks(outDir), []);
    const third = await run(config, { outDir });
    assertEquals(recoveryWarnings(third.warnings), []);
    assertEquals(third.tasks.map((task) => task.fetch?.unchanged), [true, true]);
  });
});

Deno.test("a run that saved its state leaves no folder of its mark behind, nor .corun/", async () => {
  await using server = startRouteServer({ "/a": page("a") });
  await withOutDir(async (outDir) => {
    await run(pagesConfig({ a: server.url("/a") }), { outDir });
    const names = (await Array.fromAsync(Deno.readDir(outDir))).map((entry) => entry.name);
    assertEquals(names.sort(), [STATE, "a.html", "corun.jsonl"]);
  });
});

Deno.test("a recovered entry whose file was deleted or changed since is fetched in full", async () => {
  await using server = startRouteServer({ "/a": page("a"), "/b": page("b"), "/c": page("c") });
  await withOutDir(async (outDir) => {
    const config = pagesConfig({ a: server.url("/a"), b: server.url("/b"), c: server.url("/c") });
    const killed = newRunId();
    await run(config, { outDir, runId: killed });
    await asIfKilled(outDir, killed);
    await Deno.remove(`${outDir}/b.html`);
    // The same size, written later than the save: only its time tells.
    await Deno.writeTextFile(`${outDir}/c.html`, "body of C");
    const later = new Date(Date.now() + 60_000);
    await Deno.utime(`${outDir}/c.html`, later, later);

    const before = server.requests.length;
    const report = await run(config, { outDir });
    assertEquals(requestsSince(server.requests, before), [
      ["/a", '"a-1"'],
      ["/b", null],
      ["/c", null],
    ]);
    assertEquals(report.tasks.map((task) => task.fetch?.status), [304, 200, 200]);
    assertEquals(await Deno.readTextFile(`${outDir}/b.html`), "body of b");
    assertEquals(await Deno.readTextFile(`${outDir}/c.html`), "body of c");
  });
});

Deno.test("a cut last line is skipped, and the warning says so; a failed fetch's line leaves the entry as it was", async () => {
  let failing = false;
  const b = page("b");
  await using server = startRouteServer({
    "/a": page("a"),
    "/b": (request) => failing ? { status: 404 } : b(request),
    "/c": page("c"),
  });
  await withOutDir(async (outDir) => {
    const config = pagesConfig({ a: server.url("/a"), b: server.url("/b"), c: server.url("/c") });
    await run(config, { outDir });
    const stateBefore = await Deno.readTextFile(`${outDir}/${STATE}`);
    // Run "killed" changed a and c (their files anew), and failed b.
    await Deno.remove(`${outDir}/a.html`);
    await Deno.remove(`${outDir}/c.html`);
    failing = true;
    const killed = newRunId();
    await run(config, { outDir, runId: killed });
    failing = false;
    await asIfKilled(outDir, killed, stateBefore);
    // The kill cut the batch that held c's line.
    const log = `${outDir}/corun.jsonl`;
    const lines = (await Deno.readTextFile(log)).trimEnd().split("\n");
    const cut = lines.findIndex((line) => JSON.parse(line).task === "c");
    const kept = lines.filter((_, index) => index !== cut);
    await Deno.writeTextFile(log, `${kept.join("\n")}\n${lines[cut].slice(0, 120)}`);

    const before = server.requests.length;
    const report = await run(config, { outDir });
    // a as the killed run saved it; b as the state held it (its file untouched since); c in full.
    assertEquals(requestsSince(server.requests, before), [
      ["/a", '"a-1"'],
      ["/b", '"b-1"'],
      ["/c", null],
    ]);
    // Said, with the lines used: c is asked for in full because its line was skipped.
    assertEquals(recoveryWarnings(report.warnings).map((warning) => warning.match(/\(.*\)/)?.[0]), [
      "(1 fetch; 1 line cut short by the kill skipped, its fetch not recovered)",
    ]);
  });
});

Deno.test("a state saved at the run's end is not replayed: its metadata lines are not read again", async () => {
  await using server = startRouteServer({ "/a": page("a") });
  await withOutDir(async (outDir) => {
    const config = pagesConfig({ a: server.url("/a") });
    await run(config, { outDir });
    // Lines that would change the state, were they replayed.
    const log = `${outDir}/corun.jsonl`;
    await Deno.writeTextFile(log, (await Deno.readTextFile(log)).replaceAll("a-1", "forged"));
    const before = server.requests.length;
    const report = await run(config, { outDir });
    assertEquals(requestsSince(server.requests, before), [["/a", '"a-1"']]);
    assertEquals(recoveryWarnings(report.warnings), []);
  });
});

Deno.test("a killed run's 304 naming another ETag than the saved file's is not recovered: the file's own is asked again", async () => {
  await using server = startRouteServer({ "/a": page("a") });
  await withOutDir(async (outDir) => {
    const config = pagesConfig({ a: server.url("/a") });
    await run(config, { outDir });
    const stateBefore = await Deno.readTextFile(`${outDir}/${STATE}`);
    const killed = newRunId();
    const unchanged = await run(config, { outDir, runId: killed });
    assertEquals(unchanged.tasks[0].fetch?.unchanged, true);
    await asIfKilled(outDir, killed, stateBefore);
    // Its line as a corun that took any 304 as unchanged wrote it: the 304 named the next version.
    const log = `${outDir}/corun.jsonl`;
    const lines = (await Deno.readTextFile(log)).trimEnd().split("\n");
    const record = JSON.parse(lines.at(-1)!);
    assertEquals([record.runId, record.unchanged, record.headers.etag], [killed, true, '"a-1"']);
    record.headers.etag = '"a-2"';
    await Deno.writeTextFile(
      log,
      [...lines.slice(0, -1), JSON.stringify(record)].join("\n") + "\n",
    );

    const before = server.requests.length;
    const report = await run(config, { outDir });
    assertEquals(requestsSince(server.requests, before), [["/a", '"a-1"']]);
    assertEquals(recoveryWarnings(report.warnings), []);
    const entries = JSON.parse(await Deno.readTextFile(`${outDir}/${STATE}`)).entries;
    assertEquals(entries[server.url("/a")].etag, '"a-1"');
  });
});

Deno.test("metadata: false: no mark is made, and a run without saved state fetches in full as before", async () => {
  await using server = startRouteServer({ "/a": page("a") });
  await withOutDir(async (outDir) => {
    const config = pagesConfig({ a: server.url("/a") }, { metadata: false });
    const killed = newRunId();
    await run(config, { outDir, runId: killed });
    assertEquals(await marks(outDir), []);
    await asIfKilled(outDir, killed);
    // The metadata file of an earlier config: none of this config's to recover from.
    await Deno.writeTextFile(`${outDir}/corun.jsonl`, "");
    const before = server.requests.length;
    const report = await run(config, { outDir });
    assertEquals(requestsSince(server.requests, before), [["/a", null]]);
    assertEquals(recoveryWarnings(report.warnings), []);
    assertEquals(await marks(outDir), [`${killed}.unsaved`], "a run without metadata leaves it");
  });
});

Deno.test("a mark another process holds is a run still going: its lines are not replayed", async () => {
  await using server = startRouteServer({ "/a": page("a") });
  await withOutDir(async (outDir) => {
    const config = pagesConfig({ a: server.url("/a") });
    const going = newRunId();
    await run(config, { outDir, runId: going });
    await asIfKilled(outDir, going);
    using held = await Deno.open(`${outDir}/${MARKS}/${going}.unsaved`, { write: true });
    await held.lock(true);
    const before = server.requests.length;
    const report = await run(config, { outDir });
    assertEquals(requestsSince(server.requests, before), [["/a", null]]);
    assertEquals(recoveryWarnings(report.warnings), []);
    assertEquals(await marks(outDir), [`${going}.unsaved`]);
  });
});

Deno.test("the state is recovered into a --state file outside the output directory", async () => {
  await using server = startRouteServer({ "/a": page("a") });
  await withOutDir(async (dir) => {
    const state = `${dir}/elsewhere/state.json`;
    await Deno.mkdir(`${dir}/elsewhere`);
    const outDir = `${dir}/out`;
    const config = pagesConfig({ a: server.url("/a") });
    const killed = newRunId();
    await run(config, { outDir, state, runId: killed });
    await Deno.remove(state);
    await leaveMark(outDir, killed);

    const before = server.requests.length;
    const report = await run(config, { outDir, state });
    assertEquals(requestsSince(server.requests, before), [["/a", '"a-1"']]);
    assertEquals(recoveryWarnings(report.warnings).length, 1);
    assert((await Deno.readTextFile(state)).includes(server.url("/a")));
  });
});

Deno.test("a preview neither recovers a state nor takes the mark, nor moves the killed run's lines: the next real run recovers them, with keepRuns 1 too", async () => {
  await using server = startRouteServer({ "/a": page("a"), "/b": page("b") });
  await withOutDir(async (outDir) => {
    const config = pagesConfig({ a: server.url("/a"), b: server.url("/b") }, { keepRuns: 1 });
    const killed = newRunId();
    await run(config, { outDir, runId: killed });
    await asIfKilled(outDir, killed);
    // Two previews: with keepRuns 1, a preview that archived the killed run's lines would prune
    // them at once. They fetch only b, so a.html stays as the killed run saved it.
    const previewOnly = pagesConfig({ b: server.url("/b") }, { keepRuns: 1 });
    for (const _ of [1, 2]) {
      const preview = await run(previewOnly, { outDir, virtualTime: true });
      assertEquals(recoveryWarnings(preview.warnings), []);
    }
    assertEquals(await marks(outDir), [`${killed}.unsaved`]);
    const lines = (await Deno.readTextFile(`${outDir}/corun.jsonl`)).trim().split("\n");
    assertEquals(lines.length, 4, "the killed run's 2 lines, then a line of each preview");
    assert(lines.slice(0, 2).every((line) => JSON.parse(line).runId === killed));

    const before = server.requests.length;
    const report = await run(config, { outDir });
    // a as the killed run left it: asked conditionally. b, written again by the previews since,
    // is fetched in full (a recovered entry is checked as any other).
    assertEquals(requestsSince(server.requests, before), [["/a", '"a-1"'], ["/b", null]]);
    assertEquals(recoveryWarnings(report.warnings), [
      `Recovered the state of run ${killed} from its metadata "${outDir}/corun.jsonl" (2 ` +
      `fetches): it ended without saving it`,
    ]);
    assertEquals(await marks(outDir), []);
  });
});

Deno.test("a run killed after recovering another's state: the run after it recovers both, the first from the archive its lines went to", async () => {
  await using server = startRouteServer({ "/a": page("a"), "/b": page("b") });
  await withOutDir(async (outDir) => {
    const first = newRunId();
    await run(pagesConfig({ a: server.url("/a") }), { outDir, runId: first });
    await asIfKilled(outDir, first);
    const firstMark = `${outDir}/${MARKS}/${first}.unsaved`;
    const markedAt = (await Deno.stat(firstMark)).mtime!;
    // The second run recovers the first (its first line archives the first's lines), asks for a
    // conditionally, saves b, and is killed before its save: both marks stay, the first's as made.
    const config = pagesConfig({ a: server.url("/a"), b: server.url("/b") });
    const second = newRunId();
    const recovering = await run(config, { outDir, runId: second });
    assertEquals(recovering.tasks.map((task) => task.fetch?.unchanged), [true, undefined]);
    await asIfKilled(outDir, second);
    await leaveMark(outDir, first);
    await Deno.utime(firstMark, markedAt, markedAt);

    const before = server.requests.length;
    const report = await run(config, { outDir });
    assertEquals(requestsSince(server.requests, before), [["/a", '"a-1"'], ["/b", '"b-1"']]);
    assertEquals(recoveryWarnings(report.warnings).map((warning) => warning.match(/\(.*\)/)?.[0]), [
      "(1 fetch)",
      "(2 fetches)",
    ]);
    assertEquals(await marks(outDir), []);
  });
});

Deno.test("only the lines of tasks this config keeps state for are recovered", async () => {
  await using server = startRouteServer({ "/a": page("a"), "/b": page("b") });
  await withOutDir(async (outDir) => {
    const killed = newRunId();
    await run(pagesConfig({ a: server.url("/a"), b: server.url("/b") }), {
      outDir,
      runId: killed,
    });
    await asIfKilled(outDir, killed);
    // b manages its own conditional requests now: the state keeps nothing of it.
    const config = defineConfig({
      tasks: [
        fetchTask("a", server.url("/a"), { save: "a.html" }),
        fetchTask("b", server.url("/b"), { save: "b.html", headers: { "If-None-Match": '"own"' } }),
      ],
    });
    const report = await run(config, { outDir });
    assertEquals(recoveryWarnings(report.warnings).map((warning) => warning.match(/\(.*\)/)?.[0]), [
      "(1 fetch)",
    ]);
    const entries = JSON.parse(await Deno.readTextFile(`${outDir}/${STATE}`)).entries;
    assertEquals(Object.keys(entries), [server.url("/a")]);
  });
});

Deno.test("a killed run's mark is left to its own config: a run of another config in the same output directory neither recovers it nor settles it", async () => {
  await withOutDir(async (dir) => {
    const outDir = `${dir}/out`;
    const markCopies = `${dir}/marks`;
    await Deno.mkdir(markCopies);
    // The mark as the killed run left it: copied while it runs (after a's line made it), since a
    // run that ends saves its state and removes its mark.
    const copyMarks = () => {
      for (const entry of Deno.readDirSync(`${outDir}/${MARKS}`)) {
        if (!entry.name.endsWith(".unsaved")) continue;
        Deno.copyFileSync(`${outDir}/${MARKS}/${entry.name}`, `${markCopies}/${entry.name}`);
      }
    };
    const a = page("a");
    await using server = startRouteServer({
      "/a": a,
      "/b": page("b"),
      "/mark": () => (copyMarks(), { body: "mark" }),
    });
    const configOf = (tasks: Record<string, unknown>[]) =>
      JSON.stringify({ outDir: "out", tasks }, null, 2);
    const taskA = { name: "a", fetch: server.url("/a"), save: "a.html" };
    await Deno.writeTextFile(
      `${dir}/a.json`,
      configOf([taskA, { name: "mark", fetch: server.url("/mark"), after: ["a"] }]),
    );
    await Deno.writeTextFile(
      `${dir}/b.json`,
      configOf([{ name: "b", fetch: server.url("/b"), save: "b.html" }]),
    );
    const killed = newRunId();
    await run(`${dir}/a.json`, { runId: killed });
    await Deno.remove(`${outDir}/${STATE}`);
    await Deno.mkdir(`${outDir}/${MARKS}`, { recursive: true });
    await Deno.copyFile(`${markCopies}/${killed}.unsaved`, `${outDir}/${MARKS}/${killed}.unsaved`);

    // b's run recovers nothing of a's (no task of its own there) and leaves a's mark.
    const other = await run(`${dir}/b.json`);
    assertEquals(recoveryWarnings(other.warnings), []);
    assertEquals(await marks(outDir), [`${killed}.unsaved`]);
    // a's next run still recovers what the killed run saved, from the archive b's run moved it to.
    const before = server.requests.length;
    const report = await run(`${dir}/a.json`);
    assertEquals(requestsSince(server.requests, before), [["/a", '"a-1"'], ["/mark", null]]);
    assertEquals(recoveryWarnings(report.warnings).map((warning) => warning.match(/\(.*\)/)?.[0]), [
      "(1 fetch)",
    ]);
    assertEquals(await marks(outDir), []);
  });
});
