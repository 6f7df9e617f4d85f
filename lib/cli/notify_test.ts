import {
  assert,
  assertEquals,
  assertMatch,
  assertStringIncludes,
} from "npm:deno-std@1.4.0/assert/mod.js";
import { validateConfig } from "../config/mod.ts";
import { runOperation } from "../loop/mod.ts";
import { acquireLock } from "../schedule/mod.ts";
import type { ConfigSpec } from "../tasks/mod.ts";
import { EXIT_CODES } from "./exit_codes.ts";
import {
  createFakeWorld,
  runUntilInterrupted,
  scriptedRun,
} from "../../tests/fixtures/fake_host.ts";
import { runOnce } from "./guarded_run.ts";
import { main } from "./main.ts";
import { NO_FAILURES } from "./max_failures.ts";
import { type NotifyUrls, pingBody, redactPingUrl, sendPing } from "./notify.ts";
import { runFilesOf } from "./unattended_files.ts";
import { startRouteServer } from "../../tests/fixtures/route_server.ts";
import { freePort } from "../../tests/fixtures/raw_conn.ts";

/** One request the receiver got. */
interface Ping {
  method: string;
  path: string;
  contentType: string | null;
  authorization: string | null;
  body: Record<string, unknown>;
}

/** A ping receiver on 127.0.0.1 that records every request and answers `status`. */
async function withReceiver(
  body: (base: string, pings: Ping[]) => Promise<void>,
  answer: (pings: Ping[]) => number | Promise<number> = () => 200,
): Promise<void> {
  const pings: Ping[] = [];
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, async (req) => {
    const text = await req.text();
    pings.push({
      method: req.method,
      path: new URL(req.url).pathname,
      contentType: req.headers.get("content-type"),
      authorization: req.headers.get("authorization"),
      body: text === "" ? {} : JSON.parse(text),
    });
    return new Response("OK", { status: await answer(pings) });
  });
  try {
    await body(`http://127.0.0.1:${server.addr.port}`, pings);
  } finally {
    await server.shutdown();
  }
}

/** The config with `notify:` URLs. */
function withNotify(config: ConfigSpec, notify: NotifyUrls): ConfigSpec {
  return { ...config, notify };
}

const CONFIG = validateConfig({
  tasks: [
    { name: "nap", sleep: "1s" },
    { name: "page", fetch: "https://site.example/", save: "page.html" },
    { name: "feed", fetch: "https://site.example/feed", save: "feed.xml" },
  ],
}, "tasks.yaml");

const urlsAt = (base: string): NotifyUrls => ({
  start: `${base}/ping/abc-123/start`,
  success: `${base}/ping/abc-123`,
  failure: `${base}/ping/abc-123/fail`,
});

Deno.test("a run that succeeds pings start, then success, with a JSON summary of the run", async () => {
  await withReceiver(async (base, pings) => {
    const world = createFakeWorld({ configs: { "tasks.yaml": withNotify(CONFIG, urlsAt(base)) } });
    assertEquals(await main(["run", "tasks.yaml"], world.host), EXIT_CODES.ok);
    assertEquals(world.stderr(), "");
    assertEquals(pings.map((ping) => [ping.method, ping.path]), [
      ["POST", "/ping/abc-123/start"],
      ["POST", "/ping/abc-123"],
    ]);
    assert(pings.every((ping) => ping.contentType === "application/json"));
    const [start, success] = pings.map((ping) => ping.body);
    assertEquals(start.event, "start");
    assertEquals(start.config, "tasks.yaml");
    assertEquals(start.endedAt, undefined);
    assertEquals(success.event, "success");
    assertEquals(success.runId, start.runId);
    assertMatch(String(success.runId), /\S/);
    assertEquals(success.exitCode, 0);
    assertEquals(success.counts, { done: 3, failed: 0, cancelled: 0, skipped: 0 });
    assertEquals(success.durationMs, 1000);
    assertEquals(success.failures, undefined);
    // Tests run without --allow-sys: no hostname, and no prompt for one.
    assertEquals(success.hostname, undefined);
  });
});

