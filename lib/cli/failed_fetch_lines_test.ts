/**
 * Every failed fetch of a list is named where a cron user reads: under its task's line in the plain
 * lines, `--log` and `--quiet`, and in `--json`'s `failedFetches`; the run's first 20, then one line
 * that says how many more and where each is (the metadata log).
 */
import {
  assert,
  assertEquals,
  assertMatch,
  assertStringIncludes,
} from "npm:deno-std@1.4.0/assert/mod.js";
import { stripAnsiCode } from "npm:deno-std@1.4.0/fmt/colors.js";
import { validateConfig } from "../config/mod.ts";
import { LISTED_FAILED_FETCHES, run, type TaskResult } from "../tasks/mod.ts";
import { startRouteServer } from "../../tests/fixtures/route_server.ts";
import { createFakeWorld, idleProgress } from "../../tests/fixtures/fake_host.ts";
import { EXIT_CODES } from "./exit_codes.ts";
import { FailedFetchLines } from "./failed_fetch_lines.ts";
import { LiveView } from "./live_view.ts";
import { main } from "./main.ts";

/** Runs one list task through the command line, in a folder of its own, and reads what it said. */
async function runList(
  lists: Record<string, string>,
  args: string[] = [],
  metadata?: false,
) {
  const dir = await Deno.makeTempDir({ prefix: "corun-failed-fetches-" });
  try {
    const tasks = [];
    for (const [name, text] of Object.entries(lists)) {
      await Deno.writeTextFile(`${dir}/${name}.txt`, text);
      tasks.push({ name, fetch: { urls: `${dir}/${name}.txt` }, save: "{path}" });
    }
    const config = validateConfig({ ...(metadata === false ? { metadata } : {}), tasks }, "t.yaml");
    const world = createFakeWorld({ configs: { "t.yaml": config }, run });
    const log = `${dir}/run.log`;
    const code = await main(
      ["run", "t.yaml", "--out", `${dir}/out`, "--log", log, ...args],
      world.host,
    );
    return {
      code,
      dir,
      stdout: world.stdout(),
      stderr: world.stderr(),
      log: await Deno.readTextFile(log),
    };
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/** The lines without their timestamps. */
function untimed(text: string): string[] {
  return text.split("\n").filter((line) => line !== "").map((line) =>
    line.replace(/^\d{4}-\d\d-\d\dT[\d:.]+Z /, "")
  );
}

Deno.test("plain lines and --log name each failed fetch of a list under its task's line, credentials hidden", async () => {
  await using server = startRouteServer({ "/ok": { body: "ok" } });
  const missing = server.url("/missing");
  const hidden = server.url("/x").replace("http://", "http://me:pw@");
  const ran = await runList({
    mirror: [missing, "ftp://x.org/a", hidden, server.url("/ok")].join("\n") + "\n",
  });
  assertEquals(ran.code, EXIT_CODES.taskFailed);
  for (const text of [ran.stdout, ran.log]) {
    const lines = untimed(text);
    const end = lines.findIndex((line) => line.startsWith("mirror failed "));
    const shown = hidden.replace("me:pw@", "***@");
    // In the order they failed: a bad line fails without a request, so before the 404 as a rule.
    assertEquals(
      lines.slice(end + 1, -1).sort(),
      [
        `mirror fetch failed ftp://x.org/a: line 2 of ${ran.dir}/mirror.txt: not an http(s) URL: ` +
        '"ftp://x.org/a"',
        `mirror fetch failed ${missing}: the server answered 404 Not Found`,
        `mirror fetch failed ${shown}: line 3 of ${ran.dir}/mirror.txt: credentials in a URL are ` +
        "not sent and would be logged; give the task's fetch an auth, as in fetch: { urls, auth: " +
        `{ username, password } }: "${shown}"`,
      ].sort(),
    );
    assert(lines.at(-1)!.startsWith("1 task: 1 failed in "), lines.at(-1));
    assert(!text.includes("pw@"), text);
  }
});

Deno.test("a run lists its first 20 failed fetches, all tasks together, then says how many more and where", async () => {
  const bad = (count: number, host: string) =>
    Array.from({ length: count }, (_, i) => `ftp://${host}/${i + 1}`).join("\n") + "\n";
  const ran = await runList({ first: bad(15, "a.org"), second: bad(12, "b.org") });
  assertEquals(ran.code, EXIT_CODES.taskFailed);
  const metadata = `${ran.dir}/out/corun.jsonl`;
  for (const text of [ran.stdout, ran.log]) {
    const lines = untimed(text);
    const named = lines.filter((line) => line.includes(" fetch failed "));
    assertEquals(named.length, LISTED_FAILED_FETCHES);
    // Each under its own task's line.
    for (const line of named) {
      const task = line.split(" ")[0];
      const above = lines.slice(0, lines.indexOf(line)).findLast((l) =>
        !l.includes(" fetch failed ")
      );
      assert(above?.startsWith(`${task} failed `), `${line} under ${above}`);
    }
    assertEquals(
      lines.at(-2),
      "7 more failed fetches are not listed; each is among the metadata log's lines with an error: " +
        `jq -c 'select(.error) | [.url, .error.message]' ${metadata}`,
    );
    assert(lines.at(-1)!.startsWith("2 tasks: 2 failed in "), lines.at(-1));
  }
  // The same, without timestamps, in what cron mails with --quiet.
  const quiet = await runList({ first: bad(15, "a.org"), second: bad(12, "b.org") }, ["--quiet"]);
  const lines = quiet.stdout.trimEnd().split("\n");
  assertEquals(lines.filter((line) => line.includes(" fetch failed ")).length, 20);
  // The duration is the machine's: only its form is known.
  assertMatch(lines[0], /^first failed \d+\.\d\ds \(15 fetches: 0 done, 15 failed\): /);
  assert(lines[1].startsWith("first fetch failed ftp://a.org/"), lines[1]);
  assertStringIncludes(
    lines.at(-2)!,
    "7 more failed fetches are not listed; each is among the metadata log's lines with an error: ",
  );
  // And in --json, each task's listed fetches.
  const json = await runList({ first: bad(15, "a.org"), second: bad(12, "b.org") }, ["--json"]);
  const report = JSON.parse(json.stdout);
  const listed = report.tasks.map((task: TaskResult) => task.failedFetches ?? []);
  assertEquals(listed[0].length + listed[1].length, LISTED_FAILED_FETCHES);
  assertEquals(listed[1].find((fetch: { url: string }) => fetch.url === "ftp://b.org/1"), {
    url: "ftp://b.org/1",
    error: {
      code: "BAD_LIST_LINE",
      message:
        `Task "second": line 1 of ${json.dir}/second.txt: not an http(s) URL: "ftp://b.org/1"`,
    },
  });
});

Deno.test("with metadata: false the line says no file keeps the failed fetches not listed", async () => {
  const list = Array.from({ length: 21 }, (_, i) => `ftp://a.org/${i}`).join("\n");
  const ran = await runList({ mirror: list }, [], false);
  assertEquals(
    untimed(ran.stdout).at(-2),
    "1 more failed fetch is not listed (metadata: false keeps no line for each)",
  );
});

Deno.test("FailedFetchLines quotes a metadata log's path for the shell, and says nothing when all were listed", () => {
  const task = (failed: number, listed: number): TaskResult => ({
    name: "t",
    kind: "fetch",
    outcome: "failed",
    startMs: 0,
    endMs: 1,
    items: { total: failed, done: 0, failed, cancelled: 0, skipped: 0 },
    failedFetches: Array.from({ length: listed }, (_, i) => ({
      url: `https://x.org/${i}`,
      error: { message: "boom" },
    })),
  });
  const lines = new FailedFetchLines("/srv/my out/corun.jsonl");
  assertEquals(lines.linesOf(task(2, 2)), [
    "t fetch failed https://x.org/0: boom",
    "t fetch failed https://x.org/1: boom",
  ]);
  assertEquals(lines.closingLine(), undefined);
  assertEquals(lines.linesOf(task(3, 1), false), [], "a task the view leaves out");
  assertEquals(
    lines.closingLine(),
    "3 more failed fetches are not listed; each is among the metadata log's lines with an error: " +
      "jq -c 'select(.error) | [.url, .error.message]' '/srv/my out/corun.jsonl'",
  );
});

Deno.test("the live view prints a list's listed failed fetches under its failure, and the count of the rest above its last frame", () => {
  const writes: string[] = [];
  const view = new LiveView({ write: (text) => void writes.push(text) }, {
    columns: () => 200,
    rows: () => 24,
    stderr: { write: () => {} },
    every: () => ({ [Symbol.dispose]() {} }),
    metadataPath: "/srv/out/corun.jsonl",
  });
  using _ = view;
  const live = { snapshot: () => [], progress: () => idleProgress(), elapsedMs: () => 0 };
  view.start(live);
  const result: TaskResult = {
    name: "mirror",
    kind: "fetch",
    outcome: "failed",
    startMs: 0,
    endMs: 10,
    items: { total: 3000, done: 0, failed: 3000, cancelled: 0, skipped: 0 },
    failedFetches: [{ url: "https://x.org/a", error: { message: "the server answered 404" } }],
    error: { message: "3000 of 3000 fetches failed; the first: the server answered 404" },
  };
  view.event({ type: "task-end", result, atMs: 10 });
  view.finish({
    startedAt: "",
    endedAt: "",
    durationMs: 10,
    virtualTime: false,
    interrupted: false,
    warnings: [],
    counts: { done: 0, failed: 1, cancelled: 0, skipped: 0 },
    tasks: [result],
  });
  const text = stripAnsiCode(writes.join("")) as string;
  assertStringIncludes(
    text,
    "✗ mirror failed 0.01s (3,000 fetches: 0 done, 3,000 failed): 3000 of 3000 fetches failed; the first: " +
      "the server answered 404\n  ✗ mirror fetch failed https://x.org/a: the server answered 404\n" +
      "2,999 more failed fetches are not listed; each is among the metadata log's lines with an error: " +
      "jq -c 'select(.error) | [.url, .error.message]' /srv/out/corun.jsonl\n",
  );
});
