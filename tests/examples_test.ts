import { assert, assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { CONFIG_EXTENSIONS } from "../lib/config/mod.ts";
import { loadConfig, run, validateConfig } from "../mod.ts";
import { startDemoSite } from "../tasks/demo_server.ts";
import { lessonConfig } from "../tasks/lesson.ts";
import { runDeno } from "./fixtures/run_deno.ts";

const TASKS_DIR = new URL("../tasks/", import.meta.url);

/** Every config in tasks/ (TypeScript files count when they default-export a config). */
async function exampleConfigs(): Promise<string[]> {
  const paths: string[] = [];
  for await (const entry of Deno.readDir(TASKS_DIR)) {
    const extension = entry.name.slice(entry.name.lastIndexOf("."));
    if (!CONFIG_EXTENSIONS.includes(extension)) continue;
    const path = decodeURIComponent(new URL(entry.name, TASKS_DIR).pathname);
    if (extension === ".ts" && !(await Deno.readTextFile(path)).includes("export default")) {
      continue;
    }
    paths.push(path);
  }
  return paths.sort();
}

Deno.test("every example config in tasks/ is valid and plans without doing any I/O", async (t) => {
  const paths = await exampleConfigs();
  assert(paths.length >= 6, `found only ${paths.length} example configs`);
  for (const path of paths) {
    await t.step(path.slice(path.lastIndexOf("/") + 1), async () => {
      const spec = await loadConfig(path);
      const report = await run(spec, { dryRun: true });
      assertEquals(report.counts.done, spec.tasks.length, JSON.stringify(report.tasks));
    });
  }
});

Deno.test("the example configs write only under the git-ignored out/ folder, never into tasks/", async () => {
  const outFolder = decodeURIComponent(new URL("../out/", import.meta.url).pathname);
  for (const path of await exampleConfigs()) {
    const spec = await loadConfig(path);
    const name = path.slice(path.lastIndexOf("/") + 1);
    assert(`${spec.outDir}/`.startsWith(outFolder), `${name}: outDir ${spec.outDir}`);
    const jar = spec.cookies?.file;
    assert(jar === undefined || jar.startsWith(outFolder), `${name}: cookies ${jar}`);
  }
});

Deno.test("every example config file in tasks/ points editors at docs/schema.json", async () => {
  const schemaLines: Record<string, RegExp> = {
    ".yaml": /^# yaml-language-server: \$schema=\.\.\/docs\/schema\.json$/m,
    ".toml": /^#:schema \.\.\/docs\/schema\.json$/m,
    ".json": /^\s*"\$schema": "\.\.\/docs\/schema\.json",$/m,
    ".jsonc": /^\s*"\$schema": "\.\.\/docs\/schema\.json",$/m,
  };
  for (const path of await exampleConfigs()) {
    const extension = path.slice(path.lastIndexOf("."));
    if (extension === ".ts") continue; // TypeScript configs are typed by defineConfig
    const text = await Deno.readTextFile(path);
    assert(schemaLines[extension].test(text), `${path} has no schema line for editors`);
  }
});

Deno.test("the example config means the same in YAML, JSON, JSONC and TOML", async () => {
  const load = async (name: string) => {
    const { source: _source, ...spec } = await loadConfig(
      decodeURIComponent(new URL(name, TASKS_DIR).pathname),
    );
    return spec;
  };
  const yaml = await load("example.yaml");
  for (const other of ["example.json", "example.jsonc", "example.toml"]) {
    assertEquals(await load(other), yaml, other);
  }
});

Deno.test("the lesson's two sleeps overlap: 3s and 2s finish together at 3s", async () => {
  const report = await run(decodeURIComponent(new URL("lesson_sleeps.yaml", TASKS_DIR).pathname), {
    virtualTime: true,
  });
  assertEquals(report.durationMs, 3000);
  assertEquals(report.tasks.map((t) => [t.name, t.startMs, t.endMs]), [
    ["task-1", 0, 3000],
    ["task-2", 0, 2000],
  ]);
});

Deno.test("the asyncio lesson config, pointed at a local HTTPS site, saves both pages by callback", async () => {
  const site = await startDemoSite();
  const outDir = await Deno.makeTempDir({ prefix: "corun-lesson-" });
  try {
    const config = lessonConfig(
      { search: `${site.httpsUrl}/s?wd=corun`, blog: `${site.httpsUrl}/` },
      site.caFile,
    );
    const spec = validateConfig({ ...config, outDir }, "tasks/lesson.ts");
    const report = await run(spec, { virtualTime: true });
    assertEquals(report.counts, { done: 4, failed: 0, cancelled: 0, skipped: 0 });
    assertEquals(report.durationMs, 3000);
    const host = `localhost_${new URL(site.httpsUrl).port}`;
    const saved: string[] = [];
    for await (const entry of Deno.readDir(`${outDir}/${host}`)) saved.push(entry.name);
    assertEquals(saved.length, 2);
    for (const name of saved) {
      assert(/^[0-9a-f-]{36}\.html$/.test(name), name);
      assert((await Deno.readTextFile(`${outDir}/${host}/${name}`)).includes("<h1>"));
    }
  } finally {
    await site.close();
    await Deno.remove(outDir, { recursive: true });
  }
});

/** Runs `deno task demo` as the task does, with `--virtual-time --out outDir` and `env` added. */
async function runDemo(outDir: string, env: Record<string, string> = {}) {
  const { code, stdout, stderr } = await runDeno([
    "run",
    "--allow-read",
    "--allow-write",
    "--allow-net=127.0.0.1,localhost",
    "--allow-env",
    decodeURIComponent(new URL("demo.ts", TASKS_DIR).pathname),
    "--virtual-time",
    "--out",
    outDir,
  ], { env: { NO_COLOR: "1", ...env } });
  return { code, stdout, all: stdout + stderr };
}

Deno.test("the demo (the README's main command) runs offline and writes its results where it says", async () => {
  const outDir = await Deno.makeTempDir({ prefix: "corun-demo-" });
  try {
    const { code, stdout, all } = await runDemo(outDir);
    assertEquals(code, 0, all);
    assert(/9 tasks: 9 done/.test(stdout), stdout);
    assert(stdout.endsWith(`Results are under ${outDir}\n`), stdout); // where --out put them
    assertEquals(
      [...Deno.readDirSync(`${outDir}/pages/numbered`)].map((entry) => entry.name).sort(),
      ["1.html", "2.html", "3.html", "4.html", "5.html", "6.html"],
    );
    assertEquals(
      await Deno.readTextFile(`${outDir}/summary.txt`),
      "The demo site knows sleep and fetch tasks.\n",
    );
  } finally {
    await Deno.remove(outDir, { recursive: true });
  }
});

Deno.test("the demo runs on a machine whose environment names a proxy (its site is local)", async () => {
  const outDir = await Deno.makeTempDir({ prefix: "corun-demo-proxy-" });
  const proxy = "http://proxy.corp.example:3128"; // the demo may not reach it: --allow-net is local
  try {
    const { code, stdout, all } = await runDemo(outDir, { https_proxy: proxy, http_proxy: proxy });
    assertEquals(code, 0, all);
    assert(/9 tasks: 9 done/.test(stdout), stdout);
  } finally {
    await Deno.remove(outDir, { recursive: true });
  }
});