Deno.test("a run whose task fails pings start, then failure, and exits as it would without notify", async () => {
  const run = scriptedRun({
    page: { outcome: "failed", message: "GET https://u:pw@site.example/ answered 404 Not Found" },
    feed: { outcome: "failed", message: `Cannot connect:\n${"x".repeat(500)}` },
  });
  const plain = createFakeWorld({ configs: { "tasks.yaml": CONFIG }, run });
  const expected = await main(["run", "tasks.yaml"], plain.host);
  assertEquals(expected, EXIT_CODES.taskFailed);
  await withReceiver(async (base, pings) => {
    const world = createFakeWorld({
      configs: { "tasks.yaml": withNotify(CONFIG, urlsAt(base)) },
      run,
    });
    assertEquals(await main(["run", "tasks.yaml"], world.host), expected);
    assertEquals(pings.map((ping) => ping.path), ["/ping/abc-123/start", "/ping/abc-123/fail"]);
    const failure = pings[1].body;
    assertEquals(failure.event, "failure");
    assertEquals(failure.exitCode, EXIT_CODES.taskFailed);
    assertEquals(failure.counts, { done: 1, failed: 2, cancelled: 0, skipped: 0 });
    const failures = failure.failures as { task: string; message: string }[];
    assertEquals(failures.map((entry) => entry.task), ["page", "feed"]);
    // No URL (nor its credentials) and no runaway message in the body.
    assertEquals(failures[0].message, "GET site.example/ answered 404 Not Found");
    assertEquals(failures[1].message.length, 200);
    assert(
      failures[1].message.startsWith("Cannot connect: xxx") && failures[1].message.endsWith("…"),
    );
  });
});

Deno.test("a failure message's URLs are named by host, also where punctuation follows them or they do not parse", async () => {
  const run = scriptedRun({
    page: {
      outcome: "failed",
      message:
        "Cannot fetch https://site.example/a through proxy http://alice:pw@127.0.0.1:3128: " +
        "it answered 407, it requires credentials (give them in its URL: http://user:password@host:port)",
    },
    feed: { outcome: "failed", message: "Cannot open http://u:pw@site.example:99999/x?k=v." },
  });
  await withReceiver(async (base, pings) => {
    const world = createFakeWorld({
      configs: { "tasks.yaml": withNotify(CONFIG, urlsAt(base)) },
      run,
    });
    assertEquals(await main(["run", "tasks.yaml"], world.host), EXIT_CODES.taskFailed);
    const failures = pings[1].body.failures as { task: string; message: string }[];
    assertEquals(failures.map((entry) => entry.message), [
      "Cannot fetch site.example/… through proxy 127.0.0.1:3128: it answered 407, it requires " +
      "credentials (give them in its URL: host:port)",
      "Cannot open site.example:99999/….",
    ]);
  });
});

Deno.test("a failure message's URLs of any scheme are named by host, and a quoted Location with a space is cut whole", async () => {
  const run = scriptedRun({
    page: {
      outcome: "failed",
      message: "Cannot follow redirect from http://site.example/r?to=ftp://u:FTPPW@h/x to " +
        "ftp://h/x?api_key=QS1: only http and https are followed",
    },
    feed: {
      outcome: "failed",
      message: "Cannot follow redirect from http://site.example/r: the server answered 302 to " +
        '"http://site.example/y?secret=QS5 <b>", and maxRedirects (0) lets none be followed',
    },
  });
  await withReceiver(async (base, pings) => {
    const world = createFakeWorld({
      configs: { "tasks.yaml": withNotify(CONFIG, urlsAt(base)) },
      run,
    });
    assertEquals(await main(["run", "tasks.yaml"], world.host), EXIT_CODES.taskFailed);
    const failures = pings[1].body.failures as { task: string; message: string }[];
    assertEquals(failures.map((entry) => entry.message), [
      "Cannot follow redirect from site.example/… to h/…: only http and https are followed",
      'Cannot follow redirect from site.example/…: the server answered 302 to "site.example/…", ' +
      "and maxRedirects (0) lets none be followed",
    ]);
  });
});

