/**
 * A save template and a URL may together render a file name longer than file systems take (255
 * bytes), though neither alone is. Where the config names the URL, that is a config error at the
 * task's `save`, with its file and line; where only the run knows it (a list, a crawl), that fetch
 * fails before its body is read, naming the URL, the name and the limit, and the others go on. A
 * placeholder's value cut to 199 bytes keeps a hash of the whole, so two long URLs stay two files,
 * and two long names a server gives (`{filename}`, its extension kept after the hash) too.
 */
import {
  assert,
  assertEquals,
  assertMatch,
  assertRejects,
  assertStringIncludes,
} from "npm:deno-std@1.4.0/assert/mod.js";
import { ConfigError, defineConfig, run } from "../mod.ts";
import { loadText } from "./fixtures/config_files.ts";
import { startRouteServer } from "./fixtures/route_server.ts";

const LONG = "a".repeat(240);

Deno.test("a save that renders too long a name for the task's own URL is a config error at its line", async () => {
  const text = [
    "tasks:",
    "  - name: fine",
    `    fetch: https://x.example/${LONG}`,
    '    save: "{path}.{ext}"',
    "  - name: long",
    `    fetch: https://x.example/${LONG}`,
    '    save: "{path}-{sha256}.bin"',
    "",
  ].join("\n");
  const error: ConfigError = await assertRejects(() => loadText("c.yaml", text), ConfigError);
  assertEquals(error.issues.map((issue) => [issue.line, issue.path]), [[7, "tasks[1].save"]]);
  assertStringIncludes(
    error.issues[0].message,
    `Cannot save https://x.example/${LONG} as "{path}-{sha256}.bin": it renders the name`,
  );
  assertStringIncludes(error.issues[0].message, "of 268 bytes, more than the 255");
});

