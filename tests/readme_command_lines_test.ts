// The README says every command line in it that runs corun or a config has `--no-lock`: a reader
// who copies one without it lets Deno write a URL config's token into the project's deno.lock, and
// later end the run with its own integrity error. Each such line, in the README and in the
// scheduling guide it points to, must carry it.
import { assert, assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";

const ROOT = new URL("../", import.meta.url);
const DOCS = ["README.md", "docs/SCHEDULING.md"];

interface CommandLine {
  where: string;
  text: string;
}

/**
 * The `deno run` and `deno install` lines of a document that name a script: in a code block, an
 * inline code span, a deno.json task or a comment. A shell line continued with `\` is one line.
 */
function commandLines(doc: string, text: string): CommandLine[] {
  const found: CommandLine[] = [];
  const lines = text.replace(/\\\n\s*/g, " ").split("\n");
  lines.forEach((line, at) => {
    for (const match of line.matchAll(/\bdeno (?:run|install)\b[^`"\n]*/g)) {
      const words = match[0].trim().split(/\s+/);
      const script = words.find((word) => !word.startsWith("-") && /\.(ts|js)$/.test(word));
      // No script: a bare `deno run`, or a fragment whose `…` keeps the rest of the line.
      if (script === undefined) continue;
      // The project's own benchmarks, not a line to copy for a config.
      if (script.startsWith("bench/")) continue;
      // A usage line corun prints for a script (`deno run jobs/job.ts run [options]`) shows no flags.
      if (match[0].includes("[options]")) continue;
      found.push({ where: `${doc}:${at + 1}`, text: match[0].trim() });
    }
  });
  return found;
}

Deno.test("every README command line that runs corun or a config has --no-lock, as the README says", async () => {
  const lines: CommandLine[] = [];
  for (const doc of DOCS) {
    lines.push(...commandLines(doc, await Deno.readTextFile(new URL(doc, ROOT))));
  }
  // The README's own runs: the library example, the command's section, install, cron and systemd.
  assert(lines.length >= 10, `only ${lines.length} command lines found`);
  const without = lines.filter((line) => !line.text.split(/\s+/).includes("--no-lock"));
  assertEquals(without.map((line) => `${line.where}: ${line.text}`), []);
});
