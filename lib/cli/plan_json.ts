/**
 * `corun plan --json`: the plan as `JSON.stringify(plan, null, 2)` writes it, written a task at a
 * time. Every fetch task carries all its settings (about 3 KiB of JSON), so a config of 200,000
 * tasks makes more text than one string may hold.
 * @module
 */
import type { TextSink } from "./cli_host.ts";
import type { Plan } from "./plan.ts";

/** Text gathered before a write: few writes, and no string near the limit. */
const WRITE_CHARS = 1 << 20;

/**
 * Writes a plan as JSON, indented by two spaces, with a newline at the end.
 *
 * @param plan The plan.
 * @param out Where it goes.
 */
export function writePlanJson(plan: Plan, out: TextSink): void {
  let pending = "";
  const put = (text: string) => {
    pending += text;
    if (pending.length >= WRITE_CHARS) {
      out.write(pending);
      pending = "";
    }
  };
  const entries = Object.entries(plan).filter(([, value]) => value !== undefined);
  put("{");
  entries.forEach(([key, value], index) => {
    put(`${index === 0 ? "" : ","}\n  ${JSON.stringify(key)}: `);
    if (key !== "tasks" || !Array.isArray(value) || value.length === 0) {
      put(indented(value, "  "));
      return;
    }
    put("[");
    value.forEach((task, at) => put(`${at === 0 ? "" : ","}\n    ${indented(task, "    ")}`));
    put("\n  ]");
  });
  put(entries.length === 0 ? "}\n" : "\n}\n");
  out.write(pending);
}

/** A value's JSON, indented by two spaces, each line after the first moved right by `margin`. */
function indented(value: unknown, margin: string): string {
  return JSON.stringify(value, null, 2).replaceAll("\n", `\n${margin}`);
}