Deno.test("a URL of a list that renders too long a name fails its fetch, naming the URL and the limit; the others are saved", async () => {
  await using server = startRouteServer({
    "/short": { body: "short" },
    [`/${LONG}`]: { body: "long" },
  });
  const dir = await Deno.makeTempDir({ prefix: "corun-name-length-" });
  try {
    const list = `${dir}/urls.txt`;
    await Deno.writeTextFile(list, `${server.url("/short")}\n${server.url(`/${LONG}`)}\n`);
    const report = await run(
      defineConfig({
        outDir: `${dir}/out`,
        tasks: [{
          name: "get",
          fetch: { urls: list },
          save: "{path}-{filename}",
          retries: 2,
        }],
      }),
      { state: false },
    );
    const [get] = report.tasks;
    assertEquals(get.outcome, "failed");
    assertEquals(get.error?.code, "NAME_TOO_LONG");
    assertStringIncludes(get.error!.message, `Cannot save ${server.url(`/${LONG}`)} as`);
    assertStringIncludes(get.error!.message, "more than the 255 a file name may have");
    // Refused before its body is read, and not retried: the name would be as long again.
    assertEquals(server.requests.map((request) => request.path).sort(), [`/${LONG}`, "/short"]);
    const saved = [...Deno.readDirSync(`${dir}/out`)].map((entry) => entry.name).filter((name) =>
      !name.startsWith("corun")
    );
    assertEquals(saved.length, 1);
    assertEquals(saved, ["short-short"]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a URL of a list whose {path} renders a path longer than the system takes, though no name in it is, fails its fetch with NAME_TOO_LONG naming the limit; the others are saved", async () => {
  // 2,000 short folders: 10,903 bytes, where Linux takes 4,095 (macOS 1,023).
  const deep = "/" + Array.from({ length: 2000 }, (_, i) => `d${i}`).join("/") + "/end";
  await using server = startRouteServer({ "/short": { body: "short" }, [deep]: { body: "deep" } });
  const dir = await Deno.makeTempDir({ prefix: "corun-path-length-" });
  try {
    const list = `${dir}/urls.txt`;
    await Deno.writeTextFile(list, `${server.url("/short")}\n${server.url(deep)}\n`);
    const report = await run(
      defineConfig({
        outDir: `${dir}/out`,
        tasks: [{ name: "get", fetch: { urls: list }, save: "{path}", retries: 2 }],
      }),
      { state: false },
    );
    const [get] = report.tasks;
    assertEquals(get.error?.code, "NAME_TOO_LONG");
    assertStringIncludes(get.error!.message, `Cannot save ${server.url(deep)} as "{path}"`);
    assertMatch(
      get.error!.message,
      /the path "d0\/d1\/.*end" of \d+ bytes, more than the \d+ a path/,
    );
    // Not retried: the path would be as long again; no folder of it is left.
    assertEquals(server.requests.map((request) => request.path).sort(), [deep, "/short"]);
    const saved = [...Deno.readDirSync(`${dir}/out`)].map((entry) => entry.name);
    assertEquals(saved.filter((name) => !name.startsWith("corun")), ["short"]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("two URLs whose long path segments begin alike save to two files: a cut name keeps a hash of the whole", async () => {
  await using server = startRouteServer({
    [`/${LONG}1`]: { body: "first" },
    [`/${LONG}2`]: { body: "second" },
  });
  const dir = await Deno.makeTempDir({ prefix: "corun-name-length-" });
  try {
    const list = `${dir}/urls.txt`;
    await Deno.writeTextFile(list, `${server.url(`/${LONG}1`)}\n${server.url(`/${LONG}2`)}\n`);
    const report = await run(
      defineConfig({
        outDir: `${dir}/out`,
        tasks: [{ name: "get", fetch: { urls: list }, save: "{path}" }],
      }),
      { state: false },
    );
    assertEquals(report.tasks[0].outcome, "done", JSON.stringify(report.tasks[0]));
    const saved = [...Deno.readDirSync(`${dir}/out`)].map((entry) => entry.name).filter((name) =>
      !name.startsWith("corun")
    );
    // Each 190 bytes of its start, "~" and 8 hex digits of the whole: 199 bytes, and both bodies.
    assertEquals(saved.length, 2, saved.join("\n"));
    const bodies = saved.map((name) => Deno.readTextFileSync(`${dir}/out/${name}`)).sort();
    assertEquals(bodies, ["first", "second"]);
    for (const name of saved) assertMatch(name, /^a{190}~[0-9a-f]{8}$/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("two long server-given names that begin alike save to two files: {filename} keeps a hash of the whole before its extension", async () => {
  const given = (n: number) => `attachment; filename="${LONG}${n}.tar.gz"`;
  await using server = startRouteServer({
    "/one": { headers: { "Content-Disposition": given(1) }, body: "first" },
    "/two": { headers: { "Content-Disposition": given(2) }, body: "second" },
  });
  const dir = await Deno.makeTempDir({ prefix: "corun-name-length-" });
  try {
    const list = `${dir}/urls.txt`;
    await Deno.writeTextFile(list, `${server.url("/one")}\n${server.url("/two")}\n`);
    const report = await run(
      defineConfig({
        outDir: `${dir}/out`,
        tasks: [{ name: "get", fetch: { urls: list }, save: "{filename}" }],
      }),
      { state: false },
    );
    assertEquals(report.tasks[0].outcome, "done", JSON.stringify(report.tasks[0]));
    const saved = [...Deno.readDirSync(`${dir}/out`)].map((entry) => entry.name).filter((name) =>
      !name.startsWith("corun")
    );
    // Each 183 bytes of its start, "~", 8 hex digits of the whole and its .tar.gz: 199 bytes.
    assertEquals(saved.length, 2, saved.join("\n"));
    const bodies = saved.map((name) => Deno.readTextFileSync(`${dir}/out/${name}`)).sort();
    assertEquals(bodies, ["first", "second"]);
    for (const name of saved) assertMatch(name, /^a{183}~[0-9a-f]{8}\.tar\.gz$/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a list line's own save name longer than the system takes is said once, shortened, with advice for a name", async () => {
  await using server = startRouteServer({ "/x": { body: "x" } });
  const dir = await Deno.makeTempDir({ prefix: "corun-path-length-" });
  try {
    const name = Array.from({ length: 1100 }, (_, i) => `d${i}`).join("/") + "/end.txt";
    const list = `${dir}/urls.txt`;
    await Deno.writeTextFile(list, `${server.url("/x")}\t${name}\n`);
    const report = await run(
      defineConfig({ outDir: `${dir}/out`, tasks: [{ name: "get", fetch: { urls: list } }] }),
      { state: false },
    );
    const [get] = report.tasks;
    assertEquals(get.error?.code, "NAME_TOO_LONG");
    const message = get.error!.message;
    assert(message.length < 600, message);
    assertMatch(message, /: it is the path "d0\/d1\/.*end\.txt" of \d+ bytes, more than the \d+/);
    assert(message.endsWith("; give it a shorter save name"), message);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
