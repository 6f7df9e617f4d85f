/**
 * A trace file's text read back as corun wrote it: JSON, a `traceEvents` list of events, and
 * corun's facts in `otherData`. A file that is not (another tool's trace, one edited by hand, one
 * cut short) is refused with the first thing wrong and where, never half-read into a report.
 * @module
 */
import type { TraceEvent, TraceFacts } from "./trace_recorder.ts";

/** A file that is not a trace corun wrote. */
export class NotATraceError extends Error {
  /** Stable code. */
  readonly code = "NOT_A_TRACE";

  /**
   * Says which file and why.
   *
   * @param path The file.
   * @param why What is wrong with it.
   */
  constructor(path: string, why: string) {
    super(`"${path}" is not a trace written by corun run --trace: ${why}`);
    this.name = "NotATraceError";
  }
}

/** A trace's events and corun's facts about its run. */
export interface TraceContent {
  events: TraceEvent[];
  facts: TraceFacts;
}

/**
 * Reads a trace file's text.
 *
 * @param text The file's content.
 * @param path The file, for errors.
 * @returns Its events and facts, each of the shape corun writes.
 * @throws {NotATraceError} Naming the first field that is missing or of the wrong kind.
 * @example
 * ```ts
 * import { assertThrows } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { NotATraceError, parseTraceFile } from "./trace_shape.ts";
 * const text = JSON.stringify({ traceEvents: [], otherData: { corunTrace: 1 } });
 * assertThrows(() => parseTraceFile(text, "t.json"), NotATraceError, "otherData.startedAt");
 * ```
 */
export function parseTraceFile(text: string, path: string): TraceContent {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new NotATraceError(path, `not JSON (${(error as Error).message})`);
  }
  const file = parsed as { traceEvents?: unknown; otherData?: Record<string, unknown> } | null;
  if (typeof file !== "object" || file === null || !Array.isArray(file.traceEvents)) {
    throw new NotATraceError(path, "no traceEvents list");
  }
  if (file.otherData?.corunTrace !== 1) {
    throw new NotATraceError(path, "its otherData has no corunTrace: 1 (another tool's trace?)");
  }
  const wrong = wrongFact(file.otherData) ?? firstWrongEvent(file.traceEvents);
  if (wrong !== undefined) throw new NotATraceError(path, wrong);
  return {
    events: file.traceEvents as TraceEvent[],
    facts: file.otherData as unknown as TraceFacts,
  };
}

/** The first event that is not one corun writes, named by its place; a trace holds ~1 KB a fetch. */
function firstWrongEvent(events: unknown[]): string | undefined {
  for (let index = 0; index < events.length; index++) {
    const why = wrongEvent(events[index]);
    if (why !== undefined) return `traceEvents[${index}]${why}`;
  }
  return undefined;
}

/** Fields of `otherData` and the kind each has. */
const FACTS: [string, "string" | "number" | "boolean", "required" | "optional"][] = [
  ["startedAt", "string", "required"],
  ["fetchTidBase", "number", "required"],
  ["taskTidBase", "number", "required"],
  ["source", "string", "optional"],
  ["runId", "string", "optional"],
  ["fireAt", "string", "optional"],
  ["interrupted", "boolean", "optional"],
];

function wrongFact(facts: Record<string, unknown>): string | undefined {
  for (const [key, kind, presence] of FACTS) {
    const value = facts[key];
    if (value === undefined && presence === "optional") continue;
    const isKind = kind === "number"
      ? Number.isFinite(value)
      : kind === "string"
      ? typeof value === "string"
      : typeof value === "boolean";
    if (!isKind) return `its otherData.${key} is not a ${kind}`;
  }
  return undefined;
}

/** What is wrong with one event, as `.field is …`; undefined when nothing is. */
function wrongEvent(event: unknown): string | undefined {
  if (typeof event !== "object" || event === null || Array.isArray(event)) {
    return " is not an event object";
  }
  const fields = event as Record<string, unknown>;
  if (typeof fields.name !== "string") return ".name is not a string";
  if (typeof fields.ph !== "string") return ".ph is not a string";
  if (typeof fields.tid !== "number") return ".tid is not a number";
  for (const key of ["ts", "dur"]) {
    if (fields[key] !== undefined && typeof fields[key] !== "number") {
      return `.${key} is not a number`;
    }
  }
  const args = fields.args;
  if (args !== undefined && (typeof args !== "object" || args === null || Array.isArray(args))) {
    return ".args is not an object";
  }
  const error = (args as Record<string, unknown> | undefined)?.error;
  if (error !== undefined && !isErrorRecord(error)) {
    return ".args.error is not { message, code? } of strings";
  }
  return undefined;
}

/** An error as corun writes it on a task or attempt: the report page prints both fields. */
function isErrorRecord(error: unknown): boolean {
  if (typeof error !== "object" || error === null || Array.isArray(error)) return false;
  const { message, code } = error as Record<string, unknown>;
  return typeof message === "string" && (code === undefined || typeof code === "string");
}
