import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { runDeno } from "./fixtures/run_deno.ts";

const REPO = new URL("../", import.meta.url);

/** Serves the repository's files read-only on 127.0.0.1, as a static host of mod.ts would. */
function serveRepo(): Deno.HttpServer<Deno.NetAddr> {
  return Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, async (request) => {
    const path = new URL(request.url).pathname;
    if (path.includes("..")) return new Response("no", { status: 400 });
    try {
      const body = await Deno.readFile(new URL(`.${path}`, REPO));
      return new Response(body, { headers: { "content-type": "application/typescript" } });
    } catch {
      return new Response("not found", { status: 404 });
    }
  });
}

Deno.test("mod.ts works when imported from a URL, outside this repo's import map", async () => {
  const server = serveRepo();
  const dir = await Deno.makeTempDir({ prefix: "corun-url-" });
  try {
    const modUrl = `http://127.0.0.1:${server.addr.port}/mod.ts`;
    const script = `${dir}/user_script.ts`;
    await Deno.writeTextFile(
      script,
      `import { defineConfig, run, sleepTask } from "${modUrl}";
const report = await run(defineConfig({ tasks: [sleepTask("a", "3s"), sleepTask("b", "2s")] }), { virtualTime: true });
console.log(JSON.stringify({ durationMs: report.durationMs, done: report.counts.done }));
`,
    );
    const permissions = ["--allow-import=127.0.0.1", "--allow-env", "--allow-read"];
    const { code, stdout, stderr } = await runDeno(
      ["run", "--quiet", "--no-lock", ...permissions, script],
      { cwd: dir, env: { NO_COLOR: "1", DENO_NO_UPDATE_CHECK: "1" } },
    );
    assertEquals(code, 0, stderr);
    assertEquals(JSON.parse(stdout), {
      durationMs: 3000,
      done: 2,
    });
  } finally {
    await server.shutdown();
    await Deno.remove(dir, { recursive: true });
  }
});
