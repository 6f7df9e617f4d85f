/**
 * A file the config reads (its URL list, CA file, body file, checksums file) in an output directory
 * that holds it is not a server's to replace: a `{filename}`, a templated path, a list line's or an
 * enqueue's save, or a `ctx.write` onto one fails with `SAVE_COLLISION` naming what the file is, and
 * the file stays; the next run reads what the config's author wrote. A template that renders it for
 * the task's own URL is a config error, as is a save naming the config file or a secret file as
 * written. A task whose `save` names it as written (the README's `SHA256SUMS` example) saves it
 * still, but for the config file and a secret file (a `{ file }` credential), which no task saves.
 */
import {
  assert,
  assertEquals,
  assertRejects,
  assertStringIncludes,
} from "npm:deno-std@1.4.0/assert/mod.js";
import { ConfigError, defineConfig, fetchTask, run, task, validateConfig } from "../mod.ts";
import { startRouteServer } from "./fixtures/route_server.ts";
import { withTempDir } from "./fixtures/temp_dir.ts";
import { sha256Of } from "./fixtures/sha256.ts";

const withDir = withTempDir("corun-config-reads-");

/** A server whose `/download` names its body `name` (Content-Disposition). */
function serverNaming(name: string, body = "planted by the server\n") {
  return startRouteServer({
    "/a": { body: "a" },
    "/download": {
      headers: { "Content-Disposition": `attachment; filename="${name}"` },
      body,
    },
  });
}

/** Writes `corun.yaml` (`outDir: .`, then `tasks`) into `dir` and runs it without state. */
async function runYaml(dir: string, tasks: string) {
  await Deno.writeTextFile(`${dir}/corun.yaml`, `outDir: .\ntasks:\n${tasks}`);
  return await run(`${dir}/corun.yaml`, { state: false });
}

/** Asserts that the last task failed with SAVE_COLLISION saying `role`. */
function assertRefused(report: Awaited<ReturnType<typeof run>>, role: string): void {
  const last = report.tasks.at(-1)!;
  assertEquals(last.outcome, "failed");
  assertEquals(last.error?.code, "SAVE_COLLISION", last.error?.message);
  assert(last.error!.message.includes(`it is ${role}`), last.error!.message);
  assert(last.error!.message.includes("names it as written"), last.error!.message);
}

Deno.test("a {filename} that is a task's URL list fails: a server cannot choose where the next run sends the list's credentials", async () => {
  await using server = serverNaming("list.txt", "https://attacker.example/steal\n");
  await withDir(async (dir) => {
    const list = `${server.url("/a")}\n`;
    await Deno.writeTextFile(`${dir}/list.txt`, list);
    const report = await runYaml(
      dir,
      `  - { name: list, fetch: { urls: list.txt, auth: { bearer: SECRET } }, save: "got-{path}" }
  - { name: download, fetch: "${server.url("/download")}", save: "{filename}", after: [list] }
`,
    );
    assertEquals(report.tasks[0].outcome, "done");
    assertRefused(report, 'the URL list of task "list"');
    assertEquals(await Deno.readTextFile(`${dir}/list.txt`), list);
  });
});

Deno.test("a {filename} that is the CA file fails: a server cannot choose whom the next run trusts", async () => {
  await using server = serverNaming("ca.pem", "-----BEGIN CERTIFICATE-----\nattacker\n");
  await withDir(async (dir) => {
    const ca = await Deno.readTextFile(new URL("./fixtures/tls/ca.pem", import.meta.url));
    await Deno.writeTextFile(`${dir}/ca.pem`, ca);
    const report = await runYaml(
      dir,
      `  - { name: download, fetch: "${
        server.url("/download")
      }", save: "{filename}", caFile: ca.pem }
`,
    );
    assertRefused(report, "the CA file");
    assertEquals(await Deno.readTextFile(`${dir}/ca.pem`), ca);
  });
});

Deno.test("a {filename} that is a task's body file fails: a server cannot choose what the next run sends", async () => {
  await using server = serverNaming("body.json");
  await withDir(async (dir) => {
    await Deno.writeTextFile(`${dir}/body.json`, '{"q":1}');
    const report = await runYaml(
      dir,
      `  - name: post
    fetch: { url: "${server.url("/a")}", method: POST, body: { file: body.json } }
  - { name: download, fetch: "${server.url("/download")}", save: "{filename}", after: [post] }
`,
    );
    assertEquals(report.tasks[0].outcome, "done");
    assertRefused(report, 'the body file of task "post"');
    assertEquals(await Deno.readTextFile(`${dir}/body.json`), '{"q":1}');
  });
});

