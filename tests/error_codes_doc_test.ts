// The README's tables of error codes (_Error codes_ and _Proxies_) are what scripts branch on: every
// code a task or fetch can end with must be listed there, every listed code must be one corun
// raises, and each row's "retried" must be what the run's one retry decision does with it.
import { assert, assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { nextAttempt } from "../lib/tasks/next_attempt.ts";
import { DEFAULT_RETRY_SETTINGS } from "../lib/frontier/mod.ts";
import { EXIT_CODES } from "../lib/cli/mod.ts";

const ROOT = new URL("../", import.meta.url);

/** Codes corun raises that no task or fetch ends with, and why. */
const NOT_A_TASK_CODE: Record<string, string> = {
  CONFIG_INVALID: "a config that does not load: exit 2, nothing runs",
  CRON_SYNTAX: "a schedule that does not parse: a config error",
  SECRETS_NOT_READ: "run() refuses a spec loaded without its secrets before any task",
  LOCK_HELD: "the run's lock: exit 75 (--json's reason locked)",
  LOCK_UNSUPPORTED: "the run's lock on a file system without locks",
  NOT_A_TRACE: "corun report's input",
  NOT_STATE_FILE: "the state file: a warning of the run",
  CLIENT_CLOSED: "an HttpClient of the library used after its close()",
  STALE_CONNECTION: "a pooled connection the server closed: the request goes again on a new one",
  PARTIAL_BUSY: "another process's partial: said as RESUME_REFUSED or saved without a partial",
};

/** Codes set as object literals, not by an error class or a union type. */
const LITERAL_CODES = ["HTTP_STATUS", "DEPENDENCY"];

async function sourceFiles(dir: URL): Promise<string[]> {
  const texts: string[] = [];
  for await (const entry of Deno.readDir(dir)) {
    if (entry.isDirectory) {
      texts.push(...await sourceFiles(new URL(`${entry.name}/`, dir)));
    } else if (entry.name.endsWith(".ts") && !entry.name.endsWith("_test.ts")) {
      texts.push(await Deno.readTextFile(new URL(entry.name, dir)));
    }
  }
  return texts;
}

/** The members of `export type NAME = | "A" | "B";` in a source text. */
function unionMembers(text: string, name: string): string[] {
  const match = new RegExp(`export type ${name} =([^;]*);`).exec(text);
  if (match === null) throw new Error(`no union type ${name}`);
  return [...match[1].matchAll(/"([A-Z_]+)"/g)].map((each) => each[1]);
}

/** Every code corun's own errors carry: the code unions and each error class's `code`. */
async function raisedCodes(): Promise<{ codes: Set<string>; sources: string[] }> {
  const sources = await sourceFiles(new URL("lib/", ROOT));
  const read = (path: string) => Deno.readTextFile(new URL(path, ROOT));
  const codes = new Set([
    ...unionMembers(await read("lib/http/errors.ts"), "HttpErrorCode"),
    ...unionMembers(await read("lib/net/errors.ts"), "NetErrorCode"),
    ...unionMembers(await read("lib/net/proxy_error.ts"), "ProxyErrorCode"),
    ...unionMembers(await read("lib/sinks/confine.ts"), "ConfinementErrorCode"),
  ]);
  for (const text of sources) {
    for (
      const [, literal, constant] of text.matchAll(/readonly code = (?:"([A-Z_]+)"|([A-Z_]+));/g)
    ) {
      const value = literal ?? new RegExp(`const ${constant} = "([A-Z_]+)"`).exec(text)?.[1];
      assert(value, `the code constant ${constant} is not found`);
      codes.add(value);
    }
  }
  for (const code of LITERAL_CODES) {
    assert(sources.some((text) => text.includes(`code: "${code}"`)), `${code} is not set anywhere`);
    codes.add(code);
  }
  return { codes, sources };
}

/** The rows of every README table headed `| code | when | retried |`: code to its "retried". */
function documentedCodes(readme: string): Map<string, string> {
  const rows = new Map<string, string>();
  let inTable = false;
  for (const line of readme.split("\n")) {
    const cells = line.split("|").slice(1, -1).map((cell) => cell.trim());
    if (cells.join(",") === "code,when,retried") {
      inTable = true;
      continue;
    }
    if (!line.startsWith("|")) inTable = false;
    if (!inTable || cells[0].startsWith("---")) continue;
    const code = /^`([A-Z_]+)`$/.exec(cells[0])?.[1];
    if (code === undefined) throw new Error(`not a code: ${line}`);
    assert(!rows.has(code), `${code} is listed twice`);
    rows.set(code, cells[2]);
  }
  return rows;
}

/** What the retry decision does with a failed first attempt of `method` with this code. */
function retriedFor(code: string, method: string): boolean {
  const failure = { kind: "error" as const, code };
  return nextAttempt(failure, method, 0, DEFAULT_RETRY_SETTINGS, { random: () => 0 }).retry;
}

Deno.test("the README lists every error code a task or fetch can end with, and no other", async () => {
  const { codes } = await raisedCodes();
  const documented = documentedCodes(await Deno.readTextFile(new URL("README.md", ROOT)));
  const taskCodes = [...codes].filter((code) => !(code in NOT_A_TASK_CODE));
  assertEquals(taskCodes.filter((code) => !documented.has(code)).sort(), [], "not in the README");
  assertEquals(
    [...documented.keys()].filter((code) => !codes.has(code)).sort(),
    [],
    "in the README, but corun raises no such code",
  );
  assertEquals(
    Object.keys(NOT_A_TASK_CODE).filter((code) => !codes.has(code)).sort(),
    [],
    "no longer raised: take it out of NOT_A_TASK_CODE",
  );
});

Deno.test("the README's retried column is what the retry decision does with each code", async () => {
  const documented = documentedCodes(await Deno.readTextFile(new URL("README.md", ROOT)));
  const wrong: string[] = [];
  for (const [code, retried] of documented) {
    // A status's retry is `retryOn`'s, not the code's (retry_test.ts covers it).
    if (code === "HTTP_STATUS") continue;
    const word = /^(yes|idempotent|no)\b/.exec(retried)?.[1] as "yes" | "idempotent" | "no";
    assert(word !== undefined, `${code}: "${retried}" is not yes, idempotent or no`);
    const expected = { yes: [true, true], idempotent: [true, false], no: [false, false] }[word];
    const actual = [retriedFor(code, "GET"), retriedFor(code, "POST")];
    if (actual.join() !== expected.join()) {
      wrong.push(`${code}: the README says ${word}, GET/POST retried: ${actual.join("/")}`);
    }
  }
  assertEquals(wrong, []);
});

Deno.test("the README's exit codes are the codes the command exits with", async () => {
  const readme = await Deno.readTextFile(new URL("README.md", ROOT));
  const section = readme.split("\n### Exit codes\n")[1].split("\n### ")[0];
  const listed = [...section.matchAll(/^\| +(\d+) \|/gm)].map((match) => Number(match[1]));
  assertEquals(listed, Object.values(EXIT_CODES).sort((a, b) => a - b));
});
