/**
 * A retry's line says which retry it is of how many its fetch may make: a URL that goes again twice
 * has two lines a reader can tell apart (`retry 1/2`, `retry 2/2`).
 */
import { assertEquals, assertStringIncludes } from "npm:deno-std@1.4.0/assert/mod.js";
import { task, validateConfig } from "../config/mod.ts";
import { run } from "../tasks/mod.ts";
import { startRouteServer } from "../../tests/fixtures/route_server.ts";
import { createFakeWorld } from "../../tests/fixtures/fake_host.ts";
import { EXIT_CODES } from "./exit_codes.ts";
import { main } from "./main.ts";

Deno.test("run's plain lines number each retry of a fetch against its retries", async () => {
  let asked = 0;
  await using server = startRouteServer({
    "/flaky": () => ++asked <= 2 ? { status: 503 } : { body: "at last" },
  });
  const outDir = await Deno.makeTempDir({ prefix: "corun-retry-number-" });
  try {
    const config = validateConfig({
      metadata: false,
      tasks: [{ name: "flaky", fetch: server.url("/flaky"), retries: 2 }],
    }, "tasks.yaml");
    const world = createFakeWorld({ configs: { "tasks.yaml": config }, run });
    const code = await main(
      ["run", "tasks.yaml", "--out", outDir, "--no-state", "--virtual-time"],
      world.host,
    );
    assertEquals(code, EXIT_CODES.ok, world.stdout() + world.stderr());
    const retries = world.stdout().split("\n").filter((line) => line.includes(" retry "))
      .map((line) => line.replace(/^\S+ /, "").replace(/ in \S+:/, " in …:"));
    assertEquals(retries, [
      `flaky retry 1/2 ${server.url("/flaky")} in …: status 503`,
      `flaky retry 2/2 ${server.url("/flaky")} in …: status 503`,
    ]);
  } finally {
    await Deno.remove(outDir, { recursive: true });
  }
});

Deno.test("a ctx.fetch call's retry lines count against the call's own retries", async () => {
  let asked = 0;
  await using server = startRouteServer({
    "/flaky": () => ++asked <= 1 ? { status: 503 } : { body: "at last" },
  });
  const outDir = await Deno.makeTempDir({ prefix: "corun-retry-number-" });
  try {
    const config = validateConfig({
      metadata: false,
      tasks: [task("custom", function* (ctx) {
        yield* ctx.fetch(server.url("/flaky"), { retries: 3 });
      })],
    }, "tasks.ts");
    const world = createFakeWorld({ configs: { "tasks.ts": config }, run });
    const code = await main(
      ["run", "tasks.ts", "--out", outDir, "--no-state", "--virtual-time"],
      world.host,
    );
    assertEquals(code, EXIT_CODES.ok, world.stdout() + world.stderr());
    const retries = world.stdout().split("\n").filter((line) => line.includes(" retry "));
    assertEquals(retries.length, 1, world.stdout());
    assertStringIncludes(retries[0], ` custom retry 1/3 ${server.url("/flaky")} in `);
  } finally {
    await Deno.remove(outDir, { recursive: true });
  }
});