Deno.test("a {filename} that is the checksums file fails: a server cannot choose what the next run's downloads are checked against", async () => {
  await using server = serverNaming("SHA256SUMS");
  await withDir(async (dir) => {
    const sums = `${await sha256Of("a")}  a.txt\n`;
    await Deno.writeTextFile(`${dir}/SHA256SUMS`, sums);
    const report = await runYaml(
      dir,
      `  - { name: a, fetch: "${server.url("/a")}", save: a.txt, checksums: SHA256SUMS }
  - { name: download, fetch: "${server.url("/download")}", save: "{filename}", after: [a] }
`,
    );
    assertEquals(report.tasks[0].outcome, "done");
    assertRefused(report, "the checksums file");
    assertEquals(await Deno.readTextFile(`${dir}/SHA256SUMS`), sums);
  });
});

Deno.test("a templated save, a list line's save and a ctx.write onto a file the config reads fail; the file stays", async (t) => {
  await using server = startRouteServer({
    "/list.txt": { body: "https://attacker.example/steal\n" },
    "/a": { body: "a" },
  });
  await withDir(async (dir) => {
    const list = `${server.url("/a")}\n`;
    const reset = () => Deno.writeTextFile(`${dir}/list.txt`, list);
    const listTask = `  - { name: list, fetch: { urls: list.txt }, save: "got-{path}" }\n`;
    await t.step(
      "{path} of the task's own URL: a config error at its save, nothing fetched",
      async () => {
        await reset();
        const error = await assertRejects(
          () =>
            runYaml(
              dir,
              `${listTask}  - { name: copy, fetch: "${
                server.url("/list.txt")
              }", save: "{path}" }\n`,
            ),
          ConfigError,
        );
        assertStringIncludes(
          error.message,
          `tasks[1].save: saves ${server.url("/list.txt")} to "list.txt", but it is the URL list ` +
            'of task "list": a file the config reads is saved only by a task whose save names it as ' +
            "written",
        );
        assertEquals(server.requests.length, 0);
        assertEquals(await Deno.readTextFile(`${dir}/list.txt`), list);
      },
    );
    await t.step("a list line's save column", async () => {
      await reset();
      await Deno.writeTextFile(`${dir}/other.txt`, `${server.url("/list.txt")}\tlist.txt\n`);
      const report = await runYaml(
        dir,
        `${listTask}  - { name: other, fetch: { urls: other.txt }, save: "o-{path}" }\n`,
      );
      assertRefused(report, 'the URL list of task "list"');
      assertEquals(await Deno.readTextFile(`${dir}/list.txt`), list);
    });
    await t.step("ctx.write and ctx.append", async () => {
      for (const how of ["write", "append"] as const) {
        await reset();
        const report = await run(
          defineConfig({
            outDir: dir,
            tasks: [
              fetchTask("list", { urls: `${dir}/list.txt` }, { save: "got-{path}" }),
              task("writer", function* (ctx) {
                yield* ctx[how]("list.txt", "https://attacker.example/steal\n");
              }),
            ],
          }),
          { state: false },
        );
        assertRefused(report, 'the URL list of task "list"');
        assertEquals(await Deno.readTextFile(`${dir}/list.txt`), list);
      }
    });
    await t.step("an enqueue's save", async () => {
      await reset();
      const report = await run(
        defineConfig({
          outDir: dir,
          tasks: [
            fetchTask("list", { urls: `${dir}/list.txt` }, { save: "got-{path}" }),
            fetchTask("crawl", server.url("/a"), {
              save: "c-{path}",
              after: ["list"],
              crawl: { robots: false },
              onResponse: function* (response, ctx) {
                if (response.url.endsWith("/a")) {
                  yield* ctx.enqueue("/list.txt", { save: "list.txt" });
                }
              },
            }),
          ],
        }),
        { state: false },
      );
      const crawl = report.tasks[1];
      assertEquals(crawl.items?.failed, 1);
      const error = crawl.failedFetches?.[0].error;
      assertEquals(error?.code, "SAVE_COLLISION");
      assert(error!.message.includes('it is the URL list of task "list"'), error!.message);
      assertEquals(await Deno.readTextFile(`${dir}/list.txt`), list);
    });
  });
});