Deno.test("only the configured kinds are pinged", async () => {
  await withReceiver(async (base, pings) => {
    const ok = createFakeWorld({
      configs: { "tasks.yaml": withNotify(CONFIG, { failure: `${base}/fail` }) },
    });
    assertEquals(await main(["run", "tasks.yaml"], ok.host), EXIT_CODES.ok);
    assertEquals(pings.length, 0, "a run that succeeds has nothing to say to a failure URL");
    const failing = createFakeWorld({
      configs: { "tasks.yaml": withNotify(CONFIG, { failure: `${base}/fail` }) },
      run: scriptedRun({ nap: { outcome: "failed", message: "no" } }),
    });
    assertEquals(await main(["run", "tasks.yaml"], failing.host), EXIT_CODES.taskFailed);
    assertEquals(pings.map((ping) => [ping.path, ping.body.event]), [["/fail", "failure"]]);
  });
});

Deno.test("a receiver that answers 500: one line on stderr naming the host, and the exit code stays 0", async () => {
  await withReceiver(async (base, pings) => {
    const world = createFakeWorld({
      configs: { "tasks.yaml": withNotify(CONFIG, { success: `${base}/ping/secret-uuid` }) },
    });
    assertEquals(await main(["run", "tasks.yaml", "--json"], world.host), EXIT_CODES.ok);
    // A POST is not sent again after a 500: the server may have acted on it.
    assertEquals(pings.length, 1);
    assertEquals(
      world.stderr(),
      `warning: notify success ping to ${
        base.slice("http://".length)
      }/… failed: answered 500 Internal Server Error\n`,
    );
    assert(!world.stderr().includes("secret-uuid"), "the ping URL's secret path is never shown");
    assertEquals(JSON.parse(world.stdout()).counts.done, 3, "stdout is still the report alone");
  }, () => 500);
});

Deno.test("a receiver that answers 503 is tried again, as any fetch is, and the ping goes through", async () => {
  await withReceiver(async (base, pings) => {
    const world = createFakeWorld({
      configs: { "tasks.yaml": withNotify(CONFIG, { success: `${base}/ping` }) },
    });
    assertEquals(await main(["run", "tasks.yaml"], world.host), EXIT_CODES.ok);
    assertEquals(pings.length, 3, "two 503s, then 200");
    assertEquals(world.stderr(), "");
  }, (pings) => pings.length < 3 ? 503 : 200);
});

Deno.test("a receiver that is not listening: the run ends as it would, with a line for each ping, also in --log", async () => {
  const base = `http://user:hunter2@127.0.0.1:${freePort()}`; // nothing listens there
  const world = createFakeWorld({
    configs: { "tasks.yaml": withNotify(CONFIG, { start: `${base}/s`, failure: `${base}/f` }) },
    run: scriptedRun({ page: { outcome: "failed", message: "answered 404" } }),
  });
  const logPath = await Deno.makeTempFile({ prefix: "corun-notify-", suffix: ".log" });
  try {
    const code = await main(["run", "tasks.yaml", "--log", logPath], world.host);
    assertEquals(code, EXIT_CODES.taskFailed);
    const lines = world.stderr().split("\n").filter((line) => line.includes("notify"));
    assertEquals(lines.length, 2, world.stderr());
    const ping = (kind: string) =>
      new RegExp(`warning: notify ${kind} ping to 127\\.0\\.0\\.1:\\d+/… failed: .+refused`);
    assertMatch(lines[0], ping("start"));
    assertMatch(lines[1], ping("failure"));
    assert(!world.stderr().includes("hunter2"), "userinfo is never shown");
    assert(world.stdout().includes("page failed"), "the run went on as usual");
    const log = await Deno.readTextFile(logPath);
    assertMatch(log, ping("start"));
    assertMatch(log, ping("failure"));
    assert(!log.includes("hunter2"));
  } finally {
    await Deno.remove(logPath);
  }
});

Deno.test("a scheduled run's pings name its fire time and task", async () => {
  const outDir = await Deno.makeTempDir({ prefix: "corun-notify-" });
  try {
    await withReceiver(async (base, pings) => {
      const world = createFakeWorld();
      const config = withNotify(CONFIG, urlsAt(base));
      const { exitCode: code } = await runOnce({
        config,
        label: "tasks.yaml",
        outDir,
        files: runFilesOf(config, outDir),
        tolerance: NO_FAILURES,
        mode: "plain",
        virtualTime: false,
        signal: new AbortController().signal,
        history: { fireAt: "2026-11-25T11:00:00.000Z", task: "page" },
      }, world.host);
      assertEquals(code, EXIT_CODES.ok, world.stderr());
      assertEquals(
        pings.map(({ body }) => [body.event, body.fireAt, body.task]),
        [
          ["start", "2026-11-25T11:00:00.000Z", "page"],
          ["success", "2026-11-25T11:00:00.000Z", "page"],
        ],
      );
    });
  } finally {
    await Deno.remove(outDir, { recursive: true });
  }
});

