/**
 * `corun run --trace` then `corun report`, as a user runs them, and the page they make as Debian's
 * headless Chromium renders it: its timeline has a row per task and per connection, its slowest
 * fetches name the URLs, its errors table the failure's kind. Outside CI a machine without chromium
 * skips the browser part, loudly; under CI (`CI` set) that fails.
 */
import { assert, assertEquals, assertStringIncludes } from "npm:deno-std@1.4.0/assert/mod.js";
import { MOD, runDeno, runProgram } from "./fixtures/run_deno.ts";

const PERMISSIONS = ["--allow-read", "--allow-write", "--allow-net", "--allow-env"];

/** The Chromium binary, or undefined when none is installed. */
async function findChromium(): Promise<string | undefined> {
  for (const path of ["/usr/bin/chromium", "/usr/bin/chromium-browser"]) {
    try {
      if ((await Deno.stat(path)).isFile) return path;
    } catch {
      // not there
    }
  }
  return undefined;
}

/** Runs headless Chromium on a page, with a profile of its own that is removed afterwards. */
async function chromium(binary: string, args: string[]): Promise<string> {
  const profile = await Deno.makeTempDir({ prefix: "corun-chromium-" });
  try {
    const { code, stdout, stderr } = await runProgram(binary, [
      "--headless=new",
      "--no-sandbox",
      "--disable-gpu",
      `--user-data-dir=${profile}`,
      ...args,
    ]);
    assertEquals(code, 0, stderr);
    return stdout;
  } finally {
    await Deno.remove(profile, { recursive: true });
  }
}

Deno.test("a traced run's report page renders in headless Chromium with its rows, URLs and errors", async () => {
  let flaky = 0;
  await using server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen: () => {} },
    (request) => {
      const path = new URL(request.url).pathname;
      if (path === "/flaky" && flaky++ === 0) return new Response("busy", { status: 503 });
      if (path === "/gone") return new Response("no such page", { status: 404 });
      return new Response(`page ${path} `.repeat(2_000));
    },
  );
  const base = `http://127.0.0.1:${server.addr.port}`;
  const dir = await Deno.makeTempDir({ prefix: "corun-report-" });
  try {
    await Deno.writeTextFile(
      `${dir}/tasks.yaml`,
      [
        "outDir: out",
        "concurrency: 2",
        "defaults: { backoff: 20ms }",
        "tasks:",
        `  - { name: home, fetch: "${base}/home", save: home.txt }`,
        `  - { name: flaky, fetch: "${base}/flaky", save: flaky.txt }`,
        `  - { name: gone, fetch: "${base}/gone", save: gone.txt }`,
        `  - { name: about, fetch: "${base}/about", save: about.txt }`,
      ].join("\n") + "\n",
    );
    const ran = await runDeno(
      ["run", ...PERMISSIONS, MOD, "run", "tasks.yaml", "--trace", "trace.json", "--json"],
      { cwd: dir },
    );
    assertEquals(ran.code, 1, ran.stderr); // the 404 fails its task
    const trace = JSON.parse(await Deno.readTextFile(`${dir}/trace.json`));
    assertEquals(trace.otherData.corunTrace, 1);
    // Written whole under its name: no temporary beside it.
    const names: string[] = [];
    for await (const entry of Deno.readDir(dir)) names.push(entry.name);
    assertEquals(names.toSorted(), ["out", "tasks.yaml", "trace.json"]);

    const reported = await runDeno(["run", ...PERMISSIONS, MOD, "report", "trace.json"], {
      cwd: dir,
    });
    assertEquals(reported.code, 0, reported.stderr);
    const page = await Deno.readTextFile(`${dir}/trace.html`);
    assert(!/<script|https?:\/\/(?!127\.0\.0\.1|www\.w3\.org)/.test(page), "self-contained");

    const binary = await findChromium();
    if (binary === undefined) {
      if (Deno.env.get("CI")) throw new Error("chromium is not installed (.ci/run installs it)");
      console.warn("SKIPPED: chromium is not installed; the report page was not rendered");
      return;
    }
    const dom = await chromium(binary, ["--dump-dom", `file://${dir}/trace.html`]);
    for (const task of ["home", "flaky", "gone", "about"]) {
      assertStringIncludes(dom, `data-label="task ${task}"`);
    }
    assertStringIncludes(dom, 'data-label="connection 1"');
    assertStringIncludes(dom, 'data-label="connection 2"');
    const slowest = dom.slice(
      dom.indexOf('<table id="slowest"'),
      dom.indexOf("</table>", dom.indexOf('<table id="slowest"')),
    );
    for (const path of ["home", "flaky", "gone", "about"]) {
      assertStringIncludes(slowest, `${base}/${path}`);
    }
    const errors = dom.slice(dom.indexOf('<table id="errors"'));
    assertStringIncludes(errors, "HTTP_STATUS 404");
    assertStringIncludes(errors, "HTTP_STATUS 503");

    const shot = `${dir}/trace.png`;
    await chromium(binary, [
      `--screenshot=${shot}`,
      "--window-size=1280,900",
      `file://${dir}/trace.html`,
    ]);
    const png = await Deno.readFile(shot);
    assertEquals([...png.subarray(1, 4)].map((byte) => String.fromCharCode(byte)).join(""), "PNG");
    const keep = Deno.env.get("CORUN_KEEP_SCREENSHOT");
    if (keep) await Deno.copyFile(shot, keep);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
