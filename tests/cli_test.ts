import { assert, assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { startRouteServer } from "./fixtures/route_server.ts";
import { MOD, runDeno } from "./fixtures/run_deno.ts";

// The same command line two ways: from the sources, and bundled as `deno task corun` runs it.
const ENTRIES = [
  ["mod.ts", MOD],
  [
    "dist/cli/corun.js",
    decodeURIComponent(new URL("../dist/cli/corun.js", import.meta.url).pathname),
  ],
] as const;
const BAD_YAML = decodeURIComponent(
  new URL("./fixtures/config/bad.yaml", import.meta.url).pathname,
);

const TEST_CA = decodeURIComponent(new URL("./fixtures/tls/ca.pem", import.meta.url).pathname);

const PERMISSIONS = ["--allow-read", "--allow-write", "--allow-net", "--allow-env"];

function runEntry(entry: string, args: string[], cwd?: string, permissions = PERMISSIONS) {
  return runDeno(["run", ...permissions, entry, ...args], { cwd });
}

for (const [label, entry] of ENTRIES) {
  const corun = (args: string[], cwd?: string, permissions = PERMISSIONS) =>
    runEntry(entry, args, cwd, permissions);

  Deno.test(`${label}: a config with five mistakes gives five located messages, exit code 2, and writes nothing`, async () => {
    const dir = await Deno.makeTempDir({ prefix: "corun-cli-" });
    try {
      const { code, stdout, stderr } = await corun(["run", BAD_YAML, "--out", `${dir}/out`], dir);
      assertEquals(code, 2);
      assertEquals(stdout, "");
      const located = stderr.split("\n").filter((line) =>
        /bad\.yaml:\d+:\d+: tasks\[\d\]/.test(line)
      );
      assertEquals(located.length, 5, stderr);
      assert(located.some((line) => line.includes('unknown key "sav" (did you mean "save"?)')));
      const left: string[] = [];
      for await (const entry of Deno.readDir(dir)) left.push(entry.name);
      assertEquals(left, []);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  });

  Deno.test(`${label}: run --virtual-time --json prints a report where the lesson's sleeps overlap`, async () => {
    const lesson = decodeURIComponent(
      new URL("../tasks/lesson_sleeps.yaml", import.meta.url).pathname,
    );
    const out = await Deno.makeTempDir({ prefix: "corun-cli-" });
    const { code, stdout } = await corun(["run", lesson, "--virtual-time", "--json", "--out", out])
      .finally(() => Deno.remove(out, { recursive: true }));
    assertEquals(code, 0);
    const report = JSON.parse(stdout);
    assertEquals(report.durationMs, 3000);
    assertEquals(report.counts.done, 2);
  });

  Deno.test(`${label}: plain output (not a terminal) has no escape codes and ends with a summary line`, async () => {
    const lesson = decodeURIComponent(
      new URL("../tasks/lesson_sleeps.yaml", import.meta.url).pathname,
    );
    const out = await Deno.makeTempDir({ prefix: "corun-cli-" });
    const { code, stdout } = await corun(["run", lesson, "--virtual-time", "--out", out])
      .finally(() => Deno.remove(out, { recursive: true }));
    assertEquals(code, 0);
    assert(!stdout.includes("\x1b"), "escape codes in plain output");
    assertEquals(stdout.trim().split("\n").at(-1), "2 tasks: 2 done in 3.00s (virtual time)");
  });

  Deno.test(`${label}: unknown commands and options are usage errors with exit code 2`, async () => {
    assertEquals((await corun(["frobnicate"])).code, 2);
    assertEquals((await corun(["run", "--no-such-option", "x.yaml"])).code, 2);
    const version = await corun(["--version"]);
    // The package's version, as `deno publish` reads it: a release bumps deno.json, and this too.
    const { version: published } = JSON.parse(
      await Deno.readTextFile(new URL("../deno.json", import.meta.url)),
    );
    assertEquals([version.code, version.stdout.trim()], [0, published]);
  });

  Deno.test({
    name:
      `${label}: a log file that cannot be written is one warning; the run is recorded and exits as its tasks did`,
    ignore: Deno.build.os !== "linux", // /dev/full
    async fn() {
      const dir = await Deno.makeTempDir({ prefix: "corun-cli-" });
      try {
        await Deno.writeTextFile(`${dir}/s.yaml`, "tasks:\n  - sleep: 1ms\n  - sleep: 1ms\n");
        const { code, stdout, stderr } = await corun(
          ["run", "s.yaml", "--json", "--log", "/dev/full", "--out", "out"],
          dir,
          ["--allow-all"], // Deno grants writes under /dev only with every permission
        );
        assertEquals(code, 0, stderr);
        const warning = 'Cannot write to the log file "/dev/full": No space left on device';
        assertEquals(stderr.match(/Cannot write to the log file/g)?.length, 1, stderr);
        assert(stderr.startsWith(`warning: ${warning}`), stderr);
        assert(JSON.parse(stdout).warnings[0].startsWith(warning), stdout);
        assert(!stderr.includes("Cannot report"), stderr);
        assert(!stderr.includes("unexpectedly"), stderr);
        const history = await Deno.readTextFile(`${dir}/out/.corun-history.jsonl`);
        assertEquals(JSON.parse(history).counts.done, 2);
      } finally {
        await Deno.remove(dir, { recursive: true });
      }
    },
  });

  Deno.test(`${label}: run --lock CONFIG locks in mode fail and runs CONFIG; --lock skip CONFIG reads skip as the mode`, async () => {
    const dir = await Deno.makeTempDir({ prefix: "corun-cli-" });
    try {
      await Deno.writeTextFile(`${dir}/s.yaml`, "outDir: out\ntasks:\n  - sleep: 1ms\n");
      const locked = await corun(["run", "--lock", "s.yaml", "--json"], dir);
      assertEquals(locked.code, 0, locked.stderr);
      assertEquals(JSON.parse(locked.stdout).counts.done, 1);
      const history = await Deno.readTextFile(`${dir}/out/.corun-history.jsonl`);
      assertEquals(history.trim().split("\n").length, 1);
      const skipped = await corun(["run", "--lock", "skip", "s.yaml", "--quiet"], dir);
      assertEquals([skipped.code, skipped.stderr], [0, ""]);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  });

  Deno.test(`${label}: insecure: true is a warning on stderr under --json (and in its warnings) and under --quiet`, async () => {
    await using server = startRouteServer({ "/x": { body: "ok" } }, { tls: true });
    const dir = await Deno.makeTempDir({ prefix: "corun-cli-" });
    try {
      await Deno.writeTextFile(
        `${dir}/tls.yaml`,
        [
          "tasks:",
          "  - name: lax",
          `    fetch: ${server.url("/x")}`,
          "    save: x.txt",
          "    insecure: true",
          `    caFile: ${TEST_CA}`,
          "",
        ].join("\n"),
      );
      const warning = `warning: Task "lax": TLS hostname verification is OFF (insecure: true) for ${
        server.url("/x")
      }\n`;
      const json = await corun(["run", "tls.yaml", "--json", "--out", "out"], dir);
      assertEquals(json.code, 0, json.stderr);
      assertEquals(json.stderr, warning);
      assertEquals(JSON.parse(json.stdout).warnings, [warning.slice(9, -1)]);
      const quiet = await corun(["run", "tls.yaml", "--quiet", "--out", "out"], dir);
      assertEquals([quiet.code, quiet.stdout, quiet.stderr], [0, "", warning]);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  });

  Deno.test(`${label}: a TypeScript config that imports mod.ts runs; a custom task's return value is its own; errors are instanceof mod.ts's classes`, async () => {
    const dir = await Deno.makeTempDir({ prefix: "corun-cli-" });
    try {
      await Deno.writeTextFile(
        `${dir}/custom.ts`,
        `import { defineConfig, HttpError, sleep, task } from ${
          JSON.stringify(new URL(`file://${MOD}`).href)
        };
  export default defineConfig({
    tasks: [
      task("answer", function* () { yield* sleep(1); return "forty-two"; }),
      // The error comes from the copy of corun that runs the config; the class from mod.ts.
      task("refused", function* (ctx) {
        try {
          yield* ctx.fetch({ url: "http://127.0.0.1:9/", headers: { "X-A": "1\\r\\nX-B: 2" } });
        } catch (error) {
          if (error instanceof HttpError && error.code === "BAD_REQUEST_HEADER") return;
          throw error;
        }
        throw new Error("the header was sent");
      }),
    ],
  });
  `,
      );
      const { code, stdout, stderr } = await corun(["run", "custom.ts", "--out", "out"], dir);
      assertEquals(code, 0, stderr);
      const done = stdout.split("\n").find((line) => line.includes("answer done")) ?? stdout;
      assert(/answer done \d+\.\d\ds$/.test(done), done);
      assert(stdout.includes("refused done"), stdout);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  });

  Deno.test(`${label}: a custom task that throws undefined fails; one that awaits a promise nothing settles fails too, and the run ends with its summary and exit code 1`, async () => {
    const dir = await Deno.makeTempDir({ prefix: "corun-cli-stuck-" });
    try {
      const config = (body: string) =>
        `import { call, defineConfig, task } from ${JSON.stringify(MOD)};
export default defineConfig({
  outDir: "out",
  tasks: [{ name: "nap", sleep: "50ms" }, task("odd", function* () { ${body} })],
});
`;
      await Deno.writeTextFile(`${dir}/throws.ts`, config("yield* call(() => Promise.reject());"));
      const threw = await corun(["run", "throws.ts"], dir);
      assertEquals(threw.code, 1, threw.stderr);
      assert(/odd failed .*undefined/.test(threw.stdout), threw.stdout);
      assert(threw.stdout.includes("2 tasks: 1 done, 1 failed"), threw.stdout);

      await Deno.writeTextFile(
        `${dir}/stuck.ts`,
        config("yield* call(() => new Promise<void>(() => {}));"),
      );
      const stuck = await corun(["run", "stuck.ts"], dir);
      assertEquals(stuck.code, 1, stuck.stderr);
      assert(stuck.stdout.includes("nap done"), stuck.stdout);
      assert(/odd failed .*nothing will settle/.test(stuck.stdout), stuck.stdout);
      assert(stuck.stdout.includes("2 tasks: 1 done, 1 failed"), stuck.stdout);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  });

  Deno.test(`${label}: fetch tasks save what the server sent; a 404 fails its task, leaves no file, exits 1`, async () => {
    await using server = startRouteServer({ "/a.txt": { body: "alpha\n" } });
    const dir = await Deno.makeTempDir({ prefix: "corun-cli-" });
    try {
      await Deno.writeTextFile(
        `${dir}/f.yaml`,
        `tasks:\n  - { name: a, fetch: "${server.url("/a.txt")}", save: a.txt }\n` +
          `  - { name: gone, fetch: "${server.url("/gone")}", save: gone.txt, retries: 0 }\n`,
      );
      const { code, stdout } = await corun(["run", "f.yaml", "--out", "out"], dir);
      assertEquals(code, 1, stdout);
      assertEquals(await Deno.readTextFile(`${dir}/out/a.txt`), "alpha\n");
      const left: string[] = [];
      for await (const entry of Deno.readDir(`${dir}/out`)) left.push(entry.name);
      assertEquals(left.filter((name) => !name.startsWith(".")).sort(), ["a.txt", "corun.jsonl"]);
      assert(/gone failed .*404/.test(stdout), stdout);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  });

  Deno.test(`${label}: check reads a config in every format (each format's parser loads on its own)`, async () => {
    for (const name of ["example.yaml", "example.json", "example.jsonc", "example.toml"]) {
      const path = decodeURIComponent(new URL(`../tasks/${name}`, import.meta.url).pathname);
      const { code, stdout, stderr } = await corun(["check", path]);
      assertEquals(code, 0, `${name}: ${stderr}`);
      assert(/^ok: \d+ tasks/.test(stdout), `${name}: ${stdout}`);
    }
  });
}

for (const [label, entry] of ENTRIES) {
  Deno.test(`${label}: cleanup() in a TypeScript config stops the cancelled scope that waited in its finally`, async () => {
    // The config imports mod.ts from the sources while the bundle runs its own loop: cleanup() must
    // see the task that loop is stepping, or the cancelled scope carries on and writes after.txt.
    const dir = await Deno.makeTempDir({ prefix: "corun-cli-cleanup-" });
    try {
      await Deno.writeTextFile(
        `${dir}/config.ts`,
        `import { cleanup, defineConfig, moveOnAfter, sleep, task } from ${JSON.stringify(MOD)};
function* inner() {
  try {
    yield* sleep(5000);
  } finally {
    yield* cleanup(sleep(10));
  }
}
export default defineConfig({
  outDir: "out",
  tasks: [task("custom", function* (ctx) {
    yield* moveOnAfter(100, (function* () {
      yield* inner();
      yield* ctx.write("after.txt", "the cancelled scope carried on");
    })());
  })],
});
`,
      );
      const { code, stderr } = await runEntry(entry, ["run", `${dir}/config.ts`, "--quiet"], dir);
      assertEquals(code, 0, stderr);
      const written = await Deno.stat(`${dir}/out/after.txt`).then(() => true, () => false);
      assertEquals(written, false, "the cancelled scope went on after its cleanup");
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  });
}
