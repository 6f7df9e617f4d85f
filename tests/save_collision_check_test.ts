/**
 * Two tasks whose saves render one file for their own URLs: `check` and `plan` say so as they say
 * any config error (located, exit 2), and `run` refuses to start, before any request.
 */
import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { startRouteServer } from "./fixtures/route_server.ts";
import { MOD, runDeno } from "./fixtures/run_deno.ts";

Deno.test("check, plan and run refuse two tasks rendering one file, naming both and the path, before any request", async () => {
  await using server = startRouteServer({ "/page": { body: "page\n" } });
  const dir = await Deno.realPath(await Deno.makeTempDir({ prefix: "corun-save-check-" }));
  try {
    const first = server.url("/page?id=1");
    const second = server.url("/page?id=2");
    const secondLine = `  - { name: second, fetch: "${second}", save: "{host}/{path}.html" }`;
    await Deno.writeTextFile(
      `${dir}/c.yaml`,
      `tasks:\n  - { name: first, fetch: "${first}", save: "{host}/{path}.html" }\n${secondLine}\n`,
    );
    const host = `127.0.0.1_${new URL(first).port}`;
    const column = secondLine.indexOf('"{host}') + 1;
    const issue = `${dir}/c.yaml:3:${column}: tasks[1].save: saves ${second} to ` +
      `"${host}/page.html", as tasks[0] ("first") does for ${first}: two tasks cannot save one file`;
    const permissions = ["--allow-read", "--allow-write", "--allow-net", "--allow-env"];
    for (const command of ["check", "plan", "run"]) {
      const { code, stdout, stderr } = await runDeno(
        ["run", ...permissions, MOD, command, `${dir}/c.yaml`],
        { cwd: dir },
      );
      assertEquals([code, stdout, stderr.split("\n")[0]], [2, "", issue], `${command}: ${stderr}`);
    }
    assertEquals(server.requests.length, 0);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("check refuses a path saved as a file and needed as a folder, and a save in or around corun's files, located; a file beside a folder is fine", async () => {
  const dir = await Deno.realPath(await Deno.makeTempDir({ prefix: "corun-save-tree-check-" }));
  try {
    const lines = [
      "metadata: logs/run.jsonl",
      "tasks:",
      '  - { name: file, fetch: "https://x.example/a", save: a/b }',
      '  - { name: inside, fetch: "https://x.example/b", save: a/b/c.html }',
      '  - { name: page, fetch: "https://x.example/docs", save: "{host}/{path}" }',
      '  - { name: sub, fetch: "https://x.example/docs/intro.html", save: "{host}/{path}" }',
      '  - { name: folder, fetch: "https://x.example/c", save: logs }',
      '  - { name: log, fetch: "https://x.example/d", save: "logs/run.jsonl/{uuid}" }',
      '  - { name: state, fetch: "https://x.example/.corun-state.json/e", save: "{path}" }',
    ];
    await Deno.writeTextFile(`${dir}/c.yaml`, lines.join("\n") + "\n");
    const at = (line: number) => `${dir}/c.yaml:${line}:${lines[line - 1].indexOf("save:") + 7}`;
    const both = "a path cannot be both a file and a folder: save one of them under another name";
    const choose = "choose another path";
    const permissions = ["--allow-read", "--allow-write", "--allow-net", "--allow-env"];
    const { code, stdout, stderr } = await runDeno(
      ["run", ...permissions, MOD, "check", `${dir}/c.yaml`],
      { cwd: dir },
    );
    assertEquals([code, stdout], [2, ""], stderr);
    assertEquals(stderr.trimEnd().split("\n"), [
      `${at(4)}: tasks[1].save: saves to "a/b/c.html", inside "a/b", which tasks[0] ("file") ` +
      `saves as a file: ${both}`,
      `${at(6)}: tasks[3].save: saves https://x.example/docs/intro.html to ` +
      `"x.example/docs/intro.html", inside "x.example/docs", which tasks[2] ("page") saves as a ` +
      `file for https://x.example/docs: ${both}`,
      `${at(7)}: tasks[4].save: saves to "logs", but it is the folder of corun's metadata log ` +
      `"logs/run.jsonl": ${choose}`,
      `${at(8)}: tasks[5].save: saves into "logs/run.jsonl", but it is corun's metadata log: ` +
      choose,
      `${at(9)}: tasks[6].save: saves https://x.example/.corun-state.json/e to ` +
      `".corun-state.json/e", but its folder ".corun-state.json" is corun's state file: ${choose}`,
      `Cannot load the config "${dir}/c.yaml": found 5 problems`,
    ]);
    await Deno.writeTextFile(
      `${dir}/fine.yaml`,
      `tasks:
  - { fetch: "https://x.example/a", save: a/b.html }
  - { fetch: "https://x.example/b", save: a/c/d.html }
  - { fetch: "https://x.example/c", save: "a/c/{uuid}" }
`,
    );
    const fine = await runDeno(["run", ...permissions, MOD, "check", `${dir}/fine.yaml`], {
      cwd: dir,
    });
    assertEquals([fine.code, fine.stderr], [0, ""]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a lone surrogate (a JSON config's \\ud800) in a task name or a save is no character: names that differ by one are one file, refused before any request", async () => {
  await using server = startRouteServer({ "/page": { body: "page\n" } });
  const dir = await Deno.realPath(await Deno.makeTempDir({ prefix: "corun-save-surrogate-" }));
  try {
    // Written as \ud800 and \udc00, JSON's escapes: the file system writes each as U+FFFD, so the
    // two names were one file, the second task's body saved over the first's, both reported done.
    const url = server.url("/page");
    const lines = [
      `  { "name": "a\\ud800", "fetch": "${url}", "save": "{name}.txt" },`,
      `  { "name": "a\\udc00", "fetch": "${url}", "save": "{name}.txt" },`,
      `  { "name": "lit", "fetch": "${url}", "save": "b\\udc00.txt" }`,
    ];
    await Deno.writeTextFile(`${dir}/c.json`, `{ "tasks": [\n${lines.join("\n")}\n] }\n`);
    const { code, stdout, stderr } = await runDeno(
      ["run", "--allow-read", "--allow-write", "--allow-net", "--allow-env", MOD, "run", "c.json"],
      { cwd: dir },
    );
    assertEquals([code, stdout], [2, ""], stderr);
    assertEquals(stderr.split("\n").slice(0, 2), [
      `c.json:3:${lines[1].indexOf('"{name}') + 1}: tasks[1].save: saves ${url} to "a.txt", as ` +
      'tasks[0] ("a\\ud800") does for the same URL: two tasks cannot save one file',
      `c.json:4:${lines[2].indexOf('"b\\') + 1}: tasks[2].save: Cannot use path template ` +
      '"b\\udc00.txt" (column 2): the lone surrogate U+DC00 is not allowed in file names: it is ' +
      "no character, and would be written as U+FFFD",
    ]);
    assertEquals(server.requests.length, 0);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
