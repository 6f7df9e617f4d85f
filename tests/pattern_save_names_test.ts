// `{n}` inside a name is what glob n matched, as curl's `#n` is: an empty match adds nothing and a
// dot stays (the README's `{,www.}`); only a whole name is trimmed of a trailing dot or made `_`
// when empty. Two URLs of a pattern that still render one file are refused when the config loads.
import {
  assertEquals,
  assertRejects,
  assertStringIncludes,
} from "npm:deno-std@1.4.0/assert/mod.js";
import { ConfigError, defineConfig, fetchTask, run } from "../mod.ts";

/** The files under `dir`, relative, sorted; corun's own left out. */
async function filesIn(dir: string, under = ""): Promise<string[]> {
  const files: string[] = [];
  for await (const entry of Deno.readDir(`${dir}/${under}`)) {
    const path = under === "" ? entry.name : `${under}/${entry.name}`;
    if (entry.isDirectory) files.push(...await filesIn(dir, path));
    else if (!entry.name.startsWith(".corun")) files.push(path);
  }
  return files.sort();
}

Deno.test("{1} in a name gives curl's #1: {,www.}example.org, v{1.,2.}0; an empty whole name is _", async () => {
  const dir = await Deno.makeTempDir({ prefix: "corun-pattern-names-" });
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen: () => {} },
    (request) => new Response(new URL(request.url).pathname),
  );
  try {
    const base = `http://127.0.0.1:${server.addr.port}`;
    const report = await run(
      defineConfig({
        outDir: `${dir}/out`,
        metadata: false,
        tasks: [
          fetchTask("www", `${base}/{,www.}example.org`, { save: "{1}example.org.html" }),
          fetchTask("ver", `${base}/v{1.,2.}0`, { save: "v{1}0.txt" }),
          fetchTask("lang", `${base}/{,de}/{a,b.}`, { save: "{1}/{2}" }),
          fetchTask("dots", `${base}/x/{..,y}`, { save: "d/{1}" }),
        ],
      }),
      { state: false },
    );
    assertEquals(report.tasks.map((task) => task.outcome), ["done", "done", "done", "done"]);
    assertEquals(await filesIn(`${dir}/out`), [
      "_/a",
      "_/b",
      "d/_",
      "d/y",
      "de/a",
      "de/b",
      "example.org.html",
      "v1.0.txt",
      "v2.0.txt",
      "www.example.org.html",
    ]);
    assertEquals(await Deno.readTextFile(`${dir}/out/www.example.org.html`), "/www.example.org");
  } finally {
    await server.shutdown();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("two URLs of a pattern whose names differ only in a trailing dot are refused when the config loads; {,_} is two files", async () => {
  const error = await assertRejects(
    () =>
      run(
        defineConfig({
          outDir: "/tmp/corun-never-written",
          tasks: [fetchTask("p", "http://127.0.0.1:9/{a,a.}", { save: "{1}" })],
        }),
      ),
    ConfigError,
  );
  assertStringIncludes(
    error.message,
    'tasks[0].save: saves http://127.0.0.1:9/a. to "a", as this task does for ' +
      "http://127.0.0.1:9/a: their names come out the same (an empty part adds nothing, and a " +
      "name keeps no trailing dot or space nor a character file systems refuse)",
  );
  // Parts that join into one name, an empty match adding nothing: the advice is text between them.
  const joined = await assertRejects(
    () =>
      run(
        defineConfig({
          outDir: "/tmp/corun-never-written",
          tasks: [fetchTask("p", "http://127.0.0.1:9/{a,ab}-{b,}", { save: "{1}{2}" })],
        }),
      ),
    ConfigError,
  );
  assertStringIncludes(
    joined.message,
    'tasks[0].save: saves http://127.0.0.1:9/ab- to "ab", as this task does for ' +
      "http://127.0.0.1:9/a-b: their names come out the same (an empty part adds nothing",
  );
  assertStringIncludes(joined.message, "(text between or after the parts, {uuid} or {sha256})");
  const dir = await Deno.makeTempDir({ prefix: "corun-pattern-names-" });
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen: () => {} },
    (request) => new Response(new URL(request.url).pathname),
  );
  try {
    const base = `http://127.0.0.1:${server.addr.port}`;
    const report = await run(
      defineConfig({
        outDir: `${dir}/out`,
        metadata: false,
        tasks: [fetchTask("p", `${base}/{,_}`, { save: "f{1}" })],
      }),
      { state: false },
    );
    assertEquals(report.tasks[0].outcome, "done");
    assertEquals(await filesIn(`${dir}/out`), ["f", "f_"]);
    assertEquals(await Deno.readTextFile(`${dir}/out/f`), "/");
  } finally {
    await server.shutdown();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("URLs that differ in a byte that is not UTF-8 (a Latin-1 site's caf%E9, caf%E8) save two files, the byte kept as its escape", async () => {
  const dir = await Deno.makeTempDir({ prefix: "corun-pattern-names-" });
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen: () => {} },
    (request) => new Response(new URL(request.url).pathname),
  );
  try {
    const base = `http://127.0.0.1:${server.addr.port}`;
    const report = await run(
      defineConfig({
        outDir: `${dir}/out`,
        metadata: false,
        tasks: [
          fetchTask("latin1", `${base}/caf{%E9,%E8}%20{a,b}.html`, { save: "{path}" }),
          fetchTask("dl", `${base}/dl/r%E9sum%E9.pdf`, { save: "{filename}" }),
        ],
      }),
      { state: false },
    );
    assertEquals(report.tasks.map((task) => task.outcome), ["done", "done"]);
    assertEquals(await filesIn(`${dir}/out`), [
      "caf%E8 a.html",
      "caf%E8 b.html",
      "caf%E9 a.html",
      "caf%E9 b.html",
      "r%E9sum%E9.pdf",
    ]);
    assertEquals(await Deno.readTextFile(`${dir}/out/caf%E8 b.html`), "/caf%E8%20b.html");
  } finally {
    await server.shutdown();
    await Deno.remove(dir, { recursive: true });
  }
});
