/**
 * `ctx.fetch` calls of custom tasks are fetches too: each one is a line of the metadata log, with the
 * task's name, the URL, the status and the bytes, and no saved path (what the task writes is its own);
 * the body's SHA-256 when `sha256` (the call's option, else the config's `defaults`) asks for it.
 * A line corun may not write is a warning in corun's words, with the flag to give.
 */
import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { defineConfig, run, task } from "../mod.ts";
import { startRouteServer } from "./fixtures/route_server.ts";
import { MOD, runDeno } from "./fixtures/run_deno.ts";

Deno.test("every ctx.fetch of a custom task is one metadata record: name, URL, status, bytes, digest, no saved path", async () => {
  await using server = startRouteServer({
    "/alpha": { body: "alpha" },
    "/big": { body: "0123456789" },
  });
  const outDir = await Deno.makeTempDir({ prefix: "corun-ctx-fetch-" });
  try {
    const report = await run(
      defineConfig({
        outDir,
        tasks: [
          task("collect", function* (ctx) {
            const page = yield* ctx.fetch(server.url("/alpha"), { sha256: true });
            yield* ctx.write("alpha.txt", page.body);
            const missing = yield* ctx.fetch({ url: server.url("/missing"), method: "GET" });
            try {
              yield* ctx.fetch(server.url("/big"), { maxBodyBytes: 4 });
            } catch {
              // recorded as failed; the task goes on
            }
            return missing.status;
          }),
        ],
      }),
      { state: false },
    );
    assertEquals(report.tasks[0].outcome, "done", report.tasks[0].error?.message);
    const records = (await Deno.readTextFile(`${outDir}/corun.jsonl`)).trim().split("\n")
      .map((line) => JSON.parse(line));
    assertEquals(
      records.map((r) => [r.task, r.url, r.method, r.status, r.savedPath, r.error?.code]),
      [
        ["collect", server.url("/alpha"), "GET", 200, null, undefined],
        ["collect", server.url("/missing"), "GET", 404, null, undefined],
        // Refused by its Content-Length, before the client hands the response over: its status
        // came all the same.
        ["collect", server.url("/big"), "GET", 200, null, "BODY_TOO_LARGE"],
      ],
    );
    assertEquals(records[0].bytes, 5);
    assertEquals(
      records[0].sha256,
      "8ed3f6ad685b959ead7022518e1af76cd816f8e8ec7ccdda1ed4018e8f2223f8", // sha256("alpha")
    );
    assertEquals(records[1].sha256, null); // not asked for
    assertEquals(records[0].attempts, 1);
    assertEquals(await Deno.readTextFile(`${outDir}/alpha.txt`), "alpha");
  } finally {
    await Deno.remove(outDir, { recursive: true });
  }
});

Deno.test("ctx.fetch hashes its body by the defaults' sha256 unless its own option says otherwise", async () => {
  await using server = startRouteServer({ "/alpha": { body: "alpha" } });
  const outDir = await Deno.makeTempDir({ prefix: "corun-ctx-fetch-" });
  try {
    const report = await run(
      defineConfig({
        outDir,
        defaults: { sha256: true },
        tasks: [
          task("collect", function* (ctx) {
            yield* ctx.fetch(server.url("/alpha"));
            yield* ctx.fetch(server.url("/alpha?not"), { sha256: false });
          }),
        ],
      }),
      { state: false },
    );
    assertEquals(report.tasks[0].outcome, "done", report.tasks[0].error?.message);
    const records = (await Deno.readTextFile(`${outDir}/corun.jsonl`)).trim().split("\n")
      .map((line) => JSON.parse(line));
    assertEquals(records.map((r) => [r.url, r.sha256]), [
      [server.url("/alpha"), "8ed3f6ad685b959ead7022518e1af76cd816f8e8ec7ccdda1ed4018e8f2223f8"],
      [server.url("/alpha?not"), null],
    ]);
  } finally {
    await Deno.remove(outDir, { recursive: true });
  }
});

Deno.test("a ctx.fetch's metadata line written without --allow-write is a warning in corun's words, with the flag to give, and the task is done", async () => {
  await using server = startRouteServer({ "/page": { body: "hello" } });
  const url = server.url("/page");
  const temp = await Deno.makeTempDir({ prefix: "corun-ctx-fetch-no-write-" });
  try {
    const dir = await Deno.realPath(temp); // as Deno names the path it refuses
    const script = `${dir}/job.ts`;
    await Deno.writeTextFile(
      script,
      `import { defineConfig, run, task } from ${JSON.stringify(MOD)};\n` +
        `const report = await run(defineConfig({ outDir: "${dir}/out", tasks: [\n` +
        `  task("c", function* (ctx) { yield* ctx.fetch(${JSON.stringify(url)}); }),\n` +
        `] }), { state: false });\n` +
        `console.log(JSON.stringify([report.tasks[0].outcome, report.warnings]));\n`,
    );
    const ran = await runDeno(
      ["run", "--no-prompt", "--allow-read", `--allow-net=127.0.0.1:${server.port}`, script],
      { stdin: "" },
    );
    assertEquals(JSON.parse(ran.stdout), [
      "done",
      [
        `Cannot write the metadata "${dir}/out/corun.jsonl": corun may not write to ` +
        `"${dir}/out": start it with --allow-write=${dir}/out (or --allow-write) ` +
        "(1 of 1 metadata lines not written)",
      ],
    ], ran.stderr);
  } finally {
    await Deno.remove(temp, { recursive: true });
  }
});
