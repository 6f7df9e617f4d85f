// Credentials in a URL (`user:password@`) are never sent, and every log would show them: a config
// refuses them, and so do a list's lines and `ctx.enqueue`, so no password reaches the output.
import { assert, assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { defineConfig, fetchTask, run } from "../mod.ts";
import { startRouteServer } from "./fixtures/route_server.ts";
import { withTempDir } from "./fixtures/temp_dir.ts";

const PASSWORD = "hunter2";

const withDir = withTempDir("corun-credentials-");

Deno.test("a list line with credentials fails, located, and no output shows its password", async () => {
  await using site = startRouteServer({ "/a": { body: "a" }, "/b": { body: "b" } });
  await withDir(async (dir) => {
    const secret = site.url("/a").replace("://", `://me:${PASSWORD}@`);
    await Deno.writeTextFile(`${dir}/urls.txt`, `${secret}\n${site.url("/b")}\n`);
    const report = await run(
      defineConfig({
        outDir: `${dir}/out`,
        tasks: [{ name: "mirror", fetch: { urls: `${dir}/urls.txt` }, save: "{path}" }],
      }),
      { state: false },
    );
    const [mirror] = report.tasks;
    assertEquals(mirror.items, { total: 2, done: 1, failed: 1, cancelled: 0, skipped: 0 });
    assertEquals(
      mirror.error?.message,
      `1 of 2 fetches failed; the first: Task "mirror": line 1 of ${dir}/urls.txt: credentials in a URL are not sent and would be logged; give the ` +
        `task's fetch an auth, as in fetch: { urls, auth: { username, password } }: "${
          secret.replace(`me:${PASSWORD}@`, "***@")
        }"`,
    );
    assertEquals(site.requests.map((request) => request.path), ["/b"]);
    const metadata = await Deno.readTextFile(`${dir}/out/corun.jsonl`);
    assert(!metadata.includes(PASSWORD), metadata);
    // The failed line's record names what was listed, as its error shows it.
    const failed = metadata.trim().split("\n").map((line) => JSON.parse(line))
      .find((record) => record.error !== undefined);
    const shown = secret.replace(`me:${PASSWORD}@`, "***@");
    assertEquals([failed.url, failed.finalUrl], [shown, shown]);
  });
});

Deno.test("ctx.enqueue leaves out a link with credentials: nothing is fetched or logged", async () => {
  await using site = startRouteServer({ "/": {}, "/private": { body: "p" } });
  await withDir(async (dir) => {
    const answers: boolean[] = [];
    const report = await run(
      defineConfig({
        outDir: dir,
        tasks: [
          fetchTask("crawl", site.url("/"), {
            *onResponse(_response, ctx) {
              const link = site.url("/private").replace("://", `://me:${PASSWORD}@`);
              answers.push(yield* ctx.enqueue(link));
            },
          }),
        ],
      }),
      { state: false },
    );
    assertEquals(answers, [false]);
    assertEquals(report.tasks[0].outcome, "done");
    assertEquals(site.requests.map((request) => request.path), ["/"]);
    const metadata = await Deno.readTextFile(`${dir}/corun.jsonl`);
    assert(!metadata.includes(PASSWORD), metadata);
  });
});

Deno.test("ctx.fetch and ctx.request refuse a URL with credentials, hiding them: nothing is sent or logged", async () => {
  await using site = startRouteServer({ "/private": { body: "p" } });
  await withDir(async (dir) => {
    const secret = site.url("/private").replace("://", `://me:${PASSWORD}@`);
    const shown = secret.replace(`me:${PASSWORD}@`, "***@");
    const errors: string[] = [];
    const report = await run(
      defineConfig({
        outDir: dir,
        tasks: [{
          name: "custom",
          *run(ctx) {
            for (const call of [() => ctx.fetch(secret), () => ctx.request({ url: secret })]) {
              try {
                yield* call();
              } catch (error) {
                errors.push((error as Error).message);
              }
            }
          },
        }],
      }),
      { state: false },
    );
    const why = "credentials in a URL are not sent and would be logged; send an Authorization " +
      "header in the request's headers instead";
    assertEquals(errors, [
      `Cannot ctx.fetch ${JSON.stringify(shown)} for task "custom": ${why}`,
      `Cannot ctx.request ${JSON.stringify(shown)} for task "custom": ${why}`,
    ]);
    assertEquals(report.tasks[0].outcome, "done");
    assertEquals(site.requests.length, 0);
    const metadata = await Deno.readTextFile(`${dir}/corun.jsonl`).catch(() => "");
    assert(!metadata.includes(PASSWORD), metadata);
  });
});

Deno.test("ctx.fetch refuses a URL with credentials and mistyped slashes without showing its password", async () => {
  await using site = startRouteServer({ "/private": { body: "p" } });
  await withDir(async (dir) => {
    // The URL parser reads `http:/me:pw@host` as `http://me:pw@host/`: credentials all the same.
    const secret = site.url("/private").replace("://", `:/me:${PASSWORD}@`);
    const errors: string[] = [];
    await run(
      defineConfig({
        outDir: dir,
        tasks: [{
          name: "custom",
          *run(ctx) {
            try {
              yield* ctx.fetch(secret);
            } catch (error) {
              errors.push((error as Error).message);
            }
          },
        }],
      }),
      { state: false },
    );
    assertEquals(errors.length, 1);
    assert(!errors[0].includes(PASSWORD), errors[0]);
    assert(errors[0].startsWith('Cannot ctx.fetch "http:/***@127.0.0.1:'), errors[0]);
    assertEquals(site.requests.length, 0);
  });
});
