/**
 * A list file with no URLs fails its task (exit 1), saying so, instead of a silent `0 fetches: 0
 * done` that cron would take for a success; a list with only bad lines is not empty, and a list with
 * one URL among its comments is run as ever. A list empty on purpose (`allowEmptyList: true`) ends
 * its task done, saying so, and the tasks after it run.
 */
import { assertEquals, assertStringIncludes } from "npm:deno-std@1.4.0/assert/mod.js";
import { validateConfig } from "../config/mod.ts";
import { run } from "../tasks/mod.ts";
import { startRouteServer } from "../../tests/fixtures/route_server.ts";
import { createFakeWorld } from "../../tests/fixtures/fake_host.ts";
import { EXIT_CODES } from "./exit_codes.ts";
import { main } from "./main.ts";
import { snapshotOfResult } from "./live_frame.ts";

interface ListRun {
  /** More keys of the list task's `fetch`. */
  fetch?: Record<string, unknown>;
  /** Tasks after it. */
  more?: unknown[];
  /** The command: `run` or `plan`. */
  command?: string;
}

async function runList(list: string, extra: string[] = [], options: ListRun = {}) {
  const dir = await Deno.makeTempDir({ prefix: "corun-empty-list-" });
  try {
    await Deno.writeTextFile(`${dir}/urls.txt`, list);
    const config = validateConfig({
      metadata: false,
      tasks: [
        {
          name: "mirror",
          fetch: { urls: `${dir}/urls.txt`, ...options.fetch },
          save: "{path}",
        },
        ...options.more ?? [],
      ],
    }, "tasks.yaml");
    const world = createFakeWorld({ configs: { "tasks.yaml": config }, run });
    const command = options.command ?? "run";
    const out = command === "run" ? ["--out", `${dir}/out`] : [];
    const code = await main([command, "tasks.yaml", ...out, ...extra], world.host);
    // A task's time is real (0.00s, or 0.01s on a busy machine): shown as `T`.
    const stdout = world.stdout().replace(/ (done|failed) \d+\.\d\ds /g, " $1 Ts ");
    return { code, stdout, stderr: world.stderr(), path: `${dir}/urls.txt` };
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("a list with no URL fails its task with EMPTY_LIST, and the run exits 1", async () => {
  for (const list of ["", "\n\n", "# nothing new today\n  \n# still nothing\n"]) {
    const ran = await runList(list);
    assertEquals(ran.code, EXIT_CODES.taskFailed, JSON.stringify(list));
    assertStringIncludes(
      ran.stdout,
      ` mirror failed Ts (0 fetches: 0 done): Task "mirror": its URL list "${ran.path}" holds ` +
        "no URL (the file is empty, or has only blank lines and comments), so nothing was " +
        "fetched; a list that may be empty on purpose takes allowEmptyList: true beside its urls\n",
    );
    assertStringIncludes(ran.stdout, "1 task: 1 failed");
  }
  const json = await runList("# nothing\n", ["--json"]);
  const [task] = JSON.parse(json.stdout).tasks;
  assertEquals([task.outcome, task.error.code, task.emptyList], [
    "failed",
    "EMPTY_LIST",
    undefined,
  ]);
});

Deno.test("a list of bad lines is not empty, and one URL among comments is fetched as ever", async () => {
  const bad = await runList("ftp://x.org/a\n");
  assertEquals(bad.code, EXIT_CODES.taskFailed);
  assertStringIncludes(bad.stdout, "1 of 1 fetches failed; the first: ");
  await using server = startRouteServer({ "/a": { body: "a" } });
  const one = await runList(`# one\n\n${server.url("/a")}\n# end\n`);
  assertEquals(one.code, EXIT_CODES.ok, one.stdout);
  assertStringIncludes(one.stdout, " mirror done ");
});

Deno.test("allowEmptyList: an empty list ends its task done, saying so, and the tasks after it run", async () => {
  await using server = startRouteServer({ "/next": { body: "next" } });
  const options: ListRun = {
    fetch: { allowEmptyList: true },
    more: [{ name: "next", after: ["mirror"], fetch: server.url("/next"), save: "next.txt" }],
  };
  const ran = await runList("# nothing new today\n", [], options);
  assertEquals(ran.code, EXIT_CODES.ok, ran.stdout);
  assertStringIncludes(
    ran.stdout,
    " mirror done Ts (0 fetches: its list holds no URL, which allowEmptyList allows)\n",
  );
  assertStringIncludes(ran.stdout, " next done ");
  assertStringIncludes(ran.stdout, "2 tasks: 2 done");
  const json = JSON.parse((await runList("", ["--json"], options)).stdout);
  assertEquals(
    json.tasks.map((task: { outcome: string; emptyList?: true }) => [task.outcome, task.emptyList]),
    [["done", true], ["done", undefined]],
  );
  // A list with URLs is fetched as ever, its line as ever.
  const one = await runList(`${server.url("/next")}\n`, [], options);
  assertEquals(one.code, EXIT_CODES.ok, one.stdout);
  assertStringIncludes(one.stdout, " mirror done ");
  assertStringIncludes(one.stdout, "(1 fetch: 1 done)");
});

Deno.test("corun plan says what a run does with an empty list, with allowEmptyList and without", async () => {
  const fails = await runList("", [], { command: "plan" });
  assertStringIncludes(
    fails.stdout,
    "(no URLs: a run fails the task, unless allowEmptyList: true)",
  );
  const allowed = await runList("", [], { command: "plan", fetch: { allowEmptyList: true } });
  assertStringIncludes(
    allowed.stdout,
    "(no URLs: a run ends the task done, as allowEmptyList allows)",
  );
  // allowEmptyList: false is the default, said as such.
  const stated = await runList("", [], { command: "plan", fetch: { allowEmptyList: false } });
  assertStringIncludes(
    stated.stdout,
    "(no URLs: a run fails the task, unless allowEmptyList: true)",
  );
});

Deno.test("the live view's last frame says a list with no URL was allowed, as the task line does", () => {
  const row = snapshotOfResult({
    name: "mirror",
    kind: "fetch",
    outcome: "done",
    startMs: 0,
    endMs: 0,
    items: { total: 0, done: 0, failed: 0, cancelled: 0, skipped: 0 },
    emptyList: true,
  });
  assertEquals(row.detail, "0 fetches: its list holds no URL, which allowEmptyList allows");
});
