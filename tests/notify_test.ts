/**
 * `notify:` end to end: a YAML config loaded as users write it, real tasks fetching from loopback,
 * and a ping receiver on 127.0.0.1; once in-process, once as a `corun` process of its own (which must
 * exit as soon as its run and pings are done).
 */
import { assert, assertEquals, assertMatch } from "npm:deno-std@1.4.0/assert/mod.js";
import { main } from "../lib/cli/mod.ts";
import { freePort } from "./fixtures/raw_conn.ts";
import { MOD, runDeno } from "./fixtures/run_deno.ts";

interface Ping {
  path: string;
  contentType: string | null;
  body: Record<string, unknown>;
}

/** One loopback server: `/page` (200), `/missing` (404), and `/ping/...` recording each ping. */
async function withServer(body: (base: string, pings: Ping[]) => Promise<void>): Promise<void> {
  const pings: Ping[] = [];
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, async (req) => {
    const path = new URL(req.url).pathname;
    if (path === "/page") return new Response("hello\n");
    if (!path.startsWith("/ping/")) return new Response("no such page\n", { status: 404 });
    const text = await req.text();
    pings.push({ path, contentType: req.headers.get("content-type"), body: JSON.parse(text) });
    return new Response("OK");
  });
  try {
    await body(`http://127.0.0.1:${server.addr.port}`, pings);
  } finally {
    await server.shutdown();
  }
}

/** A temporary directory holding `tasks.yaml` with these tasks and `notify:` lines. */
async function withConfig(
  tasks: string,
  notify: string,
  body: (dir: string) => Promise<void>,
): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "corun-notify-" });
  try {
    await Deno.writeTextFile(`${dir}/tasks.yaml`, `outDir: out\n${notify}tasks:\n${tasks}`);
    await body(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/** Runs `corun ARGS` in this process with its output captured. */
async function runCorun(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const code = await main(args, {
    stdout: { write: (text) => void (stdout += text) },
    stderr: { write: (text) => void (stderr += text) },
    isTerminal: () => false,
  });
  return { code, stdout, stderr };
}

const notifyAt = (base: string) =>
  `notify:\n  start: ${base}/ping/k1/start\n  success: ${base}/ping/k1\n  failure: ${base}/ping/k1/fail\n`;

Deno.test("a real run that fetches its page pings start, then success, with the run's counts", async () => {
  await withServer(async (base, pings) => {
    const tasks = `  - name: page\n    fetch: ${base}/page\n    save: page.txt\n` +
      `  - name: nap\n    sleep: 10ms\n`;
    await withConfig(tasks, notifyAt(base), async (dir) => {
      const run = await runCorun(["run", `${dir}/tasks.yaml`]);
      assertEquals(run.code, 0, run.stderr);
      assertEquals(run.stderr, "");
      assertEquals(pings.map((ping) => ping.path), ["/ping/k1/start", "/ping/k1"]);
      assert(pings.every((ping) => ping.contentType === "application/json"));
      const success = pings[1].body;
      assertEquals(success.counts, { done: 2, failed: 0, cancelled: 0, skipped: 0 });
      assertEquals(success.exitCode, 0);
      assertEquals(success.config, `${dir}/tasks.yaml`);
      // The run id is the one the run history recorded.
      const history = await Deno.readTextFile(`${dir}/out/.corun-history.jsonl`);
      assertEquals(JSON.parse(history.trim()).runId, success.runId);
    });
  });
});

Deno.test("a run whose fetch gets a 404 pings failure and exits as it does without notify", async () => {
  await withServer(async (base, pings) => {
    const tasks =
      `  - name: gone\n    fetch: ${base}/missing\n    save: gone.txt\n    retries: 0\n`;
    let without = -1;
    await withConfig(tasks, "", async (dir) => {
      without = (await runCorun(["run", `${dir}/tasks.yaml`, "--quiet"])).code;
    });
    assertEquals(without, 1);
    await withConfig(tasks, notifyAt(base), async (dir) => {
      const run = await runCorun(["run", `${dir}/tasks.yaml`, "--quiet"]);
      assertEquals(run.code, without, run.stderr);
      assertEquals(pings.map((ping) => ping.path), ["/ping/k1/start", "/ping/k1/fail"]);
      const failure = pings[1].body;
      assertEquals(failure.exitCode, without);
      assertEquals(failure.counts, { done: 0, failed: 1, cancelled: 0, skipped: 0 });
      const [first] = failure.failures as { task: string; message: string }[];
      assertEquals(first.task, "gone");
      assertMatch(first.message, /404/);
    });
  });
});

Deno.test("a corun process pings, names its host when it may (--allow-sys=hostname), and exits at once", async () => {
  await withServer(async (base, pings) => {
    const port = freePort(); // unreachable
    const tasks = `  - name: down\n    fetch: http://127.0.0.1:${port}/\n    save: down.txt\n` +
      `    retries: 0\n`;
    await withConfig(tasks, notifyAt(base), async (dir) => {
      const output = await runDeno([
        "run",
        "--allow-read",
        "--allow-write",
        "--allow-env",
        "--allow-net=127.0.0.1",
        "--allow-sys=hostname",
        MOD,
        "run",
        "tasks.yaml",
      ], { cwd: dir });
      assertEquals(output.code, 1, output.stderr);
      assertEquals(pings.map((ping) => ping.body.event), ["start", "failure"]);
      const failure = pings[1].body;
      assertEquals(typeof failure.hostname, "string");
      assert((failure.hostname as string).length > 0);
      assertEquals(failure.counts, { done: 0, failed: 1, cancelled: 0, skipped: 0 });
    });
  });
});
