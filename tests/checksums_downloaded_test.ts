/**
 * A `checksums` file that a task of the same run downloads (`SHA256SUMS`, then the files it lists):
 * it need not exist when the config loads; the tasks it checks read it once that task is done, so
 * they must run `after` it (a located config error says so), and the task that saves it cannot be
 * checked against it.
 */
import { assertEquals, assertStringIncludes, assertThrows } from "npm:deno-std@1.4.0/assert/mod.js";
import { ConfigError } from "../lib/config/mod.ts";
import { loadConfig, validateConfig } from "../lib/config/load.ts";
import { run } from "../mod.ts";
import { startRouteServer } from "./fixtures/route_server.ts";
import { withFile } from "./fixtures/config_files.ts";
import { dirname } from "../lib/sinks/deps.ts";

const ISO = "the bytes of an installer image\n";

async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, "0")).join("");
}

/** A config folder with `c.yaml`; the function gets its path, and the folder goes afterwards. */
function inConfigDir<T>(yaml: string, body: (dir: string) => Promise<T>): Promise<T> {
  return withFile("c.yaml", yaml, (path) => body(dirname(path)));
}

/** The config's problems, as `path: message`. */
async function issuesOf(yaml: string): Promise<string[]> {
  return await inConfigDir(yaml, async (dir) => {
    try {
      await loadConfig(`${dir}/c.yaml`);
      return [];
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      return error.issues.map((issue) => `${issue.path}: ${issue.message}`);
    }
  });
}

const sumsThenIso = (url: (path: string) => string, after = "\n    after: [sums]") => `
tasks:
  - name: sums
    fetch: ${url("/SHA256SUMS")}
    save: SHA256SUMS
  - name: iso
    fetch: ${url("/debian.iso")}
    save: debian.iso
    checksums: out/SHA256SUMS${after}
`;

for (const matches of [true, false]) {
  Deno.test(`a checksums file saved by an earlier task of the run checks the later ones (${matches ? "a match" : "a mismatch"})`, async () => {
    const digest = matches ? await sha256Hex(ISO) : "0".repeat(64);
    await using server = startRouteServer({
      "/SHA256SUMS": { body: `${digest}  debian.iso\n` },
      "/debian.iso": { body: ISO },
    });
    await inConfigDir(sumsThenIso((path) => server.url(path)), async (dir) => {
      const config = await loadConfig(`${dir}/c.yaml`);
      const report = await run(config, { state: false });
      const outcomes = report.tasks.map((task) => [task.name, task.outcome, task.error?.code]);
      assertEquals(outcomes, [
        ["sums", "done", undefined],
        ["iso", matches ? "done" : "failed", matches ? undefined : "CHECKSUM_MISMATCH"],
      ]);
      const saved = await Deno.readTextFile(`${dir}/out/debian.iso`).catch(() => null);
      assertEquals(saved, matches ? ISO : null);
    });
  });
}

Deno.test("a task checked against a file another task saves must run after it", async () => {
  const url = (path: string) => `http://127.0.0.1:9${path}`;
  assertEquals(await issuesOf(sumsThenIso(url, "")), [
    'tasks[1].checksums: cannot use the checksums file "out/SHA256SUMS" yet: task "sums" saves ' +
    'it in this run; add "sums" to this task\'s `after` so it is read once saved',
  ]);
  // After it through another task is after it too.
  const through = sumsThenIso(url, "\n    after: [middle]") +
    "  - name: middle\n    sleep: 1ms\n    after: [sums]\n";
  assertEquals(await issuesOf(through), []);
});

Deno.test("a checksums file in defaults cannot check the task that saves it", async () => {
  const issues = await issuesOf(`
defaults: { checksums: out/SHA256SUMS }
tasks:
  - name: sums
    fetch: http://127.0.0.1:9/SHA256SUMS
    save: SHA256SUMS
`);
  assertEquals(issues.length, 1);
  assertStringIncludes(issues[0], "tasks[0]: cannot use the checksums file");
  assertStringIncludes(issues[0], "(from defaults): this task saves it");
});

Deno.test("a checksums file nobody saves must still exist when the config loads", async () => {
  const issues = await issuesOf(`
tasks:
  - name: iso
    fetch: http://127.0.0.1:9/debian.iso
    checksums: SHA256SUMS
`);
  assertEquals(issues, [
    'tasks[0].checksums: cannot use the checksums file "SHA256SUMS": the file does not exist',
  ]);
});

Deno.test("with the output directory moved (--out), the file is read where the run saved it", async () => {
  await using server = startRouteServer({
    "/SHA256SUMS": { body: `${await sha256Hex(ISO)}  debian.iso\n` },
    "/debian.iso": { body: ISO },
  });
  await inConfigDir(sumsThenIso((path) => server.url(path)), async (dir) => {
    // A stale list where the config's own outDir would have it: it must not be the one read.
    await Deno.mkdir(`${dir}/out`);
    await Deno.writeTextFile(`${dir}/out/SHA256SUMS`, `${"0".repeat(64)}  debian.iso\n`);
    const config = await loadConfig(`${dir}/c.yaml`);
    const report = await run(config, { state: false, outDir: `${dir}/elsewhere` });
    assertEquals(report.tasks.map((task) => [task.name, task.outcome]), [
      ["sums", "done"],
      ["iso", "done"],
    ]);
    assertEquals(await Deno.readTextFile(`${dir}/elsewhere/debian.iso`), ISO);
  });
});

