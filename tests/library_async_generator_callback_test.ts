/**
 * An `onResponse` written as an `async function*` is a config error at its `onResponse` (`check`
 * finds it), and a callback that returns an async generator fails its fetch saying so. Nothing runs
 * an async generator's body: the callback used to do nothing, silently, and the fetch was done, its
 * page saved as if there were no callback. (An `async function` stays allowed: its promise is
 * awaited.)
 */
import { assertEquals, assertRejects } from "npm:deno-std@1.4.0/assert/mod.js";
import {
  ConfigError,
  type ConfigIssue,
  defineConfig,
  fetchTask,
  type FetchTaskInput,
  run,
} from "../mod.ts";
import { startRouteServer } from "./fixtures/route_server.ts";

/** What a JavaScript user, or a TypeScript config run without a type check, can pass. */
const untyped = (fn: unknown) => fn as FetchTaskInput["onResponse"];

Deno.test("an async generator as onResponse is a config error; one returned by a callback fails its fetch", async () => {
  await using server = startRouteServer({ "/page": { body: "page" } });
  const outDir = await Deno.makeTempDir({ prefix: "corun-library-async-generator-" });
  try {
    let ran = false;
    const crawl = async function* () {
      ran = true;
      yield 1;
    };
    const refused = await assertRejects(
      () =>
        run(
          defineConfig({
            outDir,
            tasks: [fetchTask("crawl", server.url("/page"), { onResponse: untyped(crawl) })],
          }),
          { state: false },
        ),
      ConfigError,
    );
    assertEquals(refused.issues.map((issue: ConfigIssue) => [issue.path, issue.message]), [[
      "tasks[0].onResponse",
      "expected a generator function, got an async one (async function*): write " +
      "function* (response, ctx) { ... }, that waits with yield* (yield* ctx.fetch(url)); " +
      "nothing runs an async generator's body",
    ]]);
    const report = await run(
      defineConfig({
        outDir,
        metadata: false,
        tasks: [
          fetchTask("crawl", server.url("/page"), {
            save: "page.html",
            onResponse: untyped(() => crawl()),
          }),
          fetchTask("awaits", server.url("/page"), {
            onResponse: async () => await Promise.resolve(),
          }),
        ],
      }),
      { state: false },
    );
    assertEquals(report.tasks.map((t) => [t.name, t.outcome, t.error?.message]), [
      [
        "crawl",
        "failed",
        `Cannot run the onResponse of task "crawl" for ${server.url("/page")}: it returned an ` +
        "async generator (async function*), whose body nothing runs; write it as " +
        "function* (response, ctx) { ... }, that waits with yield*",
      ],
      ["awaits", "done", undefined],
    ]);
    assertEquals(ran, false);
    assertEquals([...Deno.readDirSync(outDir)].map((entry) => entry.name), []);
  } finally {
    await Deno.remove(outDir, { recursive: true });
  }
});
