import { assertEquals, assertStringIncludes } from "npm:deno-std@1.4.0/assert/mod.js";
import { startRouteServer } from "./fixtures/route_server.ts";
import { close, startScriptedServer, write } from "./fixtures/scripted_server.ts";
import { MOD, runDeno } from "./fixtures/run_deno.ts";
import { runOperation } from "../lib/loop/mod.ts";
import { acquireLock, LOCK_FILE_NAME } from "../lib/schedule/mod.ts";

const PERMISSIONS = ["--allow-read", "--allow-write", "--allow-net", "--allow-env"];

/** Runs `corun` from the sources in a fresh folder, with the permissions of `deno task corun`. */
async function corun(
  args: string[],
  extraPermissions: string[] = [],
  env: Record<string, string> = {},
) {
  const dir = await Deno.makeTempDir({ prefix: "corun-url-config-" });
  try {
    return await corunIn(dir, args, extraPermissions, env);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/** Runs `corun` from the sources in `dir`. */
function corunIn(
  dir: string,
  args: string[],
  extraPermissions: string[] = [],
  env: Record<string, string> = {},
) {
  return runDeno(
    ["run", "--quiet", "--no-lock", ...PERMISSIONS, ...extraPermissions, MOD, ...args],
    { cwd: dir, env: { NO_COLOR: "1", DENO_NO_UPDATE_CHECK: "1", ...env } },
  );
}

Deno.test("corun check reads a YAML config from an http: URL (before: a local path file:///…/http:/…)", async () => {
  await using server = startRouteServer({
    "/c.yaml": { body: "tasks:\n  - { name: a, sleep: 1s }\n  - { name: b, sleep: 2s }\n" },
  });
  const result = await corun(["check", server.url("/c.yaml")]);
  assertEquals([result.code, result.stdout, result.stderr], [0, "ok: 2 tasks\n", ""]);
});

Deno.test("a config URL a proxy refuses names the proxy and its variable, and the status by its standard reason, never the proxy's text", async () => {
  // A proxy that refuses, echoing the request's Proxy-Authorization in its reason phrase.
  await using proxy = startScriptedServer({
    respond: (request) => [
      write(
        `HTTP/1.1 403 Denied for ${request.headers.get("proxy-authorization")}\r\n` +
          "Content-Length: 0\r\n\r\n",
      ),
      close(),
    ],
  });
  const result = await corun(["check", "http://config.invalid/c.yaml"], [], {
    http_proxy: `http://alice:s3cret@127.0.0.1:${proxy.port}`,
  });
  assertEquals(result.code, 2, result.stderr);
  assertStringIncludes(
    result.stderr,
    "http://config.invalid/c.yaml: cannot read the config: the server answered 403 Forbidden " +
      `(through proxy http://127.0.0.1:${proxy.port} (from http_proxy))`,
  );
  assertEquals(/Denied|YWxpY2U6|s3cret/.test(result.stderr), false, result.stderr);
});

Deno.test("a TypeScript config from a URL is imported only where Deno may import from its host", async () => {
  await using server = startRouteServer({
    "/c.ts": {
      headers: { "content-type": "application/typescript" },
      body: 'export default { tasks: [{ name: "a", sleep: "1s" }] };\n',
    },
  });
  const url = server.url("/c.ts");
  const refused = await corun(["check", url]);
  assertEquals([refused.code, refused.stdout], [2, ""]);
  assertEquals(
    refused.stderr,
    `${url}: cannot import the config module: Requires import access to "127.0.0.1:${server.port}", ` +
      "run again with the --allow-import flag (a config given by URL that is code is a program " +
      "Deno imports: allow its host with --allow-import=HOST, or save it as a file)\n" +
      `Cannot load the config "${url}": found 1 problem\n`,
  );
  const allowed = await corun(["check", url], [`--allow-import=127.0.0.1:${server.port}`]);
  assertEquals([allowed.code, allowed.stdout, allowed.stderr], [0, "ok: 1 task\n", ""]);
});

Deno.test("a config from a URL may not name a caFile: DENO_CERT, as the refusal says, trusts the CA", async () => {
  await using site = startRouteServer({ "/page": { body: "page\n" } }, { tls: true });
  const task = `tasks:\n  - name: page\n    fetch: ${site.url("/page")}\n`;
  await using server = startRouteServer({
    "/ca.yaml": { body: `defaults: { caFile: ca.pem }\n${task}` },
    "/c.yaml": { body: `metadata: false\n${task}` },
  });
  const refused = await corun(["check", server.url("/ca.yaml")]);
  assertEquals(refused.code, 2);
  assertStringIncludes(refused.stderr, "name its certificate file in DENO_CERT where corun starts");
  const ca = new URL("./fixtures/tls/ca.pem", import.meta.url).pathname;
  const ran = await corun(["run", "--quiet", server.url("/c.yaml")], [], { DENO_CERT: ca });
  assertEquals([ran.code, ran.stderr], [0, ""]);
  assertEquals(site.requests.length, 1);
});

Deno.test("a config from a URL may not write into a folder of the user's, nor through a link out of the working directory", async () => {
  const dir = await Deno.makeTempDir({ prefix: "corun-url-outdir-" });
  try {
    const cwd = `${dir}/cwd`;
    await Deno.mkdir(`${cwd}/src`, { recursive: true });
    await Deno.mkdir(`${dir}/outside`);
    await Deno.writeTextFile(`${cwd}/src/main.ts`, "USER SOURCE\n");
    await Deno.symlink(`${dir}/outside`, `${cwd}/home`);
    await using site = startRouteServer({ "/x": { body: "SERVED\n" } });
    const config = (outDir: string) =>
      `outDir: ${outDir}\ntasks:\n  - { name: a, fetch: "${site.url("/x")}", save: main.ts }\n`;
    await using server = startRouteServer({
      "/src.yaml": { body: config("src") },
      "/home.yaml": { body: config("home/sub") },
      "/new.yaml": { body: config("fresh") },
    });
    const own = "a config read from a URL writes only into a folder of its own under the " +
      "working directory, and ";
    const instead = "; save the config as a file, give it an outDir of its own, and load that";
    const src = server.url("/src.yaml");
    const home = server.url("/home.yaml");
    const refusals = {
      [src]: `${src}:1:9: outDir: ${own}"src" is a folder corun did not make (it is not empty ` +
        "and holds none of .corun-history.jsonl, .corun.lock, .corun-state.json, corun.jsonl, " +
        ".corun), so its server would choose which of the files in it are replaced" + instead,
      [home]: `${home}:1:9: outDir: ${own}"home/sub" leads through a symbolic link to ` +
        `"${await Deno.realPath(`${dir}/outside`)}/sub", which is not such a folder${instead}`,
    };
    for (const [url, refusal] of Object.entries(refusals)) {
      for (const command of ["check", "run"]) {
        const result = await corunIn(cwd, [command, url]);
        assertEquals([result.code, result.stdout], [2, ""], `${command} ${url}`);
        assertStringIncludes(result.stderr, refusal, `${command} ${url}`);
      }
    }
    assertEquals(site.requests.length, 0);
    assertEquals(await Deno.readTextFile(`${cwd}/src/main.ts`), "USER SOURCE\n");
    assertEquals([...Deno.readDirSync(`${dir}/outside`)], []);
    // A folder the config makes is its own: the next run writes into it again.
    for (let run = 0; run < 2; run++) {
      const result = await corunIn(cwd, ["run", "--quiet", server.url("/new.yaml")]);
      assertEquals([result.code, result.stderr], [0, ""], `run ${run}`);
    }
    assertEquals(await Deno.readTextFile(`${cwd}/fresh/main.ts`), "SERVED\n");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

/** Runs `run()` of mod.ts on the config at `url` with no state, in `dir`, as a library user's script. */
function libraryRunIn(dir: string, url: string) {
  const script = `import { run } from ${JSON.stringify(MOD)};\n` +
    `const report = await run(${JSON.stringify(url)}, { state: false });\n` +
    "console.log(report.counts.done);\n";
  return runDeno(["eval", "--quiet", "--no-lock", script], { cwd: dir });
}

Deno.test("a URL config's run that keeps no file of corun's there (metadata: false, no state) can write into its outDir again; a user's folder is still refused; a local config's run leaves no mark", async () => {
  const cwd = await Deno.makeTempDir({ prefix: "corun-url-mark-" });
  try {
    await using site = startRouteServer({ "/x": { body: "SERVED\n" } });
    const saving = (outDir: string) =>
      `outDir: ${outDir}\nmetadata: false\n` +
      `tasks:\n  - { name: a, fetch: "${site.url("/x")}", save: x.txt }\n`;
    await using server = startRouteServer({
      "/library.yaml": { body: saving("library") },
      "/virtual.yaml": { body: saving("virtual") },
      "/cli.yaml": { body: saving("cli") },
      // Nothing saved: its metadata, under a name of its own, is all the run writes there.
      "/logs.yaml": {
        body: `outDir: logs\nmetadata: fetches.jsonl\ntasks:\n  - { fetch: "${site.url("/x")}" }\n`,
      },
      "/mine.yaml": { body: saving("mine") },
    });
    const runs = {
      library: (url: string) => libraryRunIn(cwd, url),
      virtual: (url: string) =>
        corunIn(cwd, ["run", "--quiet", "--virtual-time", "--no-state", url]),
      cli: (url: string) => corunIn(cwd, ["run", "--quiet", "--no-state", url]),
      logs: (url: string) => libraryRunIn(cwd, url),
    };
    for (const [name, runOnce] of Object.entries(runs)) {
      for (let run = 0; run < 2; run++) {
        const result = await runOnce(server.url(`/${name}.yaml`));
        assertEquals(result.code, 0, `${name}, run ${run}: ${result.stderr}`);
      }
    }
    assertEquals(await Deno.readTextFile(`${cwd}/library/x.txt`), "SERVED\n");
    // The second run's line (the first's is archived).
    assertEquals((await Deno.readTextFile(`${cwd}/logs/fetches.jsonl`)).split("\n").length, 2);
    // corun's runs marked only the folders they wrote into.
    await Deno.mkdir(`${cwd}/mine`);
    await Deno.writeTextFile(`${cwd}/mine/notes.txt`, "USER NOTES\n");
    const mine = server.url("/mine.yaml");
    for (const refused of [await libraryRunIn(cwd, mine), await runs.cli(mine)]) {
      assertEquals(refused.code === 0, false, refused.stdout);
      assertStringIncludes(refused.stderr, '"mine" is a folder corun did not make');
    }
    assertEquals([...Deno.readDirSync(`${cwd}/mine`)].map((entry) => entry.name), ["notes.txt"]);
    // A local config's run is not checked, and leaves no file it was not asked for.
    const local = `${cwd}/local.yaml`;
    await Deno.writeTextFile(local, saving("local"));
    for (
      const result of [
        await libraryRunIn(cwd, local),
        await corunIn(cwd, ["run", "--quiet", "--virtual-time", "--no-state", local]),
        await corunIn(cwd, ["run", "--quiet", "--no-state", local]),
      ]
    ) {
      assertEquals(result.code, 0, result.stderr);
    }
    assertEquals(
      [...Deno.readDirSync(`${cwd}/local`)].map((entry) => entry.name).sort(),
      [".corun-history.jsonl", "x.txt"],
    );
  } finally {
    await Deno.remove(cwd, { recursive: true });
  }
});

Deno.test("a config URL's query (a token) shows in no message: not the lock's, not --json's, not a load error's", async () => {
  await using server = startRouteServer({
    "/c.yaml": { body: "outDir: out\ntasks:\n  - { name: a, sleep: 1s }\n" },
    "/bad.yaml": { body: "outDir: out\ntasks:\n  - { name: a, sleep: lots }\n" },
  });
  const dir = await Deno.makeTempDir({ prefix: "corun-url-config-" });
  // Another run of the config holds its lock.
  const held = await runOperation(acquireLock(`${dir}/out/${LOCK_FILE_NAME}`, { mode: "fail" }));
  try {
    if (!held.acquired) throw new Error("the test could not take the lock");
    const token = "?token=s3cr3t#part";
    const shown = server.url("/c.yaml");
    const skipped = await corunIn(dir, ["run", `${shown}${token}`, "--lock=skip", "--json"]);
    assertEquals(skipped.code, 0, skipped.stderr);
    const report = JSON.parse(skipped.stdout);
    assertEquals(report.source, shown);
    assertStringIncludes(report.message, `another run of ${shown} holds the lock`);
    const waited = await corunIn(dir, [
      "run",
      `${shown}${token}`,
      "--lock=wait",
      "--lock-timeout",
      "10ms",
      "--log",
      "cron.log",
    ]);
    assertEquals(waited.code, 75, waited.stderr);
    assertStringIncludes(waited.stderr, `Cannot run "${shown}": another run holds the lock`);
    const bad = await corunIn(dir, ["check", `${server.url("/bad.yaml")}${token}`]);
    assertEquals(bad.code, 2);
    assertStringIncludes(bad.stderr, `Cannot load the config "${server.url("/bad.yaml")}": found`);
    const log = await Deno.readTextFile(`${dir}/cron.log`);
    for (
      const text of [skipped.stdout, skipped.stderr, waited.stdout, waited.stderr, log, bad.stderr]
    ) {
      assertEquals(text.includes("s3cr3t") || text.includes("#part"), false, text);
    }
  } finally {
    if (held.acquired) await held.lock.release();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a URL config's urls given as a URL gets one issue, the refusal of a local file, not also a path's advice it contradicts", async () => {
  const list = "http://127.0.0.1:9/urls.txt";
  await using server = startRouteServer({
    "/list.yaml": { body: `tasks:\n  - name: a\n    fetch: { urls: "${list}" }\n` },
  });
  const url = server.url("/list.yaml");
  const result = await corun(["check", url]);
  assertEquals([result.code, result.stdout], [2, ""]);
  assertEquals(
    result.stderr,
    `${url}:3:20: tasks[0].fetch.urls: a config read from a URL may not name a local file (its ` +
      "server would choose what is read here): give each URL as a task's url, or save the " +
      "config as a file and load that\n" +
      `Cannot load the config "${url}": found 1 problem\n`,
  );
});
