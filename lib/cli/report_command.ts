/**
 * `corun report TRACE [-o FILE]`: reads a trace `corun run --trace` wrote and writes its report page,
 * next to the trace by default (`trace.json` → `trace.html`), atomically.
 * @module
 */
import { writeFileAtomic } from "../sinks/mod.ts";
import { readTrace } from "./report_data.ts";
import { renderReport } from "./report_html.ts";

/**
 * Where the report of a trace goes when `-o` is not given: beside it, `.html` for its extension.
 *
 * @param tracePath The trace.
 * @returns The page's path.
 * @example
 * ```ts
 * import { defaultReportPath } from "./report_command.ts";
 * console.assert(defaultReportPath("runs/trace.json") === "runs/trace.html");
 * console.assert(defaultReportPath("trace") === "trace.html");
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
 *   cannot be written.
 */
export async function writeReport(tracePath: string, outPath?: string): Promise<string> {
  let text: string;
  try {
    text = await Deno.readTextFile(tracePath);
  } catch (error) {
    throw new Error(`Cannot read the trace "${tracePath}": ${(error as Error).message}`, {
      cause: error,
    });
  }
  const page = renderReport(readTrace(text, tracePath), tracePath);
  const target = outPath ?? defaultReportPath(tracePath);
  try {
    await writeFileAtomic(target, page);
  } catch (error) {
    throw new Error(`Cannot write the report "${target}": ${(error as Error).message}`, {
      cause: error,
    });
  }
  return target;
}
