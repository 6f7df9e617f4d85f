import {
  assert,
  assertEquals,
  assertRejects,
  assertStringIncludes,
} from "npm:deno-std@1.4.0/assert/mod.js";
import type { CliHost } from "./cli_host.ts";
import { defaultReportPath, reportCommand } from "./report_command.ts";
import { TraceRecorder } from "./trace_recorder.ts";

/** Runs `corun report ARGS`, with what it writes to stdout and stderr. */
async function report(trace: string, output?: string) {
  const out: string[] = [];
  const err: string[] = [];
  const host = {
    stdout: { write: (text: string) => out.push(text) },
    stderr: { write: (text: string) => err.push(text) },
  } as unknown as CliHost;
  const options = output === undefined ? {} : { output };
  const code = await reportCommand.execute({ args: [trace], options }, host);
  return { code, stdout: out.join(""), stderr: err.join("") };
}

Deno.test("the page goes beside the trace unless -o says where", async () => {
  assertEquals(defaultReportPath("runs/trace.json"), "runs/trace.html");
  assertEquals(defaultReportPath("runs.d/trace"), "runs.d/trace.html");
  const dir = await Deno.makeTempDir({ prefix: "corun-report-" });
  try {
    const trace = new TraceRecorder({ source: "tasks.yaml" });
    trace.event({ type: "task-start", name: "nap", kind: "sleep", atMs: 0 });
    await Deno.writeTextFile(`${dir}/trace.json`, JSON.stringify(trace.toJSON()));
    const beside = await report(`${dir}/trace.json`);
    assertEquals([beside.code, beside.stdout], [0, `wrote ${dir}/trace.html\n`]);
    const page = await Deno.readTextFile(`${dir}/trace.html`);
    assertStringIncludes(page, "<h1>corun run tasks.yaml</h1>");
    assertStringIncludes(page, 'data-label="task nap"');
    const elsewhere = await report(`${dir}/trace.json`, `${dir}/page.html`);
    assertEquals(elsewhere.code, 0);
    assert((await Deno.stat(`${dir}/page.html`)).isFile);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("-o - writes the page to stdout, and no file named -; a trace from stdin is refused", async () => {
  const dir = await Deno.makeTempDir({ prefix: "corun-report-" });
  try {
    const trace = new TraceRecorder({ source: "tasks.yaml" });
    trace.event({ type: "task-start", name: "nap", kind: "sleep", atMs: 0 });
    await Deno.writeTextFile(`${dir}/trace.json`, JSON.stringify(trace.toJSON()));
    const piped = await report(`${dir}/trace.json`, "-");
    assertEquals([piped.code, piped.stderr], [0, ""]);
    assertStringIncludes(piped.stdout, "<h1>corun run tasks.yaml</h1>");
    assert(piped.stdout.trimStart().startsWith("<!doctype html>"), piped.stdout.slice(0, 40));
    assertEquals([...Deno.readDirSync(dir)].map((entry) => entry.name), ["trace.json"]);
    assertEquals(await Deno.lstat("-").then(() => true, () => false), false);
    const fromStdin = await report("-");
    assertEquals([fromStdin.code, fromStdin.stdout], [2, ""]);
    assertStringIncludes(fromStdin.stderr, "Cannot read the trace from standard input");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a file that is not corun's trace, or none at all, is a usage error naming it", async () => {
  const dir = await Deno.makeTempDir({ prefix: "corun-report-" });
  try {
    await Deno.writeTextFile(`${dir}/other.json`, JSON.stringify({ traceEvents: [] }));
    const other = await report(`${dir}/other.json`);
    assertEquals(other.code, 2);
    assertStringIncludes(other.stderr, `"${dir}/other.json" is not a trace written by corun`);
    const missing = await report(`${dir}/missing.json`);
    assertEquals(missing.code, 2);
    assertStringIncludes(missing.stderr, `Cannot read the trace "${dir}/missing.json"`);
    const left: string[] = [];
    for await (const entry of Deno.readDir(dir)) left.push(entry.name);
    assertEquals(left, ["other.json"]); // no page written for either
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a page that would be written over its own trace is refused, and the trace kept", async (t) => {
  const dir = await Deno.makeTempDir({ prefix: "corun-report-" });
  try {
    const trace = new TraceRecorder({ source: "tasks.yaml" });
    trace.event({ type: "task-start", name: "nap", kind: "sleep", atMs: 0 });
    const text = JSON.stringify(trace.toJSON());
    const cases: [string, string, string | undefined][] = [
      ["-o names the trace", "trace.json", "trace.json"],
      ["-o names the trace another way", "trace.json", "sub/../trace.json"],
      ["a trace named .html, without -o", "trace.html", undefined],
    ];
    await Deno.mkdir(`${dir}/sub`);
    for (const [name, file, output] of cases) {
      await t.step(name, async () => {
        await Deno.writeTextFile(`${dir}/${file}`, text);
        const target = output === undefined ? `${dir}/${file}` : `${dir}/${output}`;
        const refused = await report(`${dir}/${file}`, output && target);
        assertEquals(refused.code, 2);
        assertEquals(
          refused.stderr,
          `Cannot write the report "${target}": it is the trace itself; give -o another file\n`,
        );
        assertEquals(await Deno.readTextFile(`${dir}/${file}`), text);
      });
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a trace edited by hand is a usage error naming its first wrong field, and no page", async (t) => {
  const dir = await Deno.makeTempDir({ prefix: "corun-report-" });
  try {
    const facts = {
      corunTrace: 1,
      startedAt: "2026-11-25T10:00:00.000Z",
      fetchTidBase: 1_000_000,
      taskTidBase: 100,
    };
    const task = { name: "nap", ph: "X", pid: 1, tid: 100, ts: 0, dur: 5, cat: "task" };
    const cases: [string, unknown, string][] = [
      [
        "facts cut to the marker",
        { traceEvents: [], otherData: { corunTrace: 1 } },
        "its otherData.startedAt is not a string",
      ],
      [
        "an interrupt said as text",
        { traceEvents: [], otherData: { ...facts, interrupted: "yes" } },
        "its otherData.interrupted is not a boolean",
      ],
      [
        "a null event",
        { traceEvents: [task, null], otherData: facts },
        "traceEvents[1] is not an event object",
      ],
      [
        "a nameless event",
        { traceEvents: [{ ...task, name: 5 }], otherData: facts },
        "traceEvents[0].name is not a string",
      ],
      [
        "a time as text",
        { traceEvents: [{ ...task, ts: "0" }], otherData: facts },
        "traceEvents[0].ts is not a number",
      ],
    ];
    for (const [name, trace, why] of cases) {
      await t.step(name, async () => {
        await Deno.writeTextFile(`${dir}/trace.json`, JSON.stringify(trace));
        const refused = await report(`${dir}/trace.json`);
        assertEquals([refused.code, refused.stdout], [2, ""]);
        assertEquals(
          refused.stderr,
          `"${dir}/trace.json" is not a trace written by corun run --trace: ${why}\n`,
        );
        await assertRejects(() => Deno.stat(`${dir}/trace.html`), Deno.errors.NotFound);
      });
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