Deno.test("a virtual-time preview pings nothing: each run says which pings it would have sent, in its lines and --log", async () => {
  const scheduled = validateConfig({
    schedule: { cron: "*/20 * * * *", timezone: "UTC" },
    tasks: [
      { name: "nap", sleep: "1s" },
      { name: "page", sleep: "2s", schedule: { cron: "0 * * * *", timezone: "UTC" } },
    ],
  }, "tasks.yaml");
  const outDir = await Deno.makeTempDir({ prefix: "corun-notify-" });
  try {
    await withReceiver(async (receiver, pings) => {
      // Credentials in a ping URL are never shown, as in a failed ping's line.
      const base = receiver.replace("http://", "http://user:hunter2@");
      const world = createFakeWorld({
        configs: { "tasks.yaml": withNotify(scheduled, urlsAt(base)) },
      });
      const logPath = `${outDir}/schedule.log`;
      // FAKE_NOW is 10:00:00.123Z: in the hour after it */20 fires 3 times and 0 * once.
      const args = ["schedule", "tasks.yaml", "--out", outDir, "--virtual-time", "--log", logPath];
      const code = await main([...args, "--until", "2026-11-25T11:00:00.123Z"], world.host);
      assertEquals(code, EXIT_CODES.ok, world.stderr());
      assertEquals(world.stderr(), "");
      assertEquals(pings.length, 0, "a dead-man's switch would take a preview's fire for a run");
      const unsent =
        /notify start ping to 127\.0\.0\.1:\d+\/… and success ping to 127\.0\.0\.1:\d+\/… not sent \(virtual time\)\n/g;
      assertEquals(world.stdout().match(unsent)?.length, 4, world.stdout());
      const log = await Deno.readTextFile(logPath);
      assertEquals(log.match(unsent)?.length, 4, log);
      assert(!`${world.stdout()}${log}`.includes("hunter2"), "userinfo is never shown");
      // A run's line comes with its own lines, before the line that says it ended.
      const lines = world.stdout().split("\n");
      const firstUnsent = lines.findIndex((line) => line.includes("not sent (virtual time)"));
      const firstEnd = lines.findIndex((line) => / config fire \S+: ended/.test(line));
      assert(firstUnsent >= 0 && firstUnsent < firstEnd, world.stdout());
    });
  } finally {
    await Deno.remove(outDir, { recursive: true });
  }
});

Deno.test("corun run --virtual-time pings nothing, and says the failure ping it would have sent", async () => {
  await withReceiver(async (base, pings) => {
    const world = createFakeWorld({
      configs: { "tasks.yaml": withNotify(CONFIG, { failure: `${base}/ping/abc-123/fail` }) },
      run: scriptedRun({ page: { outcome: "failed", message: "answered 404" } }),
    });
    const code = await main(["run", "tasks.yaml", "--virtual-time"], world.host);
    assertEquals(code, EXIT_CODES.taskFailed);
    assertEquals(pings.length, 0);
    assertMatch(
      world.stdout(),
      /Z notify failure ping to 127\.0\.0\.1:\d+\/… not sent \(virtual time\)\n/,
    );
  });
});

Deno.test("a ping with no answer gives up at its limit and says so", async () => {
  const { promise: release, resolve } = Promise.withResolvers<void>();
  await withReceiver(async (base) => {
    const body = pingBody("start", {
      config: "tasks.yaml",
      runId: "r1",
      startedAt: "2026-11-25T10:00:00.000Z",
    });
    const failure = await sendPing(`${base}/slow`, body, 200);
    resolve();
    assertEquals(failure, "no answer within 200ms (a ping's fixed limit)");
  }, async () => {
    await release;
    return 200;
  });
});

