// `pipeline:` through a whole run: an origin that opts in gets its requests on a few connections, N
// in flight on each, every body saved where it belongs; the knob is checked where it is written and
// shown by `plan`.
import { assert, assertEquals, assertThrows } from "npm:deno-std@1.4.0/assert/mod.js";
import { defineConfig, fetchTask, run, task } from "../mod.ts";
import { ConfigError } from "../lib/config/config_error.ts";
import { validateConfig } from "../lib/config/load.ts";
import { main } from "../lib/cli/main.ts";
import { createFakeWorld } from "./fixtures/fake_host.ts";

/** Runs 100 fetches of one origin (16 at once) and says how many connections the server saw. */
async function connectionsFor(pipeline: number | undefined): Promise<number> {
  const ports = new Set<number>();
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen: () => {} },
    (request, info) => {
      ports.add(info.remoteAddr.port);
      return new Response(`body of ${new URL(request.url).pathname}`);
    },
  );
  const outDir = await Deno.makeTempDir({ prefix: "corun-pipeline-" });
  try {
    const base = `http://127.0.0.1:${server.addr.port}`;
    const report = await run(
      defineConfig({
        outDir,
        metadata: false,
        concurrency: 16,
        perHost: 16,
        origins: pipeline === undefined ? {} : { [base]: { pipeline } },
        tasks: [fetchTask("pages", `${base}/p/[1-100]`, { save: "{1}.txt" })],
      }),
      { state: false },
    );
    assertEquals(report.counts.done, 1, JSON.stringify(report.tasks));
    for (let i = 1; i <= 100; i++) {
      assertEquals(await Deno.readTextFile(`${outDir}/${i}.txt`), `body of /p/${i}`);
    }
    return ports.size;
  } finally {
    await server.shutdown();
    await Deno.remove(outDir, { recursive: true });
  }
}

Deno.test("an origin with pipeline: 8 takes its 16 requests in flight on a few connections, every body in its file", async () => {
  const pipelined = await connectionsFor(8);
  const plain = await connectionsFor(undefined);
  assert(pipelined <= 4, `${pipelined} connections with pipeline: 8`);
  assert(plain >= 8, `${plain} connections without pipelining`);
});

Deno.test("a body handed over unread (onResponse, ctx.request) holds no line: the task's next request to the origin is answered", async () => {
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen: () => {} },
    (request) => new Response(`body of ${new URL(request.url).pathname}`),
  );
  const outDir = await Deno.makeTempDir({ prefix: "corun-pipeline-" });
  const seen: string[] = [];
  try {
    const base = `http://127.0.0.1:${server.addr.port}`;
    const report = await run(
      defineConfig({
        outDir,
        metadata: false,
        origins: { [base]: { pipeline: 4 } },
        // Waiting in line behind a body only the waiting task reads would end here, failed.
        defaults: { timeout: { total: "3s" }, retries: 0 },
        tasks: [
          fetchTask("pages", `${base}/p/[1-3]`, {
            *onResponse(response, ctx) {
              const more = yield* ctx.fetch(`${response.url}/more`);
              seen.push(new TextDecoder().decode(more.body));
            },
          }),
          task("stream", function* (ctx) {
            const first = yield* ctx.request(`${base}/s/1`);
            const second = yield* ctx.request(`${base}/s/2`);
            seen.push(yield* second.body.text(), yield* first.body.text());
          }),
        ],
      }),
      { state: false },
    );
    assertEquals(report.counts.done, 2, JSON.stringify(report.tasks));
    assertEquals(seen.toSorted(), [
      "body of /p/1/more",
      "body of /p/2/more",
      "body of /p/3/more",
      "body of /s/1",
      "body of /s/2",
    ]);
  } finally {
    await server.shutdown();
    await Deno.remove(outDir, { recursive: true });
  }
});

Deno.test("pipeline is a whole number from 1 to 64, in defaults, tasks and origins", () => {
  const config = validateConfig(
    {
      defaults: { pipeline: 4 },
      origins: { "https://a.example": { pipeline: 16 } },
      tasks: [{ fetch: "https://a.example/x" }, {
        fetch: { url: "https://b.example/y", pipeline: 2 },
      }],
    },
    "tasks.yaml",
    { baseDir: "/configs" },
  );
  assertEquals(config.origins["https://a.example"].pipeline, 16);
  assertEquals(
    config.tasks.map((task) => task.kind === "fetch" ? task.options.pipeline : undefined),
    [4, 2],
  );
  for (const bad of [0, 65, 2.5, "8"]) {
    const error = assertThrows(
      () =>
        validateConfig(
          {
            origins: { "https://a.example": { pipeline: bad } },
            tasks: [{ fetch: "https://a.example/" }],
          },
          "tasks.yaml",
          { baseDir: "/configs" },
        ),
      ConfigError,
    ) as ConfigError;
    assertEquals(error.issues.map((issue) => issue.path), [
      'origins["https://a.example"].pipeline',
    ]);
    assert(
      /requests in flight on one connection \(a whole number from 1 to 64\)/.test(
        error.issues[0].message,
      ),
      error.issues[0].message,
    );
  }
});

Deno.test("plan shows each origin's pipeline", async () => {
  const config = validateConfig(
    {
      origins: { "https://a.example": { pipeline: 8 } },
      tasks: [{ fetch: "https://a.example/x" }, { fetch: "https://b.example/y" }],
    },
    "tasks.yaml",
    { baseDir: "/configs" },
  );
  const world = createFakeWorld({ configs: { "tasks.yaml": config } });
  await main(["plan", "tasks.yaml"], world.host);
  const lines = world.stdout().split("\n");
  const header = lines.findIndex((line) => line.includes("pipeline") && line.includes("perHost"));
  assert(header >= 0, lines.join("\n"));
  const column = lines[header].indexOf("pipeline");
  const rowOf = (origin: string) => lines.find((line) => line.trim().startsWith(origin))!;
  assertEquals(rowOf("https://a.example").slice(column).split(/\s+/)[0], "8");
  assertEquals(rowOf("https://b.example").slice(column).split(/\s+/)[0], "1");
});