Deno.test("a downloaded checksums file with a bad line fails the fetches it checks, naming file and line", async () => {
  await using server = startRouteServer({
    "/SHA256SUMS": { body: "not a checksum line\n" },
    "/debian.iso": { body: ISO },
  });
  await inConfigDir(sumsThenIso((path) => server.url(path)), async (dir) => {
    const report = await run(await loadConfig(`${dir}/c.yaml`), { state: false });
    const iso = report.tasks[1];
    assertEquals([iso.outcome, iso.error?.code], ["failed", "CHECKSUMS_FILE"]);
    assertStringIncludes(iso.error?.message ?? "", "SHA256SUMS:1:");
  });
});

Deno.test("a sleep task needs no after for a checksums file in defaults; a scheduled reader is refused", async () => {
  const base = `
defaults: { checksums: out/SHA256SUMS }
tasks:
  - { name: sums, fetch: "http://127.0.0.1:9/SHA256SUMS", save: SHA256SUMS, checksums: other.sums }
  - { name: pause, sleep: 1ms }
`;
  const issues = await issuesOf(base);
  // other.sums does not exist: that is the only problem (the sleep checks nothing).
  assertEquals(issues.length, 1);
  assertStringIncludes(issues[0], 'tasks[0].checksums: cannot use the checksums file "other.sums"');
  const scheduled = await issuesOf(`
tasks:
  - { name: sums, fetch: "http://127.0.0.1:9/SHA256SUMS", save: SHA256SUMS }
  - name: iso
    fetch: http://127.0.0.1:9/debian.iso
    checksums: out/SHA256SUMS
    after: [sums]
    schedule: "0 3 * * *"
`);
  assertEquals(scheduled.length, 1);
  assertStringIncludes(
    scheduled[0],
    "tasks[1].schedule: a task checked against the checksums file",
  );
});

Deno.test("a TypeScript config's task list with a hole is judged, not a crash", () => {
  const tasks: unknown[] = [];
  tasks[1] = { name: "sums", fetch: "http://127.0.0.1:9/SHA256SUMS", save: "SHA256SUMS" };
  tasks[2] = { name: "iso", fetch: "http://127.0.0.1:9/debian.iso", checksums: "out/SHA256SUMS" };
  const error = assertThrows(
    () => validateConfig({ tasks }, "/tmp/c.ts"),
    ConfigError,
  ) as ConfigError;
  const messages = error.issues.map((issue) => `${issue.path}: ${issue.message}`);
  assertStringIncludes(messages.join("\n"), 'task "sums" saves it in this run');
});

Deno.test("a checksums file past maxChecksumsSize is refused, naming the file and the knob", async (t) => {
  const line = (name: string) => `${"0".repeat(64)}  ${name}\n`;
  await t.step("a local one, when the config loads", async () => {
    await inConfigDir(
      `
defaults: { maxChecksumsSize: 1KiB }
tasks:
  - { name: iso, fetch: "http://127.0.0.1:9/debian.iso", checksums: SHA256SUMS }
`,
      async (dir) => {
        await Deno.writeTextFile(`${dir}/SHA256SUMS`, line("a").repeat(20)); // 1,340 bytes
        const error = await loadConfig(`${dir}/c.yaml`).then(() => undefined, (error) => error);
        if (!(error instanceof ConfigError)) throw error ?? new Error("the config loaded");
        assertEquals(error.issues.map((issue) => `${issue.path}: ${issue.message}`), [
          'tasks[0].checksums: cannot use the checksums file "SHA256SUMS": it is larger than ' +
          "1KiB (maxChecksumsSize)",
        ]);
      },
    );
    // Raised, it loads.
    await inConfigDir(
      `
defaults: { maxChecksumsSize: 2KiB }
tasks:
  - { name: iso, fetch: "http://127.0.0.1:9/debian.iso", checksums: SHA256SUMS }
`,
      async (dir) => {
        await Deno.writeTextFile(`${dir}/SHA256SUMS`, line("a").repeat(20));
        assertEquals((await loadConfig(`${dir}/c.yaml`)).tasks.length, 1);
      },
    );
  });
  await t.step("one a task of the run downloads, when the fetches it checks read it", async () => {
    await using server = startRouteServer({
      "/SHA256SUMS": {
        body: line("other.iso").repeat(20) + `${await sha256Hex(ISO)}  debian.iso\n`,
      },
      "/debian.iso": { body: ISO },
    });
    const yaml = sumsThenIso((path) => server.url(path)) + "    maxChecksumsSize: 1KiB\n";
    await inConfigDir(yaml, async (dir) => {
      const report = await run(await loadConfig(`${dir}/c.yaml`), { state: false });
      const iso = report.tasks[1];
      assertEquals([iso.outcome, iso.error?.code], ["failed", "CHECKSUMS_FILE"]);
      assertEquals(
        iso.error?.message,
        `Cannot read the checksums file "${dir}/out/SHA256SUMS": it is larger than 1KiB ` +
          "(maxChecksumsSize)",
      );
    });
  });
});
