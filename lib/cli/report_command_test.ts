import { assert, assertEquals, assertStringIncludes } from "npm:deno-std@1.4.0/assert/mod.js";
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
