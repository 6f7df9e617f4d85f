/**
 * A run without the Deno permissions its config is known to need refuses before anything starts:
 * one error per permission naming the hosts (or the folder) and the flag to add, exit 2, no request,
 * no file. Hosts only a list reveals still fail fetch by fetch, each naming its flag.
 */
import { assert, assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { startRouteServer } from "./fixtures/route_server.ts";
import { MOD, runDeno } from "./fixtures/run_deno.ts";

function corun(permissions: string[], args: string[], cwd: string) {
  return runDeno(["run", "--no-prompt", ...permissions, MOD, ...args], { cwd, stdin: "" });
}

async function inTempDir(use: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.realPath(await Deno.makeTempDir({ prefix: "corun-permissions-" }));
  try {
    await use(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("run without --allow-net names the hosts and the flag once, starts nothing, and exits 2", async () => {
  await using server = startRouteServer({ "/a": { body: "a\n" }, "/b": { body: "b\n" } });
  const host = `127.0.0.1:${server.port}`;
  await inTempDir(async (dir) => {
    await Deno.writeTextFile(
      `${dir}/n.yaml`,
      `outDir: out\ntasks:\n  - name: a\n    fetch: http://${host}/a\n    save: a.txt\n` +
        `  - name: b\n    fetch: http://${host}/b\n  - name: nap\n    sleep: 1s\n`,
    );
    const noNet = ["--allow-read", "--allow-write", "--allow-env"];
    const run = await corun(noNet, ["run", "n.yaml"], dir);
    assertEquals([run.code, run.stdout, run.stderr], [
      2,
      "",
      `n.yaml: corun may not connect to ${host} (tasks "a" and "b"): start it with ` +
      `--allow-net=${host} (or --allow-net)\n`,
    ]);
    assertEquals(server.requests.length, 0);
    assertEquals([...Deno.readDirSync(dir)].map((entry) => entry.name), ["n.yaml"]);

    // check has no need of the network: it passes, and warns of what run will need.
    const check = await corun(noNet, ["check", "n.yaml"], dir);
    assertEquals([check.code, check.stdout], [0, "ok: 3 tasks\n"], check.stderr);
    assertEquals(
      check.stderr,
      `warning: n.yaml: this check may not connect to ${host} (tasks "a" and "b"); ` +
        `corun run will need --allow-net=${host} (or --allow-net)\n`,
    );

    // The narrow flag the message gives is enough.
    const granted = await corun(
      [...noNet, `--allow-net=${host}`],
      ["run", "n.yaml", "--virtual-time", "--quiet"],
      dir,
    );
    assertEquals(granted.code, 0, granted.stderr);
    assertEquals(await Deno.readTextFile(`${dir}/out/a.txt`), "a\n");
  });
});

Deno.test("run without --allow-write for the output directory and --allow-net says both, each with its flag", async () => {
  await inTempDir(async (dir) => {
    await Deno.writeTextFile(
      `${dir}/w.yaml`,
      "outDir: out\ntasks:\n  - name: a\n    fetch: http://127.0.0.1:9/a\n    save: a.txt\n",
    );
    const run = await corun(["--allow-read", "--allow-env"], ["run", "w.yaml"], dir);
    assertEquals([run.code, run.stderr], [
      2,
      `w.yaml: corun may not connect to 127.0.0.1:9 (task "a"): start it with ` +
      "--allow-net=127.0.0.1:9 (or --allow-net)\n" +
      `w.yaml: outDir: corun may not write to "${dir}/out": start it with ` +
      `--allow-write=${dir}/out (or --allow-write)\n`,
    ]);
  });
});

Deno.test("a list file corun may not read is a config error naming the flag; a host only the list names fails its fetch, naming its flag", async () => {
  await using server = startRouteServer({ "/x": { body: "x\n" } });
  await inTempDir(async (dir) => {
    await Deno.writeTextFile(`${dir}/urls.txt`, `http://127.0.0.1:${server.port}/x\n`);
    await Deno.writeTextFile(
      `${dir}/l.yaml`,
      "outDir: out\ntasks:\n  - name: listed\n    fetch: { urls: urls.txt }\n" +
        '    save: "{path}"\n    retries: 0\n',
    );
    const unread = await corun(
      [`--allow-read=${dir}/l.yaml`, "--allow-write", "--allow-env", "--allow-net"],
      ["run", "l.yaml"],
      dir,
    );
    assertEquals([unread.code, unread.stderr], [
      2,
      `l.yaml:4:20: tasks[0].fetch.urls: cannot use the URL list "urls.txt": corun may not read ` +
      `"${dir}/urls.txt": start it with --allow-read=${dir}/urls.txt (or --allow-read)\n` +
      'Cannot load the config "l.yaml": found 1 problem\n',
    ]);

    const elsewhere = await corun(
      ["--allow-read", "--allow-write", "--allow-env", "--allow-net=localhost"],
      ["run", "l.yaml", "--quiet"],
      dir,
    );
    assertEquals(elsewhere.code, 1, elsewhere.stderr);
    const host = `127.0.0.1:${server.port}`;
    assert(
      elsewhere.stdout.includes(
        `Cannot connect to ${host}: Deno's permissions do not allow it: run again with ` +
          `--allow-net=${host} (or --allow-net)`,
      ),
      elsewhere.stdout,
    );
    assertEquals(server.requests.length, 0);
  });
});

Deno.test("a credential's variable or file corun may not read is a config error naming --allow-env or --allow-read, never Deno's NotCapable", async () => {
  await using server = startRouteServer({ "/s": { body: "s\n" } });
  await inTempDir(async (dir) => {
    await Deno.writeTextFile(`${dir}/token.txt`, "t0k3n-4711\n");
    await Deno.writeTextFile(
      `${dir}/s.yaml`,
      `tasks:\n  - name: secret\n    fetch:\n      url: "http://127.0.0.1:${server.port}/s"\n` +
        "      headers: { X-Api-Key: { file: token.txt } }\n" +
        "      auth: { bearer: { env: CORUN_PERM_TOKEN } }\n",
    );
    const env = { CORUN_PERM_TOKEN: "t0k3n-4711" };
    const net = `--allow-net=127.0.0.1:${server.port}`;
    // No --allow-env at all; the file's folder may not be read.
    for (const command of ["run", "check", "plan"]) {
      const refused = await runDeno(
        [
          "run",
          "--no-prompt",
          `--allow-read=${dir}/s.yaml`,
          "--allow-write",
          net,
          MOD,
          command,
          "s.yaml",
        ],
        { cwd: dir, stdin: "", env },
      );
      assertEquals([refused.code, refused.stdout, refused.stderr], [
        2,
        "",
        `s.yaml:5:37: tasks[0].fetch.headers["X-Api-Key"].file: cannot use the secret file ` +
        `"token.txt": corun may not read "${dir}/token.txt": start it with ` +
        `--allow-read=${dir}/token.txt (or --allow-read)\n` +
        "s.yaml:6:30: tasks[0].fetch.auth.bearer.env: cannot use the environment variable " +
        "CORUN_PERM_TOKEN: corun may not read it: start it with --allow-env=CORUN_PERM_TOKEN " +
        "(or --allow-env)\n" +
        'Cannot load the config "s.yaml": found 2 problems\n',
      ], command);
    }
    assertEquals(server.requests.length, 0);
    // The narrow flags the messages give are enough (with the working directory's read, which
    // every run that writes needs: working_dir_read_test.ts).
    await Deno.mkdir(`${dir}/cwd`);
    const granted = await runDeno(
      [
        "run",
        "--no-prompt",
        `--allow-read=${dir}/s.yaml,${dir}/token.txt,${dir}/cwd`,
        `--allow-write=${dir}`,
        "--allow-env=CORUN_PERM_TOKEN",
        net,
        MOD,
        "run",
        "../s.yaml",
        "--quiet",
      ],
      { cwd: `${dir}/cwd`, stdin: "", env },
    );
    assertEquals(granted.code, 0, granted.stderr);
    assertEquals(server.requests.map((request) => request.headers.get("authorization")), [
      "Bearer t0k3n-4711",
    ]);
  });
});

Deno.test("a credential written where a variable's name goes is not shown in the --allow-env hint", async () => {
  await inTempDir(async (dir) => {
    await Deno.writeTextFile(
      `${dir}/t.yaml`,
      "tasks:\n  - fetch:\n      url: http://127.0.0.1:9/\n" +
        "      auth: { bearer: { env: ghp_16C7abcDEFghiJKLmnoPQRstuVWX } }\n" +
        "      headers: { X-Trace: { env: CORUN_PERM_TRACE } }\n",
    );
    const refused = await corun([`--allow-read=${dir}/t.yaml`], ["check", "t.yaml"], dir);
    assertEquals([refused.code, refused.stdout, refused.stderr], [
      2,
      "",
      "t.yaml:4:30: tasks[0].fetch.auth.bearer.env: cannot use the variable named at this " +
      "field (not shown: it looks like a credential, not a variable's name): corun may not read " +
      "it; write the variable's name here, then allow it with --allow-env=NAME (or --allow-env)\n" +
      't.yaml:5:34: tasks[0].fetch.headers["X-Trace"].env: cannot use the environment variable ' +
      "CORUN_PERM_TRACE: corun may not read it: start it with --allow-env=CORUN_PERM_TRACE " +
      "(or --allow-env)\n" +
      'Cannot load the config "t.yaml": found 2 problems\n',
    ]);
  });
});

Deno.test("schedule without --allow-net refuses at its start for the tasks its fires run, and only those", async () => {
  await inTempDir(async (dir) => {
    const fetch = "  - name: page\n    fetch: http://127.0.0.1:9/\n    save: page.txt\n";
    const nap = "  - name: nap\n    sleep: 1s\n    schedule: '@yearly'\n";
    await Deno.writeTextFile(`${dir}/fired.yaml`, `tasks:\n${fetch}    schedule: '@yearly'\n`);
    await Deno.writeTextFile(`${dir}/unfired.yaml`, `tasks:\n${fetch}${nap}`);
    const until = new Date(Date.now() + 60_000).toISOString();
    const schedule = (name: string) =>
      corun(["--allow-read", "--allow-write", "--allow-env"], [
        "schedule",
        name,
        "--until",
        until,
      ], dir);
    const fired = await schedule("fired.yaml");
    assertEquals([fired.code, fired.stderr], [
      2,
      'fired.yaml: corun may not connect to 127.0.0.1:9 (task "page"): start it with ' +
      "--allow-net=127.0.0.1:9 (or --allow-net)\n",
    ]);
    // The fetch task has no schedule of its own and the config none: no fire runs it.
    const unfired = await schedule("unfired.yaml");
    assertEquals(unfired.code, 0, unfired.stderr);
    assert(unfired.stderr.includes("Nothing fires before --until"), unfired.stderr);
  });
});

Deno.test("a --virtual-time preview sends no notify ping, so it needs no --allow-net for one", async () => {
  await inTempDir(async (dir) => {
    await Deno.writeTextFile(
      `${dir}/p.yaml`,
      `outDir: out\nnotify: { success: "http://127.0.0.1:9/ping" }\nschedule: "* * * * *"\n` +
        `tasks:\n  - name: nap\n    sleep: 1s\n`,
    );
    const until = new Date(Date.now() + 150_000).toISOString();
    const noNet = ["--allow-read", "--allow-write", "--allow-env"];
    const preview = await corun(noNet, ["run", "p.yaml", "--virtual-time"], dir);
    assertEquals(preview.code, 0, preview.stderr);
    assert(preview.stdout.includes("not sent (virtual time)"), preview.stdout);
    for (const args of [["run", "p.yaml"], ["schedule", "p.yaml", "--until", until]]) {
      // A real run's ping needs it, as before.
      const real = await corun(noNet, args, dir);
      assertEquals(real.code, 2, real.stderr);
      assert(real.stderr.includes("--allow-net=127.0.0.1:9"), real.stderr);
    }
    const scheduled = await corun(
      noNet,
      ["schedule", "p.yaml", "--virtual-time", "--until", until],
      dir,
    );
    assertEquals(scheduled.code, 0, scheduled.stderr);
    assert(scheduled.stdout.includes("not sent (virtual time)"), scheduled.stdout);
  });
});

/** A TS config of one crawl from `start`, its callback enqueuing every line of each page. */
function crawlConfig(start: string, origins: string[]): string {
  return `import { defineConfig, fetchTask } from ${JSON.stringify(MOD)};\n` +
    "export default defineConfig({ outDir: 'out', tasks: [\n" +
    `  fetchTask("crawl", ${JSON.stringify(start)}, {\n` +
    `    retries: 0, crawl: { origins: ${JSON.stringify(origins)} },\n` +
    "    *onResponse(response, ctx) {\n" +
    "      for (const link of (yield* response.body.text()).split('\\n')) {\n" +
    "        if (link !== '') yield* ctx.enqueue(link);\n" +
    "      }\n" +
    "    },\n" +
    "  }),\n" +
    "]});\n";
}

Deno.test("the hosts a crawl lists in crawl.origins need --allow-net up front, as its own URLs' do", async () => {
  await using server = startRouteServer({ "/start": { body: "" } });
  const own = `http://127.0.0.1:${server.port}`;
  await inTempDir(async (dir) => {
    await Deno.writeTextFile(
      `${dir}/c.ts`,
      crawlConfig(`${own}/start`, [own, "http://localhost:9"]),
    );
    const run = await corun(
      ["--allow-read", "--allow-write", "--allow-env", `--allow-net=127.0.0.1:${server.port}`],
      ["run", "c.ts"],
      dir,
    );
    assertEquals([run.code, run.stdout, run.stderr], [
      2,
      "",
      'c.ts: corun may not connect to localhost:9 (task "crawl"): start it with ' +
      "--allow-net=localhost:9 (or --allow-net)\n",
    ]);
    assertEquals(server.requests.length, 0);
  });
});

Deno.test("a robots.txt redirected to a host Deno may not connect to is taken as none, said once: the links are fetched, the file asked once", async () => {
  await using server = startRouteServer({
    "/start": { body: "/one\n/two\n/three\n" },
    // Its robots.txt moved to a host the run was not granted: a redirect corun cannot follow.
    "/robots.txt": { status: 302, headers: { Location: "http://localhost:9/robots.txt" } },
    "/one": { body: "one\n" },
    "/two": { body: "two\n" },
    "/three": { body: "three\n" },
  });
  const own = `http://127.0.0.1:${server.port}`;
  await inTempDir(async (dir) => {
    await Deno.writeTextFile(`${dir}/c.ts`, crawlConfig(`${own}/start`, [own]));
    const run = await corun(
      ["--allow-read", "--allow-write", "--allow-env", `--allow-net=127.0.0.1:${server.port}`],
      ["run", "c.ts", "--quiet"],
      dir,
    );
    const robots = `${own}/robots.txt`;
    assertEquals([run.code, run.stderr], [
      0,
      `warning: Cannot read ${robots} (it redirects: Cannot fetch http://localhost:9/robots.txt: ` +
      "cannot connect to localhost:9: Deno's permissions do not allow it: run again with " +
      "--allow-net=localhost:9 (or --allow-net)): every crawled link to " +
      `${own} is allowed for the rest of the run (its next 24 hours at most), as RFC 9309 ` +
      "takes a robots.txt that redirects do not reach as unavailable\n",
    ], run.stdout);
    const paths = server.requests.map((request) => request.path);
    assertEquals(paths.slice(0, 2), ["/start", "/robots.txt"]);
    assertEquals(paths.slice(2).sort(), ["/one", "/three", "/two"]);
  });
});

Deno.test("a robots.txt on a link's own origin Deno may not connect to fails each link with NOT_PERMITTED, naming the file", async () => {
  // Its links are on the same server by another name, localhost, which the run was not granted.
  let refusedHost = "";
  await using server = startRouteServer({
    "/start": () => ({ body: `http://${refusedHost}/one\nhttp://${refusedHost}/two\n` }),
  });
  refusedHost = `localhost:${server.port}`;
  const own = `http://127.0.0.1:${server.port}`;
  await inTempDir(async (dir) => {
    // A list's URL on localhost makes it an origin of the crawl, unchecked up front.
    await Deno.writeTextFile(`${dir}/urls.txt`, `${own}/start\nhttp://${refusedHost}/seed\n`);
    await Deno.writeTextFile(
      `${dir}/c.ts`,
      `import { defineConfig, fetchTask } from ${JSON.stringify(MOD)};\n` +
        "export default defineConfig({ outDir: 'out', tasks: [\n" +
        "  fetchTask('crawl', { urls: 'urls.txt' }, {\n" +
        "    retries: 0, save: '{host}/{path}',\n" +
        "    *onResponse(response, ctx) {\n" +
        "      for (const link of (yield* response.body.text()).split('\\n')) {\n" +
        "        if (link !== '') yield* ctx.enqueue(link);\n" +
        "      }\n" +
        "    },\n" +
        "  }),\n" +
        "]});\n",
    );
    const run = await corun(
      ["--allow-read", "--allow-write", "--allow-env", `--allow-net=127.0.0.1:${server.port}`],
      ["run", "c.ts", "--quiet"],
      dir,
    );
    assertEquals(run.code, 1, run.stdout + run.stderr);
    const lines = (await Deno.readTextFile(`${dir}/out/corun.jsonl`)).trim().split("\n")
      .map((line) => JSON.parse(line));
    const errorOf = (path: string) =>
      lines.find((line) => line.url === `http://${refusedHost}${path}`)?.error;
    const notPermitted = `Cannot connect to ${refusedHost}: Deno's permissions do not allow it: ` +
      `run again with --allow-net=${refusedHost} (or --allow-net)`;
    for (const path of ["/one", "/two"]) {
      assertEquals(errorOf(path), {
        code: "NOT_PERMITTED",
        message: `Cannot read http://${refusedHost}/robots.txt: ${notPermitted}`,
      }, JSON.stringify(lines));
    }
    assert(!run.stderr.includes("disallows all"), run.stderr);
    assertEquals(server.requests.map((request) => request.path), ["/start"]);
  });
});

Deno.test("a cookie jar whose folder corun may not write is refused before any request, and check warns of it; one it may not read is a config error in corun's words", async () => {
  await using server = startRouteServer({ "/a": { body: "a\n" } });
  const host = `127.0.0.1:${server.port}`;
  await inTempDir(async (dir) => {
    await Deno.mkdir(`${dir}/jar`);
    await Deno.writeTextFile(
      `${dir}/j.yaml`,
      `outDir: out\ncookies: jar/jar.txt\ntasks:\n  - name: a\n    fetch: http://${host}/a\n` +
        "    save: a.txt\n",
    );
    const narrow = ["--allow-read", `--allow-write=${dir}/out`, `--allow-net=${host}`];
    const run = await corun(narrow, ["run", "j.yaml"], dir);
    assertEquals([run.code, run.stdout, run.stderr], [
      2,
      "",
      `j.yaml: cookies: corun may not write to "${dir}/jar": start it with ` +
      `--allow-write=${dir}/jar (or --allow-write)\n`,
    ]);
    assertEquals(server.requests.length, 0);

    const check = await corun(["--allow-read"], ["check", "j.yaml"], dir);
    assertEquals(check.code, 0, check.stderr);
    assert(
      check.stderr.includes(
        `warning: j.yaml: cookies: this check may not write to "${dir}/jar"; corun run will ` +
          `need --allow-write=${dir}/jar (or --allow-write)\n`,
      ),
      check.stderr,
    );

    await Deno.writeTextFile(`${dir}/jar/jar.txt`, "");
    const unread = await corun(
      [`--allow-read=${dir}/j.yaml,${dir}/out`, "--allow-write", `--allow-net=${host}`],
      ["run", "j.yaml"],
      dir,
    );
    assertEquals([unread.code, unread.stderr], [
      2,
      `j.yaml:2:10: cookies: cannot use the cookie jar "jar/jar.txt": corun may not read ` +
      `"${dir}/jar/jar.txt": start it with --allow-read=${dir}/jar/jar.txt (or --allow-read)\n` +
      'Cannot load the config "j.yaml": found 1 problem\n',
    ]);
  });
});

Deno.test("a --virtual-time preview saves no cookie jar, so it needs no --allow-write for its folder, from the command line or run({ virtualTime: true })", async () => {
  await using server = startRouteServer({ "/a": { body: "a\n" } });
  const host = `127.0.0.1:${server.port}`;
  await inTempDir(async (dir) => {
    await Deno.mkdir(`${dir}/jar`);
    await Deno.writeTextFile(
      `${dir}/j.yaml`,
      `outDir: out\ncookies: jar/jar.txt\nschedule: "* * * * *"\n` +
        `tasks:\n  - name: a\n    fetch: http://${host}/a\n    save: a.txt\n`,
    );
    await Deno.writeTextFile(
      `${dir}/preview.ts`,
      `import { run } from ${JSON.stringify(MOD)};\n` +
        `const report = await run(${JSON.stringify(`${dir}/j.yaml`)}, { virtualTime: true });\n` +
        "console.log(report.counts.done);\n",
    );
    const narrow = ["--allow-read", `--allow-write=${dir}/out`, `--allow-net=${host}`];
    const until = new Date(Date.now() + 90_000).toISOString();
    for (
      const args of [
        ["run", "j.yaml", "--virtual-time", "--quiet"],
        ["schedule", "j.yaml", "--virtual-time", "--until", until],
        ["preview.ts"],
      ]
    ) {
      const preview = args[0] === "preview.ts"
        ? await runDeno(["run", "--no-prompt", ...narrow, "preview.ts"], { cwd: dir, stdin: "" })
        : await corun(narrow, args, dir);
      assertEquals(preview.code, 0, `${args.join(" ")}: ${preview.stderr}`);
      assert(!preview.stderr.includes("cookies"), preview.stderr);
    }
    assertEquals([...Deno.readDirSync(`${dir}/jar`)], []);
  });
});

Deno.test({
  name:
    "an output directory or --log under /dev (the RAM disk /dev/shm), which Deno lets a program use only with -A, is refused before any request; -A runs there",
  // Only a process with every permission may look under /dev: this one may not.
  ignore: Deno.build.os !== "linux",
  async fn() {
    await using server = startRouteServer({ "/x": { body: "x\n" } });
    const host = `127.0.0.1:${server.port}`;
    const shm = `/dev/shm/corun-permissions-${crypto.randomUUID()}`;
    const refused = (path: string) =>
      `corun may not write to "${path}" (Deno lets a program use a path under /dev only with ` +
      "every permission, whatever --allow-write grants): start it with --allow-all (or give a " +
      "path outside /dev)";
    await inTempDir(async (dir) => {
      await Deno.writeTextFile(
        `${dir}/d.yaml`,
        `outDir: ${shm}\ntasks:\n  - name: a\n    fetch: http://${host}/x\n    save: a.txt\n`,
      );
      await Deno.writeTextFile(
        `${dir}/l.yaml`,
        `outDir: out\ntasks:\n  - name: a\n    fetch: http://${host}/x\n    save: a.txt\n`,
      );
      // Deno's query says granted there: unscoped --allow-write does not help.
      const granted = ["--allow-read", "--allow-write", "--allow-env", `--allow-net=${host}`];
      const outDir = await corun(granted, ["run", "d.yaml"], dir);
      assertEquals([outDir.code, outDir.stdout, outDir.stderr], [
        2,
        "",
        `d.yaml: outDir: ${refused(shm)}\n`,
      ]);
      const log = await corun(granted, ["run", "l.yaml", "--log", `${shm}.log`], dir);
      assertEquals([log.code, log.stdout, log.stderr], [
        2,
        "",
        `Cannot use --log "${shm}.log": ${refused(`${shm}.log`)}\n`,
      ]);
      await Deno.writeTextFile(
        `${dir}/j.yaml`,
        `outDir: out\ncookies: ${shm}.jar\ntasks:\n  - name: a\n    fetch: http://${host}/x\n`,
      );
      const jar = await corun(granted, ["run", "j.yaml"], dir);
      assertEquals([jar.code, jar.stderr.split("\n")[0]], [
        2,
        `j.yaml:2:10: cookies: cannot use the cookie jar "${shm}.jar": ` +
        refused(`${shm}.jar`).replace("write to", "read").replace("--allow-write", "--allow-read"),
      ]);
      assertEquals(server.requests.length, 0);

      // `deno eval` has every permission: it reads and removes what the run wrote there.
      const underShm = (code: string) => runDeno(["eval", code], { stdin: "" });
      try {
        const all = await corun(["-A"], ["run", "d.yaml", "--quiet"], dir);
        assertEquals(all.code, 0, all.stdout + all.stderr);
        const saved = await underShm(`Deno.stdout.writeSync(Deno.readFileSync("${shm}/a.txt"))`);
        assertEquals(saved.stdout, "x\n", saved.stderr);
      } finally {
        await underShm(`Deno.removeSync("${shm}", { recursive: true })`);
      }
    });
  },
});

Deno.test({
  name:
    "an output directory not made yet, behind a link into /dev/shm, is refused before anything is made there, and check warns of it",
  ignore: Deno.build.os !== "linux",
  async fn() {
    await inTempDir(async (dir) => {
      // The link's target exists; the folder the run would make in it does not.
      await Deno.symlink("/dev/shm", `${dir}/shm`);
      const name = `corun-permissions-${crypto.randomUUID()}`;
      await Deno.writeTextFile(
        `${dir}/n.yaml`,
        `outDir: shm/${name}/cfg\ntasks:\n  - name: a\n    fetch: http://127.0.0.1:9/a\n`,
      );
      const granted = ["--allow-read", "--allow-write", "--allow-env", "--allow-net"];
      const refused = (path: string) =>
        `corun may not write to "${path}" (Deno lets a program use a path under /dev only with ` +
        "every permission, whatever --allow-write grants): start it with --allow-all (or give a " +
        "path outside /dev)";
      // Only a process with every permission may look under /dev: `deno eval` has them. What a
      // run made there is removed, so that a failing run leaves nothing in RAM.
      const removeMade = () =>
        runDeno([
          "eval",
          `const made = Deno.readDirSync("/dev/shm").some((entry) => entry.name === "${name}");
          if (made) Deno.removeSync("/dev/shm/${name}", { recursive: true });
          console.log(made);`,
        ], { stdin: "" });
      let made: Awaited<ReturnType<typeof removeMade>> | undefined;
      try {
        const out = await corun(granted, ["run", "n.yaml", "--out", `shm/${name}`], dir);
        assertEquals([out.code, out.stderr], [2, `--out: ${refused(`${dir}/shm/${name}`)}\n`]);
        const config = await corun(granted, ["run", "n.yaml"], dir);
        assertEquals(
          [config.code, config.stderr],
          [2, `n.yaml: outDir: ${refused(`${dir}/shm/${name}/cfg`)}\n`],
        );
        const check = await corun(["--allow-read"], ["check", "n.yaml"], dir);
        assertEquals(check.code, 0, check.stderr);
        assert(
          check.stderr.includes(`warning: n.yaml: outDir: this check may not write`),
          check.stderr,
        );
      } finally {
        made = await removeMade();
      }
      assertEquals(made.stdout.trim(), "false", made.stderr);
    });
  },
});

Deno.test({
  name:
    "schedule --trace under /dev/shm is refused before the scheduler starts, as run's, though each run names its own trace",
  ignore: Deno.build.os !== "linux",
  async fn() {
    await inTempDir(async (dir) => {
      await Deno.writeTextFile(
        `${dir}/s.yaml`,
        `outDir: out\nschedule: "* * * * *"\ntasks:\n  - name: nap\n    sleep: 1s\n`,
      );
      const trace = `/dev/shm/corun-permissions-${crypto.randomUUID()}.json`;
      const until = new Date(Date.now() + 150_000).toISOString();
      const granted = ["--allow-read", "--allow-write", "--allow-env", "--allow-net"];
      const args = ["s.yaml", "--trace", trace, "--virtual-time", "--until", until];
      const scheduled = await corun(granted, ["schedule", ...args], dir);
      assertEquals([scheduled.code, scheduled.stdout, scheduled.stderr], [
        2,
        "",
        `Cannot use --trace "${trace}": corun may not write to "${trace}" (Deno lets a program ` +
        "use a path under /dev only with every permission, whatever --allow-write grants): start " +
        "it with --allow-all (or give a path outside /dev)\n",
      ]);
    });
  },
});

Deno.test({
  name:
    "--trace /dev/stdout or --log /dev/stderr is pointed at -, corun's own way to write to standard output, not only at --allow-all",
  ignore: Deno.build.os !== "linux",
  async fn() {
    await inTempDir(async (dir) => {
      await Deno.writeTextFile(
        `${dir}/n.yaml`,
        "outDir: out\ntasks:\n  - name: nap\n    sleep: 1ms\n",
      );
      const granted = ["--allow-read", "--allow-write", "--allow-env", "--allow-net"];
      const refused = (path: string) =>
        `corun may not write to "${path}" (Deno lets a program use a path under /dev only with ` +
        "every permission, whatever --allow-write grants)";
      const trace = await corun(granted, ["run", "n.yaml", "--trace", "/dev/stdout"], dir);
      assertEquals([trace.code, trace.stderr], [
        2,
        `Cannot use --trace "/dev/stdout": ${refused("/dev/stdout")}: give --trace - for ` +
        "standard output\n",
      ]);
      const log = await corun(granted, ["run", "n.yaml", "--log", "/dev/stderr"], dir);
      assertEquals([log.code, log.stderr], [
        2,
        `Cannot use --log "/dev/stderr": ${refused("/dev/stderr")}: give --log - (standard ` +
        "output; stderr when stdout holds a body, the trace or --json), or start it with " +
        "--allow-all\n",
      ]);
      // With every permission, the link itself is what a trace renamed into place cannot use.
      const all = await corun(["-A"], ["run", "n.yaml", "--trace", "/dev/stdout"], dir);
      assertEquals([all.code, all.stderr], [
        2,
        'Cannot use --trace "/dev/stdout": it is a symbolic link, which the new file renamed ' +
        "into place would replace, not write through: give --trace - for standard output\n",
      ]);
    });
  },
});

Deno.test("a config, --log, --trace or --state file Deno refuses is said in corun's words with the narrow flag, a --state folder it may not write as no failure to read", async () => {
  await inTempDir(async (dir) => {
    await Deno.writeTextFile(
      `${dir}/b.yaml`,
      "outDir: out\ntasks:\n  - name: a\n    fetch: http://127.0.0.1:9/a\n    save: a.txt\n" +
        "    retries: 0\n",
    );
    await Deno.writeTextFile(
      `${dir}/c.ts`,
      `import { defineConfig } from ${JSON.stringify(MOD)};\n` +
        'export default defineConfig({ tasks: [{ name: "n", sleep: "1ms" }] });\n',
    );
    for (const name of ["b.yaml", "c.ts"]) {
      const unread = await corun([`--allow-read=${MOD}`], ["run", name], dir);
      assertEquals([unread.code, unread.stderr], [
        2,
        `${name}: cannot read the config: corun may not read "${dir}/${name}": start it with ` +
        `--allow-read=${dir}/${name} (or --allow-read)\n` +
        `Cannot load the config "${name}": found 1 problem\n`,
      ]);
    }

    const run = await corun(
      ["--allow-read", `--allow-write=${dir}/out`, "--allow-net=127.0.0.1:9"],
      [
        "run",
        "b.yaml",
        "--quiet",
        ...["--log", `${dir}/logs/cron.log`, "--trace", `${dir}/t/trace.json`],
        ...["--state", `${dir}/st/state.json`],
      ],
      dir,
    );
    assertEquals(run.code, 1, run.stderr);
    const mayNot = (folder: string) =>
      `corun may not write to "${dir}/${folder}": start it with --allow-write=${dir}/${folder} ` +
      "(or --allow-write)";
    assertEquals(
      run.stderr,
      [
        `warning: Cannot open the log file "${dir}/logs/cron.log": ${mayNot("logs")}; going on ` +
        "without it\n",
        `warning: Cannot write the trace "${dir}/t/trace.json": ${mayNot("t")}; going on without ` +
        "a trace\n",
        `warning: Cannot use the state file "${dir}/st/state.json": ${mayNot("st")}; running ` +
        "without state\n",
      ].join(""),
    );
  });
});
