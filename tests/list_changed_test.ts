// A list emptied or rewritten while the run reads it (`generate > urls.txt` run again): the run
// fetches no half line the cut left, and the task fails saying the list changed, where it had read
// to, instead of ending done with the rest of the list dropped.
import { assert, assertEquals, assertMatch } from "npm:deno-std@1.4.0/assert/mod.js";
import { defineConfig, fetchTask, run } from "../mod.ts";

const LINES = 20_000;
const CONCURRENCY = 8;

for (const change of ["emptied", "rewritten in place"] as const) {
  Deno.test(`a list ${change} while it is read fails its task, and no half line is fetched`, async () => {
    const dir = await Deno.makeTempDir({ prefix: "corun-list-changed-" });
    const release = Promise.withResolvers<void>();
    const firstRequest = Promise.withResolvers<void>();
    const paths: string[] = [];
    // Holds every request until the list has changed: the reader stops once the frontier is full.
    const server = Deno.serve(
      { hostname: "127.0.0.1", port: 0, onListen: () => {} },
      async (request) => {
        paths.push(new URL(request.url).pathname);
        firstRequest.resolve();
        await release.promise;
        return new Response("ok");
      },
    );
    try {
      const list = `${dir}/urls.txt`;
      const base = `http://127.0.0.1:${server.addr.port}`;
      const lines = Array.from(
        { length: LINES },
        (_, i) => `${base}/item/${String(i).padStart(5, "0")}`,
      );
      await Deno.writeTextFile(list, lines.join("\n") + "\n");
      const running = run(
        defineConfig({
          outDir: `${dir}/out`,
          metadata: false,
          concurrency: CONCURRENCY,
          perHost: CONCURRENCY,
          tasks: [fetchTask("m", { urls: list })],
        }),
        { state: false },
      );
      await firstRequest.promise;
      if (change === "emptied") await Deno.truncate(list, 0);
      else await Deno.writeTextFile(list, `${base}/other\n`.repeat(LINES));
      release.resolve();
      const report = await running;
      const task = report.tasks[0];
      assertEquals(task.outcome, "failed");
      assertMatch(
        task.error!.message,
        /^Cannot read the URL list ".*urls\.txt" to its end: it changed while it was read \(after line \d+: /,
      );
      // Every request is a whole line of the list as it was, and each line read was fetched.
      const lineRead = Number(/after line (\d+)/.exec(task.error!.message)![1]);
      assert(lineRead < LINES, `line ${lineRead} read`);
      assert(paths.every((path) => /^\/item\/\d{5}$/.test(path)), "a request for a half line");
      assertEquals(paths.length, lineRead);
      assertEquals(task.items?.done, lineRead);
    } finally {
      release.resolve();
      await server.shutdown();
      await Deno.remove(dir, { recursive: true });
    }
  });
}
