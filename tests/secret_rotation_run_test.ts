/**
 * A run given `secretsNow` (as `corun worker` gives it: lib/config `followSecrets`) sends every
 * request with the credentials a secret file holds at that request: a custom task's `ctx.fetch`
 * and its enqueued URLs start from `defaults` as they are now, not as they were loaded. `corun
 * worker` itself is tested in worker_secret_rotation_test.ts (PostgreSQL); a worker runs no custom
 * task, but a callback's `ctx.fetch` takes the same path.
 */
import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { followSecrets, validateConfig } from "../lib/config/mod.ts";
import { run } from "../lib/tasks/mod.ts";
import type { TaskContext } from "../lib/tasks/mod.ts";
import { type Route, startRouteServer } from "./fixtures/route_server.ts";
import { withTempDir } from "./fixtures/temp_dir.ts";

const withDir = withTempDir("corun-secret-rotation-run-");

/** Replaces a file as a rotation does: a new file renamed over the old. */
function rotate(path: string, text: string): void {
  Deno.writeTextFileSync(`${path}.new`, text);
  Deno.renameSync(`${path}.new`, path);
}

/**
 * Runs one custom task `calls` under `defaults: { headers: { X-Api-Key: { file: key } } }`, the key
 * file holding `one` until the server answers `/rotate`, then `two`.
 *
 * @returns Each request the server got: its path and the key it carried.
 */
async function keysSentBy(
  calls: (ctx: TaskContext, url: (path: string) => string) => Generator<unknown, void>,
): Promise<string[]> {
  return await withDir(async (dir) => {
    const key = `${dir}/key`;
    const routes: Record<string, Route> = {
      "/rotate": () => {
        rotate(key, "two\n");
        return { body: "rotated" };
      },
    };
    for (const path of ["/before", "/after", "/enqueued"]) routes[path] = { body: "ok" };
    await using server = startRouteServer(routes);
    Deno.writeTextFileSync(key, "one\n");
    const spec = validateConfig({
      outDir: `${dir}/out`,
      metadata: false,
      concurrency: 1,
      defaults: { headers: { "X-Api-Key": { file: key } } },
      tasks: [{ name: "calls", run: (ctx: TaskContext) => calls(ctx, (path) => server.url(path)) }],
    }, `${dir}/inline`);
    const warnings: string[] = [];
    const onWarning = (message: string) => warnings.push(message);
    const report = await run(spec, {
      state: false,
      onWarning,
      secretsNow: followSecrets(spec, { onWarning }),
    });
    assertEquals(report.tasks[0].outcome, "done", JSON.stringify(report.tasks[0]));
    assertEquals(warnings, []);
    return server.requests.map((request) => `${request.path} ${request.headers.get("x-api-key")}`);
  });
}

Deno.test("a custom task's ctx.fetch sends the defaults' key its file holds now", async () => {
  const sent = await keysSentBy(function* (ctx, url) {
    yield* ctx.fetch(url("/before"));
    yield* ctx.fetch(url("/rotate"));
    yield* ctx.fetch(url("/after"));
  });
  assertEquals(sent, ["/before one", "/rotate one", "/after two"]);
});

Deno.test("a custom task's enqueued URL sends the defaults' key its file holds now, its robots.txt too", async () => {
  const sent = await keysSentBy(function* (ctx, url) {
    yield* ctx.fetch(url("/rotate"));
    yield* ctx.enqueue(url("/enqueued"));
  });
  assertEquals(sent, ["/rotate one", "/robots.txt two", "/enqueued two"]);
});
