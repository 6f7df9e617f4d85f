/**
 * `corun report TRACE [-o FILE]`: reads a trace `corun run --trace` wrote and writes its report page,
 * next to the trace by default (`trace.json` → `trace.html`), atomically.
 * @module
 */
import { AtomicFile } from "../sinks/mod.ts";
import { type CommandSpec, textOf } from "./command.ts";
import { EXIT_CODES } from "./exit_codes.ts";
import { fileKeyOf } from "./flag_files.ts";
import { NotATraceError, readTrace } from "./report_data.ts";
import { renderReport } from "./report_html.ts";
import { messageOf } from "../loop/mod.ts";
import { isStdStream } from "./std_stream.ts";

/** The `report` command: reads a trace, writes one HTML page; nothing else is touched. */
export const reportCommand: CommandSpec = {
  name: "report",
  summary:
    "write the HTML report of a trace (corun run --trace): timeline, slowest fetches, errors",
  arguments: [{
    name: "trace",
    description: "a trace written by corun run --trace FILE",
    isPath: true,
    fileExtensions: [".json"],
  }],
  options: [{
    flags: "-o, --output <file>",
    description: "write the page to FILE (default: beside the trace, trace.json → trace.html); " +
      "- writes it to stdout",
    isPath: true,
    takesStdStream: true,
  }],
  async execute(invocation, host) {
    if (isStdStream(invocation.args[0])) {
      // The page is drawn from the whole trace, and goes beside it by default: it needs a file.
      host.stderr.write(
        "Cannot read the trace from standard input: corun report reads a trace file (write one " +
          "with corun run --trace FILE; ./- names a file called -)\n",
      );
      return EXIT_CODES.usage;
    }
    try {
      const output = textOf(invocation, "output");
      if (isStdStream(output)) {
        host.stdout.write(await reportPageOf(invocation.args[0]));
        return EXIT_CODES.ok;
      }
      const written = await writeReport(invocation.args[0], output);
      host.stdout.write(`wrote ${written}\n`);
      return EXIT_CODES.ok;
    } catch (error) {
      host.stderr.write(`${messageOf(error)}\n`);
      return error instanceof NotATraceError || error instanceof UnreadableTraceError ||
          error instanceof ReportOverTraceError
        ? EXIT_CODES.usage
        : EXIT_CODES.taskFailed;
    }
  },
};

/** A trace file that cannot be read. */
class UnreadableTraceError extends Error {}

/** A page that would be written over its own trace (`-o` the trace, or a trace named `.html`). */
class ReportOverTraceError extends Error {}

/**
 * Where the report of a trace goes when `-o` is not given: beside it, `.html` for its extension.
 *
 * @param tracePath The trace.
 * @returns The page's path.
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { defaultReportPath } from "./report_command.ts";
 * assertEquals(defaultReportPath("runs/trace.json"), "runs/trace.html");
 * assertEquals(defaultReportPath("trace"), "trace.html");
 * ```
 */
export function defaultReportPath(tracePath: string): string {
  const slash = Math.max(tracePath.lastIndexOf("/"), tracePath.lastIndexOf("\\"));
  const dot = tracePath.lastIndexOf(".");
  const stem = dot > slash + 1 ? tracePath.slice(0, dot) : tracePath;
  return `${stem}.html`;
}

/**
 * Writes the report page of a trace.
 *
 * @param tracePath The trace file.
 * @param outPath Where the page goes. @default beside the trace
 * @returns The page's path.
 * @throws {Error} Naming the file: a trace that cannot be read or is not corun's, a page that
 *   would replace the trace or cannot be written.
 */
async function writeReport(tracePath: string, outPath?: string): Promise<string> {
  const page = await reportPageOf(tracePath);
  const target = outPath ?? defaultReportPath(tracePath);
  if (fileKeyOf(target) === fileKeyOf(tracePath)) {
    throw new ReportOverTraceError(
      `Cannot write the report "${target}": it is the trace itself; give -o another file`,
    );
  }
  try {
    AtomicFile.writeWholeSync(target, new TextEncoder().encode(page));
  } catch (error) {
    throw new Error(`Cannot write the report "${target}": ${(error as Error).message}`, {
      cause: error,
    });
  }
  return target;
}

/** The report page of a trace, read from its file. */
async function reportPageOf(tracePath: string): Promise<string> {
  let text: string;
  try {
    text = await Deno.readTextFile(tracePath);
  } catch (error) {
    throw new UnreadableTraceError(
      `Cannot read the trace "${tracePath}": ${(error as Error).message}`,
      { cause: error },
    );
  }
  return renderReport(readTrace(text, tracePath), tracePath);
}