Deno.test("a ping's limits are named as fixed, not as keys of the config that cannot raise them", async () => {
  await using server = startRouteServer({
    "/loop": { status: 307, headers: { location: "/loop" } },
  });
  const body = pingBody("start", {
    config: "tasks.yaml",
    runId: "r1",
    startedAt: "2026-11-25T10:00:00.000Z",
  });
  const failure = await sendPing(server.url("/loop"), body, 5000);
  assertStringIncludes(
    failure ?? "",
    "redirect loop: 127.0.0.1:" + new URL(server.url()).port + "/… → 127.0.0.1:" +
      new URL(server.url()).port + "/… (stopped after 3 redirects, the most 3 (a ping's fixed " +
      "limit) allows)",
  );
});

Deno.test("the body never carries the config's URL credentials (userinfo, query, fragment); messages name a ping URL by its host", () => {
  const body = pingBody("failure", {
    config: "https://me:token@configs.example/tasks.yaml?sig=SECRET#top",
    runId: "r1",
    startedAt: "2026-11-25T10:00:00.000Z",
  }, { exitCode: 1, endedAt: "2026-11-25T10:00:02.500Z" });
  assertEquals(body.config, "https://configs.example/tasks.yaml");
  assertEquals([body.durationMs, body.exitCode, body.interrupted], [2500, 1, false]);
  assertEquals(body.counts, { done: 0, failed: 0, cancelled: 0, skipped: 0 });
  assertEquals(redactPingUrl("https://u:p@hc.example/ping/uuid?k=v"), "hc.example/…");
  assertEquals(redactPingUrl("http://hc.example:8000/"), "hc.example:8000/");
});

Deno.test("an interrupted run pings failure, saying it was interrupted, and still exits 130", async () => {
  await withReceiver(async (base, pings) => {
    const { run, started } = runUntilInterrupted();
    const world = createFakeWorld({
      configs: { "tasks.yaml": withNotify(CONFIG, urlsAt(base)) },
      run,
    });
    const exit = main(["run", "tasks.yaml"], world.host);
    await started;
    world.interrupt();
    assertEquals(await exit, EXIT_CODES.interrupted);
    assertEquals(pings.map((ping) => ping.body.event), ["start", "failure"]);
    const failure = pings[1].body;
    assertEquals([failure.exitCode, failure.interrupted], [EXIT_CODES.interrupted, true]);
    assertEquals(failure.counts, { done: 0, failed: 0, cancelled: 3, skipped: 0 });
  });
});

Deno.test("a run skipped because another holds the lock pings nothing (a stuck run stays missed)", async () => {
  const outDir = await Deno.makeTempDir({ prefix: "corun-notify-" });
  const held = await runOperation(acquireLock(`${outDir}/.corun.lock`));
  if (!held.acquired) throw new Error("the test could not take the lock");
  try {
    await withReceiver(async (base, pings) => {
      const world = createFakeWorld({
        configs: { "tasks.yaml": withNotify(CONFIG, urlsAt(base)) },
      });
      const code = await main(["run", "tasks.yaml", "--out", outDir, "--lock=skip"], world.host);
      assertEquals(code, EXIT_CODES.ok);
      assertEquals(world.runCalls.length, 0);
      assertEquals(pings.length, 0, "a success ping here would hide the run that holds the lock");
    });
  } finally {
    await held.lock.release();
    await Deno.remove(outDir, { recursive: true });
  }
});

Deno.test("redactPingUrl() shows none of a password with a / or # in a URL that does not parse", () => {
  assertEquals(redactPingUrl("http://u:se/cret@site.example:99999/x"), "site.example:99999/…");
  assertEquals(redactPingUrl("http://u:p#w@site.example:99999/"), "site.example:99999/");
});

Deno.test("a CA file gone since the config loaded fails the ping in the config's words: Cannot use the CA file", async () => {
  const dir = await Deno.makeTempDir({ prefix: "corun-notify-ca-" });
  try {
    const caFile = `${dir}/gone.pem`;
    const body = pingBody("start", {
      config: "tasks.yaml",
      runId: "r1",
      startedAt: "2026-11-25T10:00:00.000Z",
    });
    // Refused before any connection: port 9 is never dialled.
    const failure = await sendPing("http://127.0.0.1:9/ping", body, 1_000, { caFile });
    assert(failure?.startsWith(`Cannot use the CA file "${caFile}": `), failure);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
