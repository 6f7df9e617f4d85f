/**
 * A URL list that a task of the same run downloads (`fetch: { urls: out/urls.txt }` beside a task
 * that saves `urls.txt`), as a downloaded `checksums` file: it need not exist when the config
 * loads, it is read when its task starts, so that task must run `after` the one that saves it (a
 * located config error says so), and with `--out` elsewhere it is read where the run saved it.
 */
import { assertEquals, assertStringIncludes } from "npm:deno-std@1.4.0/assert/mod.js";
import { ConfigError } from "../lib/config/mod.ts";
import { loadConfig } from "../lib/config/load.ts";
import { run } from "../mod.ts";
import { startRouteServer } from "./fixtures/route_server.ts";
import { withFile } from "./fixtures/config_files.ts";
import { dirname } from "../lib/sinks/deps.ts";

/** A config folder with `c.yaml`; the function gets its path, and the folder goes afterwards. */
function inConfigDir<T>(yaml: string, body: (dir: string) => Promise<T>): Promise<T> {
  return withFile("c.yaml", yaml, (path) => body(dirname(path)));
}

/** The config's problems, as `path: message`; `before` may write files first. */
async function issuesOf(yaml: string, before?: (dir: string) => Promise<void>): Promise<string[]> {
  return await inConfigDir(yaml, async (dir) => {
    await before?.(dir);
    try {
      await loadConfig(`${dir}/c.yaml`);
      return [];
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      return error.issues.map((issue) => `${issue.path}: ${issue.message}`);
    }
  });
}

const listThenMirror = (url: (path: string) => string, after = "\n    after: [getlist]") => `
tasks:
  - { name: getlist, fetch: "${url("/list.txt")}", save: urls.txt }
  - name: mirror
    fetch: { urls: out/urls.txt }
    save: "pages/{path}"${after}
`;

/** A server whose list names `/new1` and `/new2`, each a page. */
function listServer() {
  return startRouteServer({
    "/new1": { body: "one" },
    "/new2": { body: "two" },
  });
}

/** The list the server's `/list.txt` gives: its own `/new1` and `/new2`. */
function listOf(url: (path: string) => string): string {
  return `${url("/new1")}\n${url("/new2")}\n`;
}

Deno.test("a URL list an earlier task of the run saves need not exist when the config loads: the list task reads it once saved", async () => {
  await using pages = listServer();
  const url = (path: string) => pages.url(path);
  await using server = startRouteServer({ "/list.txt": { body: listOf(url) } });
  await inConfigDir(listThenMirror((path) => server.url(path)), async (dir) => {
    // The first run: out/urls.txt does not exist yet.
    const report = await run(await loadConfig(`${dir}/c.yaml`), { state: false });
    assertEquals(report.tasks.map((task) => [task.name, task.outcome, task.items?.done]), [
      ["getlist", "done", undefined],
      ["mirror", "done", 2],
    ]);
    assertEquals(await Deno.readTextFile(`${dir}/out/pages/new2`), "two");
  });
});

Deno.test("a task reading a URL list another task saves must run after it", async () => {
  const url = (path: string) => `http://127.0.0.1:9${path}`;
  // A list left by an earlier run: without `after`, the run would read it, not the new one.
  const stale = async (dir: string) => {
    await Deno.mkdir(`${dir}/out`);
    await Deno.writeTextFile(`${dir}/out/urls.txt`, `${url("/old")}\n`);
  };
  assertEquals(await issuesOf(listThenMirror(url, ""), stale), [
    'tasks[1].fetch.urls: cannot use the URL list "out/urls.txt" yet: task "getlist" saves it ' +
    'in this run; add "getlist" to this task\'s `after` so it is read once saved',
  ]);
  assertEquals(await issuesOf(listThenMirror(url, "")), [
    'tasks[1].fetch.urls: cannot use the URL list "out/urls.txt" yet: task "getlist" saves it ' +
    'in this run; add "getlist" to this task\'s `after` so it is read once saved',
  ]);
  // After it through another task is after it too; a task of its own schedule is refused.
  const through = listThenMirror(url, "\n    after: [middle]") +
    "  - { name: middle, sleep: 1ms, after: [getlist] }\n";
  assertEquals(await issuesOf(through), []);
  const scheduled = await issuesOf(
    listThenMirror(url, '\n    after: [getlist]\n    schedule: "0 3 * * *"'),
  );
  assertEquals(scheduled.length, 1);
  assertStringIncludes(
    scheduled[0],
    'tasks[1].schedule: a task reading the URL list "out/urls.txt", which task "getlist" saves',
  );
});

Deno.test("a URL list nobody saves must still exist when the config loads", async () => {
  const yaml = `
tasks:
  - { name: getlist, fetch: "http://127.0.0.1:9/list.txt", save: other.txt }
  - { name: mirror, fetch: { urls: out/urls.txt }, save: "pages/{path}", after: [getlist] }
`;
  assertEquals(await issuesOf(yaml), [
    'tasks[1].fetch.urls: cannot use the URL list "out/urls.txt": the file does not exist',
  ]);
});

Deno.test("with the output directory moved (--out), a downloaded URL list is read where the run saved it", async () => {
  await using pages = listServer();
  const url = (path: string) => pages.url(path);
  await using server = startRouteServer({ "/list.txt": { body: listOf(url) } });
  await inConfigDir(listThenMirror((path) => server.url(path)), async (dir) => {
    // A stale list where the config's own outDir would have it: it must not be the one read.
    await Deno.mkdir(`${dir}/out`);
    await Deno.writeTextFile(`${dir}/out/urls.txt`, `${url("/old")}\n`);
    const config = await loadConfig(`${dir}/c.yaml`);
    const report = await run(config, { state: false, outDir: `${dir}/elsewhere` });
    assertEquals(report.tasks.map((task) => [task.name, task.outcome, task.items?.done]), [
      ["getlist", "done", undefined],
      ["mirror", "done", 2],
    ]);
    assertEquals(pages.requests.map((request) => request.path).sort(), ["/new1", "/new2"]);
  });
});