Deno.test("README's SHA256SUMS example: a task whose save names the checksums file as written downloads it, and the task after it is checked against it", async () => {
  await using server = startRouteServer({
    "/SHA256SUMS": { body: `${await sha256Of("iso")}  debian.iso\n` },
    "/debian.iso": { body: "iso" },
  });
  await withDir(async (dir) => {
    const config = `tasks:
  - { name: sums, fetch: "${server.url("/SHA256SUMS")}", save: SHA256SUMS }
  - name: iso
    fetch: ${server.url("/debian.iso")}
    save: debian.iso
    checksums: out/SHA256SUMS
    after: [sums]
`;
    await Deno.writeTextFile(`${dir}/corun.yaml`, config);
    // Twice: the second run's checksums file is there when it loads, as a file the config reads.
    for (let time = 0; time < 2; time++) {
      const report = await run(`${dir}/corun.yaml`, { state: false });
      assertEquals(report.tasks.map((task) => task.outcome), ["done", "done"]);
    }
    assertEquals(await Deno.readTextFile(`${dir}/out/debian.iso`), "iso");
  });
});

Deno.test("a save of the config file is a config error though it names it as written: only files the config reads for its tasks may be; nothing is fetched", async () => {
  await using server = startRouteServer({ "/a": { body: "tasks: []\n" } });
  await withDir(async (dir) => {
    const error = await assertRejects(
      () => runYaml(dir, `  - { name: a, fetch: "${server.url("/a")}", save: corun.yaml }\n`),
      ConfigError,
    );
    assertStringIncludes(
      error.message,
      'tasks[0].save: saves to "corun.yaml", but it is the config file: choose another path',
    );
    assertEquals(server.requests.length, 0);
  });
});

Deno.test("a ctx.write onto the config file fails naming it, and says to choose another path: no template is involved", async () => {
  await withDir(async (dir) => {
    const path = `${dir}/corun.yaml`;
    await Deno.writeTextFile(path, "# the config\n");
    const config = defineConfig({
      outDir: dir,
      tasks: [task("writer", function* (ctx) {
        yield* ctx.write("corun.yaml", "tasks: []\n");
      })],
    });
    const report = await run(validateConfig(config, path), { state: false });
    assertEquals(
      report.tasks[0].error?.message,
      'Cannot save "corun.yaml" for task "writer": it is the config file in this run; choose ' +
        "another path",
    );
    assertEquals(await Deno.readTextFile(path), "# the config\n");
  });
});

Deno.test("a secret file ({ file } credential) is saved by no task: not a server's {filename}, not a save naming it as written (a config error)", async () => {
  await using server = serverNaming("token.txt");
  await withDir(async (dir) => {
    await Deno.writeTextFile(`${dir}/token.txt`, "t0k3n\n");
    const named = `  - { name: named, fetch: { url: "${
      server.url("/download")
    }", auth: { bearer: { file: token.txt } } }, save: "{filename}" }\n`;
    const error = await assertRejects(
      () =>
        runYaml(
          dir,
          `${named}  - { name: literal, fetch: "${server.url("/a")}", save: token.txt }\n`,
        ),
      ConfigError,
    );
    assertStringIncludes(
      error.message,
      'tasks[1].save: saves to "token.txt", but it is the secret file: choose another path',
    );
    assertEquals(server.requests.length, 0);
    const [task] = (await runYaml(dir, named)).tasks;
    assertEquals([task.outcome, task.error?.code], ["failed", "SAVE_COLLISION"]);
    assertStringIncludes(
      task.error!.message,
      "it is the secret file in this run; choose another path",
    );
    assertEquals(await Deno.readTextFile(`${dir}/token.txt`), "t0k3n\n");
    // The token went out with the request all the same.
    assertEquals(server.requests[0].headers.get("authorization"), "Bearer t0k3n");
  });
});

Deno.test("with the output directory moved, the checksums file a task saves there is the checksums file too", async () => {
  await using server = startRouteServer({
    "/SHA256SUMS": { body: `${await sha256Of("iso")}  debian.iso\n` },
    "/debian.iso": { body: "iso" },
    "/download": {
      headers: { "Content-Disposition": 'attachment; filename="SHA256SUMS"' },
      body: "planted\n",
    },
  });
  await withDir(async (dir) => {
    await Deno.writeTextFile(
      `${dir}/corun.yaml`,
      `tasks:
  - { name: sums, fetch: "${server.url("/SHA256SUMS")}", save: SHA256SUMS }
  - { name: iso, fetch: "${
        server.url("/debian.iso")
      }", save: debian.iso, checksums: out/SHA256SUMS, after: [sums] }
  - { name: download, fetch: "${server.url("/download")}", save: "{filename}", after: [iso] }
`,
    );
    const report = await run(`${dir}/corun.yaml`, { state: false, outDir: `${dir}/elsewhere` });
    assertEquals(report.tasks.map((task) => task.outcome), ["done", "done", "failed"]);
    assertRefused(report, "the checksums file");
    assertEquals(
      await Deno.readTextFile(`${dir}/elsewhere/SHA256SUMS`),
      `${await sha256Of("iso")}  debian.iso\n`,
    );
  });
});
