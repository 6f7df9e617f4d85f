import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { validateConfig } from "../config/mod.ts";
import { EXIT_CODES } from "./exit_codes.ts";
import { createFakeWorld } from "../../tests/fixtures/fake_host.ts";
import { main } from "./main.ts";
import { withTempDir } from "../../tests/fixtures/temp_dir.ts";

const withDir = withTempDir("corun-flag-files-");

Deno.test("run refuses a --log, --trace or --state file that the config or corun already uses", async (t) => {
  await withDir(async (dir) => {
    const path = `${dir}/tasks.yaml`;
    const config = validateConfig({ outDir: "out", tasks: [{ sleep: "1s" }] }, path);
    const cases: [string[], string][] = [
      [["--log", path], `Cannot use --log "${path}": it is the config file`],
      [["--trace", path], `Cannot use --trace "${path}": it is the config file`],
      [["--state", path], `Cannot use --state "${path}": it is the config file`],
      [
        ["--trace", `${dir}/out/.corun-history.jsonl`],
        `Cannot use --trace "${dir}/out/.corun-history.jsonl": it is corun's run history`,
      ],
      [
        ["--log", `${dir}/out/corun.jsonl`],
        `Cannot use --log "${dir}/out/corun.jsonl": it is corun's metadata log`,
      ],
      [
        ["--log", `${dir}/out/.corun-state.json`],
        `Cannot use --log "${dir}/out/.corun-state.json": it is corun's state file`,
      ],
      [
        ["--log", `${dir}/out/.corun.lock`],
        `Cannot use --log "${dir}/out/.corun.lock": it is corun's run lock`,
      ],
      [
        ["--log", `${dir}/run.log`, "--trace", `${dir}/run.log`],
        `Cannot use --trace "${dir}/run.log": it is the file of --log`,
      ],
    ];
    for (const [flags, said] of cases) {
      await t.step(flags.join(" ").replaceAll(dir, "DIR"), async () => {
        const world = createFakeWorld({ configs: { [path]: config } });
        assertEquals(await main(["run", path, ...flags], world.host), EXIT_CODES.usage);
        assertEquals(world.runCalls.length, 0, "ran anyway");
        assertEquals(world.stderr(), `${said}\n`);
      });
    }
  });
});

Deno.test("run takes --state at the state file's own place, and a --log beside the config", async () => {
  await withDir(async (dir) => {
    const path = `${dir}/tasks.yaml`;
    const config = validateConfig({ outDir: "out", tasks: [{ sleep: "1s" }] }, path);
    const world = createFakeWorld({ configs: { [path]: config } });
    const flags = ["--state", `${dir}/out/.corun-state.json`, "--log", `${dir}/cron.log`];
    assertEquals(await main(["run", path, ...flags], world.host), EXIT_CODES.ok, world.stderr());
    assertEquals(world.runCalls.length, 1);
  });
});

Deno.test("run --log naming the config through a symbolic link leaves the config as it was", async () => {
  await withDir(async (dir) => {
    const text = "outDir: out\ntasks:\n  - sleep: 1ms\n";
    await Deno.writeTextFile(`${dir}/tasks.yaml`, text);
    await Deno.symlink(dir, `${dir}/logs`);
    let stderr = "";
    const host = {
      stdout: { write: () => {} },
      stderr: { write: (chunk: string) => void (stderr += chunk) },
    };
    const args = ["run", `${dir}/tasks.yaml`, "--log", `${dir}/logs/tasks.yaml`];
    assertEquals(await main(args, host), EXIT_CODES.usage);
    assertEquals(stderr, `Cannot use --log "${dir}/logs/tasks.yaml": it is the config file\n`);
    assertEquals(await Deno.readTextFile(`${dir}/tasks.yaml`), text);
  });
});

Deno.test("schedule refuses a --log that is the config file", async () => {
  await withDir(async (dir) => {
    const path = `${dir}/tasks.yaml`;
    const config = validateConfig({ schedule: "0 * * * *", tasks: [{ sleep: "1s" }] }, path);
    const world = createFakeWorld({ configs: { [path]: config } });
    // A preview of an hour, so the command ends whatever it decides.
    const preview = ["--virtual-time", "--until", "2026-11-25T11:00:00Z"];
    const args = ["schedule", path, "--log", path, ...preview];
    assertEquals(await main(args, world.host), EXIT_CODES.usage);
    assertEquals(world.stderr(), `Cannot use --log "${path}": it is the config file\n`);
  });
});

Deno.test("run refuses a --trace that is a symbolic link or a folder: the trace's rename would replace the link (/dev/stdout)", async () => {
  await withDir(async (dir) => {
    const path = `${dir}/tasks.yaml`;
    const config = validateConfig({ outDir: "out", tasks: [{ sleep: "1s" }] }, path);
    await Deno.writeTextFile(`${dir}/kept.json`, "{}");
    await Deno.symlink(`${dir}/kept.json`, `${dir}/link.json`);
    await Deno.mkdir(`${dir}/folder`);
    const refused: [string, string][] = [
      [
        `${dir}/link.json`,
        "it is a symbolic link, which the new file renamed into place would replace, not write through",
      ],
      [`${dir}/folder`, "it is a folder"],
    ];
    for (const [trace, why] of refused) {
      const world = createFakeWorld({ configs: { [path]: config } });
      assertEquals(await main(["run", path, "--trace", trace], world.host), EXIT_CODES.usage);
      assertEquals(world.runCalls.length, 0, "ran anyway");
      assertEquals(world.stderr(), `Cannot use --trace "${trace}": ${why}: give a file's path\n`);
    }
    assertEquals(await Deno.readLink(`${dir}/link.json`), `${dir}/kept.json`);
    // A file there, or none, is taken; a --log may be a link (it appends through it).
    const world = createFakeWorld({ configs: { [path]: config } });
    await Deno.symlink(`${dir}/cron.log`, `${dir}/log-link`);
    const flags = ["--trace", `${dir}/kept.json`, "--log", `${dir}/log-link`];
    assertEquals(await main(["run", path, ...flags], world.host), EXIT_CODES.ok, world.stderr());
    assertEquals(world.runCalls.length, 1);
  });
});

Deno.test("run refuses a --log that is a symbolic link inside the output directory: another user's link there would get the lines", async () => {
  await withDir(async (dir) => {
    const path = `${dir}/tasks.yaml`;
    const config = validateConfig({ outDir: "out", tasks: [{ sleep: "1s" }] }, path);
    await Deno.mkdir(`${dir}/out`);
    await Deno.writeTextFile(`${dir}/victim`, "kept\n");
    await Deno.symlink(`${dir}/victim`, `${dir}/out/cron.log`);
    const world = createFakeWorld({ configs: { [path]: config } });
    const log = `${dir}/out/cron.log`;
    assertEquals(await main(["run", path, "--log", log], world.host), EXIT_CODES.usage);
    assertEquals(world.runCalls.length, 0, "ran anyway");
    assertEquals(
      world.stderr(),
      `Cannot use --log "${log}": it is a symbolic link inside the output directory, and corun ` +
        "writes nothing there through a link (whoever may write there could point it at any " +
        "file): give a file's path\n",
    );
    assertEquals(await Deno.readTextFile(`${dir}/victim`), "kept\n");
    // A file there is appended to, as before.
    await Deno.remove(log);
    const plain = createFakeWorld({ configs: { [path]: config } });
    assertEquals(
      await main(["run", path, "--log", log], plain.host),
      EXIT_CODES.ok,
      plain.stderr(),
    );
  });
});

Deno.test("run refuses a --log, --trace or --state file that the config reads: a secret file, the cookie jar, a URL list", async (t) => {
  await withDir(async (dir) => {
    const path = `${dir}/tasks.yaml`;
    await Deno.writeTextFile(`${dir}/token.txt`, "secret\n");
    await Deno.writeTextFile(`${dir}/urls.txt`, "https://x.example/a\n");
    const config = validateConfig({
      outDir: "out",
      cookies: "jar.txt",
      tasks: [
        {
          name: "api",
          fetch: { url: "https://x.example/", auth: { bearer: { file: "token.txt" } } },
        },
        { name: "list", fetch: { urls: "urls.txt" }, save: "{path}" },
      ],
    }, path);
    const cases: [string[], string][] = [
      [["--trace", `${dir}/token.txt`], `Cannot use --trace "${dir}/token.txt": it is`],
      [["--log", `${dir}/jar.txt`], `Cannot use --log "${dir}/jar.txt": it is`],
      [["--log", `${dir}/urls.txt`], `Cannot use --log "${dir}/urls.txt": it is`],
      [["--state", `${dir}/urls.txt`], `Cannot use --state "${dir}/urls.txt": it is`],
    ];
    for (const [flags, said] of cases) {
      await t.step(flags.join(" ").replaceAll(dir, "DIR"), async () => {
        const world = createFakeWorld({ configs: { [path]: config } });
        assertEquals(await main(["run", path, ...flags], world.host), EXIT_CODES.usage);
        assertEquals(world.runCalls.length, 0, "ran anyway: the file would be replaced");
        assertEquals(world.stderr().startsWith(said), true, world.stderr());
      });
    }
    assertEquals(await Deno.readTextFile(`${dir}/token.txt`), "secret\n");
  });
});
