import {
  assert,
  assertEquals,
  assertRejects,
  assertStringIncludes,
} from "npm:deno-std@1.4.0/assert/mod.js";
import { ConfigError, type ConfigIssue } from "./config_error.ts";
import { loadConfig } from "./load.ts";
import { loadText, withFile } from "../../tests/fixtures/config_files.ts";
import { dirname } from "./deps.ts";

async function issuesOfYaml(text: string): Promise<Omit<ConfigIssue, "file">[]> {
  const error = await assertRejects(() => loadText("c.yaml", text), ConfigError);
  return error.issues.map((issue: ConfigIssue) => {
    const { line, column, path, message } = issue;
    return { line, column, path, message };
  });
}

Deno.test("two tasks saving one literal file (after a/./b is read as a/b): located at the second's save, naming the first", async () => {
  const issues = await issuesOfYaml(`tasks:
  - name: first
    fetch: https://example.com/1
    save: pages/a.html
  - name: second
    fetch: https://example.com/2
    save: pages/./a.html
  - fetch: https://example.com/3
    save: "{host}/{path}"
`);
  assertEquals(issues, [{
    line: 7,
    column: 11,
    path: "tasks[1].save",
    message: 'saves to "pages/a.html", as tasks[0] ("first") does: two tasks cannot save one file',
  }]);
});

Deno.test("a save that names the metadata log or the state file is a located config error", async () => {
  const issues = await issuesOfYaml(`metadata: logs/fetches.jsonl
tasks:
  - { fetch: "https://example.com/1", save: logs/fetches.jsonl }
  - { fetch: "https://example.com/4", save: .corun-state.json }
  - { fetch: "https://example.com/5", save: corun.jsonl }
`);
  assertEquals(issues.map((issue) => [issue.line, issue.path, issue.message]), [
    [
      3,
      "tasks[0].save",
      `saves to "logs/fetches.jsonl", but it is corun's metadata log: choose another path`,
    ],
    [
      4,
      "tasks[1].save",
      `saves to ".corun-state.json", but it is corun's state file: choose another path`,
    ],
  ]);
});

Deno.test("a save that names the run history is a located config error, as the run refuses it", async () => {
  const issues = await issuesOfYaml(`tasks:
  - { fetch: "https://example.com/1", save: .corun-history.jsonl }
  - { fetch: "https://example.com/2", save: ./.corun-history.jsonl }
  - { fetch: "https://example.com/3", save: sub/.corun-history.jsonl }
`);
  const message =
    `saves to ".corun-history.jsonl", but it is corun's run history: choose another path`;
  assertEquals(issues.map((issue) => [issue.line, issue.path, issue.message]), [
    [2, "tasks[0].save", message],
    [3, "tasks[1].save", message],
  ]);
});

Deno.test("a save into corun's own directory .corun/ (earlier runs' metadata) is a located config error", async () => {
  const issues = await issuesOfYaml(`tasks:
  - { fetch: "https://example.com/1", save: .corun/metadata/20261203T105814020Z-94927323.jsonl }
  - { fetch: "https://example.com/2", save: ./.Corun/x }
  - { fetch: "https://example.com/3", save: .corun }
  - { fetch: "https://example.com/4", save: .corunx/a }
  - { fetch: "https://example.com/5", save: sub/.corun/a }
`);
  const inOwnDir = `but it is in corun's own directory ".corun": choose another path`;
  assertEquals(issues.map((issue) => [issue.line, issue.path, issue.message]), [
    [
      2,
      "tasks[0].save",
      `saves to ".corun/metadata/20261203T105814020Z-94927323.jsonl", ${inOwnDir}`,
    ],
    [3, "tasks[1].save", `saves to ".Corun/x", ${inOwnDir}`],
    [4, "tasks[2].save", `saves to ".corun", ${inOwnDir}`],
  ]);
});

Deno.test("a save template whose directory is corun's own .corun/ is a located config error, not a failure per fetch", async () => {
  const issues = await issuesOfYaml(`tasks:
  - { fetch: "https://example.com/1", save: ".corun/{path}" }
  - { fetch: "https://example.com/2", save: "./.Corun/metadata/{name}.jsonl" }
  - { fetch: "https://example.com/3", save: ".corun{path}" }
  - { fetch: "https://example.com/4", save: "sub/.corun/{path}" }
`);
  assertEquals(issues.map((issue) => [issue.line, issue.path, issue.message]), [
    [
      2,
      "tasks[0].save",
      `saves into ".corun", but it is in corun's own directory ".corun": choose another path`,
    ],
    [
      3,
      "tasks[1].save",
      `saves into ".Corun/metadata", but it is in corun's own directory ".corun": choose another path`,
    ],
  ]);
});

Deno.test("a metadata log naming the run history, the state file or the run lock is a config error at metadata", async (t) => {
  const cases: [string, string][] = [
    [".corun-history.jsonl", `".corun-history.jsonl" is corun's run history`],
    ["./.corun-state.json", `".corun-state.json" is corun's state file`],
    // A locked run would wait on its own lock to write a metadata line.
    ["sub/../.corun.lock", `".corun.lock" is corun's run lock`],
  ];
  for (const [metadata, what] of cases) {
    await t.step(metadata, async () => {
      const issues = await issuesOfYaml(`tasks:
  - { fetch: "https://example.com/1", save: page.html }
metadata: ${metadata}
`);
      assertEquals(issues, [{
        line: 3,
        column: 11,
        path: "metadata",
        message: `${what}: the metadata log needs a file of its own`,
      }]);
    });
  }
  // The same names in a folder of the output directory are not corun's.
  await loadText(
    "c.yaml",
    `metadata: logs/.corun.lock
tasks:
  - { fetch: "https://example.com/1", save: logs/.corun-history.jsonl }
`,
  );
});

Deno.test("a metadata log that is the config file, a URL list, a secret file, the cookie jar or in .corun/ is a config error at metadata", async (t) => {
  const dir = await Deno.makeTempDir({ prefix: "corun-metadata-own-" });
  try {
    await Deno.writeTextFile(`${dir}/urls.txt`, "https://x.example/a\n");
    await Deno.writeTextFile(`${dir}/token.txt`, "tok\n");
    const tasks = `tasks:
  - { name: a, fetch: { urls: urls.txt }, save: "{uuid}", headers: { X-Key: { file: token.txt } } }
`;
    const cases: [string, string][] = [
      ["outDir: .\nmetadata: c.yaml", `"c.yaml" is the config file`],
      ["outDir: .\nmetadata: urls.txt", `"urls.txt" is the URL list of task "a"`],
      ["outDir: .\nmetadata: ./token.txt", `"token.txt" is the secret file`],
      ["cookies: out/jar.txt\nmetadata: jar.txt", `"jar.txt" is corun's cookie jar`],
      [
        "outDir: .\nmetadata: urls.txt/m.jsonl",
        `"urls.txt/m.jsonl": its folder "urls.txt" is the URL list of task "a"`,
      ],
      [
        "metadata: .corun/metadata/x.jsonl",
        `".corun/metadata/x.jsonl" is in corun's own directory ".corun"`,
      ],
    ];
    for (const [head, what] of cases) {
      await t.step(head.replaceAll("\n", "; "), async () => {
        await Deno.writeTextFile(`${dir}/c.yaml`, `${head}\n${tasks}`);
        const error = await assertRejects(() => loadConfig(`${dir}/c.yaml`), ConfigError);
        const line = head.split("\n").findIndex((text) => text.startsWith("metadata")) + 1;
        assertEquals(
          error.issues.map(({ line, column, path, message }: ConfigIssue) => ({
            line,
            column,
            path,
            message,
          })),
          [{
            line,
            column: 11,
            path: "metadata",
            message: `${what}: the metadata log needs a file of its own`,
          }],
        );
      });
    }
    // No line of its own: the default is named as such.
    await t.step("the default metadata log", async () => {
      await Deno.copyFile(`${dir}/urls.txt`, `${dir}/corun.jsonl`);
      await Deno.writeTextFile(
        `${dir}/c.yaml`,
        `outDir: .\n${tasks.replace("urls.txt", "corun.jsonl")}`,
      );
      const error = await assertRejects(() => loadConfig(`${dir}/c.yaml`), ConfigError);
      assertEquals(error.issues.map((issue: ConfigIssue) => [issue.path, issue.message]), [[
        "metadata",
        `the default "corun.jsonl" is the URL list of task "a": the metadata log needs a file of its own`,
      ]]);
    });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test('a metadata log ending with "/" names a folder: a config error at metadata, as for a save', async () => {
  const issues = await issuesOfYaml(`metadata: logs/
tasks:
  - { fetch: "https://example.com/1" }
`);
  assertEquals(issues, [{
    line: 1,
    column: 11,
    path: "metadata",
    message:
      `"logs/" ends with "/", which names a folder; end it with a file name ("logs/corun.jsonl")`,
  }]);
});

Deno.test("metadata: sub/../meta.jsonl is the file meta.jsonl, as the metadata log writes it: a save there is a config error", async () => {
  const issues = await issuesOfYaml(`metadata: sub/../meta.jsonl
tasks:
  - { fetch: "https://example.com/1", save: meta.jsonl }
  - { fetch: "https://example.com/2", save: ./sub/meta.jsonl }
`);
  assertEquals(issues.map((issue) => [issue.line, issue.path, issue.message]), [
    [
      3,
      "tasks[0].save",
      `saves to "meta.jsonl", but it is corun's metadata log: choose another path`,
    ],
  ]);
});

Deno.test("a large YAML config with a collision 300 tasks apart is a located error", async () => {
  const items = Array.from(
    { length: 600 },
    (_, i) => `  - { fetch: "https://example.com/${i}", save: "${i === 400 ? 7 : i}.html" }\n`,
  );
  const issues = await issuesOfYaml(`tasks:\n${items.join("")}`);
  assertEquals(issues.map((issue) => [issue.line, issue.path, issue.message]), [
    [
      402,
      "tasks[400].save",
      'saves to "7.html", as tasks[7] ("task-8") does: two tasks cannot save one file',
    ],
  ]);
});

Deno.test("templates with placeholders, and distinct literal files, are not collisions", async () => {
  const spec = await loadText(
    "c.yaml",
    `tasks:
  - { fetch: "https://example.com/1", save: "{uuid}.html" }
  - { fetch: "https://example.com/2", save: "{uuid}.html" }
  - { fetch: "https://example.com/3", save: "a.html" }
  - { fetch: "https://example.com/4", save: "sub/a.html" }
  - { fetch: "https://example.com/5", save: "corun.jsonl.bak" }
`,
  );
  assertEquals(spec.tasks.length, 5);
});

Deno.test("a pattern whose save has no part its URLs differ in saves them all to one file: a located error naming the parts that would", async () => {
  const issues = await issuesOfYaml(`tasks:
  - fetch: https://x.example/page/[1-3].html
    save: pages/all.html
  - fetch: "https://x.example/{en,de}/[1-3].html"
    save: "{1}.html"
  - fetch: "https://x.example/list?page=[1-3]"
    save: "{path}.html"
  - fetch: "https://{a,b}.example/index.html"
    save: "{name}-{date}.html"
`);
  const others = "{path}, {uuid} or {sha256}";
  assertEquals(issues, [
    {
      line: 3,
      column: 11,
      path: "tasks[0].save",
      message:
        `saves every URL of the pattern to one file: put a part the URLs differ in into the save ({1}, ${others})`,
    },
    {
      line: 5,
      column: 11,
      path: "tasks[1].save",
      message:
        "saves the URLs of the pattern that differ only in {2} to one file: add {2} to the save (or {uuid} or {sha256})",
    },
    {
      line: 7,
      column: 11,
      path: "tasks[2].save",
      message:
        "saves every URL of the pattern to one file: put a part the URLs differ in into the save ({1}, {uuid} or {sha256})",
    },
    {
      line: 9,
      column: 11,
      path: "tasks[3].save",
      message:
        "saves every URL of the pattern to one file: put a part the URLs differ in into the save ({1}, {host}, {uuid} or {sha256})",
    },
  ]);
});

Deno.test("a pattern's save written with curl's #1 says that {1} is how corun writes it", async () => {
  const issues = await issuesOfYaml(`tasks:
  - fetch: "https://x.example/{en,de}/[1-3].html"
    save: "#1/#2.html"
  - fetch: "https://x.example/{en,de}/[1-3].html"
    save: "{1}/#1-#2.html"
  - fetch: "https://x.example/{en,de}/[1-3].html"
    save: "{1}/#1.html"
`);
  assertEquals(issues.map((issue) => issue.message), [
    'saves every URL of the pattern to one file: put a part the URLs differ in into the save ({1} to {2}, {path}, {uuid} or {sha256}); curl\'s "#1" is written {1} here',
    'saves the URLs of the pattern that differ only in {2} to one file: add {2} to the save (or {uuid} or {sha256}); curl\'s "#2" is written {2} here',
    "saves the URLs of the pattern that differ only in {2} to one file: add {2} to the save (or {uuid} or {sha256})",
  ]);
});

Deno.test("a pattern's save that tells its URLs apart: every glob's {n}, {host} for a host glob, {path} for a path glob, {uuid}, {sha256}, {filename}", async () => {
  const spec = await loadText(
    "c.yaml",
    `tasks:
  - { fetch: "https://x.example/{en,de}/[1-3].html", save: "{1}/{2}.html" }
  - { fetch: "https://x.example/{en,de}/[1-3].html", save: "by-path/{path}" }
  - { fetch: "https://{a,b}.example/[1-3].html", save: "{host}/{2}.html" }
  - { fetch: "https://x.example/list?page=[1-3]", save: "{uuid}.html" }
  - { fetch: "https://x.example/list?page=[1-3]", save: "{sha256}.html" }
  - { fetch: "https://x.example/[1-3].html", glob: false, save: "one.html" }
  - { fetch: "https://x.example/get?id=[1-3]", save: "dl/{filename}" }
`,
  );
  assertEquals(spec.tasks.length, 7);
});

Deno.test("a list whose save has no part its URLs differ in is a located error; {path}, {uuid}, {sha256}, {filename} tell them apart", async () => {
  const dir = await Deno.makeTempDir({ prefix: "corun-list-save-" });
  try {
    await Deno.writeTextFile(`${dir}/urls.txt`, "https://x.example/a\nhttps://x.example/b\n");
    await Deno.writeTextFile(
      `${dir}/c.yaml`,
      `tasks:
  - { fetch: { urls: urls.txt }, save: "{host}.html" }
  - { fetch: { urls: urls.txt }, save: "{host}/{path}" }
  - { fetch: { urls: urls.txt }, save: "{uuid}" }
  - { fetch: { urls: urls.txt }, save: "{sha256}" }
  - { fetch: { urls: urls.txt }, save: "{filename}" }
  - { fetch: { urls: urls.txt } }
`,
    );
    const error = await assertRejects(() => loadConfig(`${dir}/c.yaml`), ConfigError);
    assertEquals(
      error.issues.map((
        issue: ConfigIssue,
      ) => [issue.line, issue.column, issue.path, issue.message]),
      [[
        2,
        40,
        "tasks[0].save",
        "saves every URL of the list to one file: put a part the URLs differ in into the save ({path}, {uuid} or {sha256})",
      ]],
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test('save: "-" on a task of one URL with brackets is no pattern: glob: false, escaped brackets, a glob of one value', async (t) => {
  const oneUrl = [
    ['fetch: "https://x.example/a[1].html"', "glob: false"],
    ['fetch: { url: "https://x.example/a[1].html", glob: false }', ""],
    [String.raw`fetch: 'https://x.example/\[x\].html'`, ""],
    ['fetch: "https://x.example/[1-1].html"', ""],
  ];
  for (const [fetch, glob] of oneUrl) {
    for (const save of ['"-"', "out.html"]) {
      await t.step(`${fetch} ${glob} save: ${save}`, async () => {
        const lines = ["tasks:", `  - ${fetch}`, `    save: ${save}`];
        if (glob !== "") lines.push(`    ${glob}`);
        const spec = await loadText("c.yaml", lines.join("\n"));
        assertEquals(spec.tasks.length, 1);
      });
    }
  }
  await t.step("a pattern of two URLs is still refused", async () => {
    const issues = await issuesOfYaml(
      'tasks:\n  - fetch: "https://x.example/[1-2].html"\n    save: "-"\n',
    );
    assertEquals(issues.map((issue) => issue.message), [
      'writes every URL of the pattern to standard output (save: "-"), which takes one body: save them to files',
    ]);
  });
});

Deno.test("corun's own files are refused whatever their case: macOS and Windows fold it", async () => {
  const issues = await issuesOfYaml(`metadata: .Corun.LOCK
tasks:
  - { fetch: "https://example.com/1", save: .CORUN-STATE.JSON }
  - { fetch: "https://example.com/2", save: .Corun-History.jsonl }
`);
  assertEquals(issues.map((issue) => [issue.path, issue.message.split(":")[0]]), [
    ["metadata", `".Corun.LOCK" is corun's run lock`],
    ["tasks[0].save", 'saves to ".CORUN-STATE.JSON", but it is corun\'s state file'],
    ["tasks[1].save", `saves to ".Corun-History.jsonl", but it is corun's run history`],
  ]);
});

Deno.test("a save naming the metadata log in another case is refused, as the run refuses it", async () => {
  const issues = await issuesOfYaml(`tasks:
  - { fetch: "https://example.com/1", save: Corun.JSONL }
`);
  assertEquals(issues.map((issue) => [issue.path, issue.message]), [
    [
      "tasks[0].save",
      `saves to "Corun.JSONL", but it is corun's metadata log: choose another path`,
    ],
  ]);
});

Deno.test("two templates rendering one file for the tasks' own URLs: located at the second's save, naming the first and both URLs", async () => {
  // The run would fail the second with SAVE_COLLISION once the first had saved: {path} leaves the
  // query out.
  const issues = await issuesOfYaml(`tasks:
  - name: first
    fetch: https://x.example/page?id=1
    save: "{host}/{path}"
  - name: second
    fetch: https://x.example/page?id=2
    save: "{host}/{path}"
  - name: again
    fetch: https://x.example/page?id=1
    save: "./{host}/{path}"
`);
  assertEquals(issues, [
    {
      line: 7,
      column: 11,
      path: "tasks[1].save",
      message:
        'saves https://x.example/page?id=2 to "x.example/page", as tasks[0] ("first") does ' +
        "for https://x.example/page?id=1: two tasks cannot save one file",
    },
    {
      line: 10,
      column: 11,
      path: "tasks[2].save",
      message:
        'saves https://x.example/page?id=1 to "x.example/page", as tasks[0] ("first") does ' +
        "for the same URL: two tasks cannot save one file",
    },
  ]);
});

Deno.test("a literal save and a template rendering the same file collide, whichever comes first", async () => {
  const issues = await issuesOfYaml(`tasks:
  - { name: fixed, fetch: "https://x.example/a", save: pages/a.html }
  - { name: rendered, fetch: "https://x.example/a.html", save: "pages/{path}" }
  - { name: by-name, fetch: "https://x.example/b", save: "{name}.html" }
  - { name: later, fetch: "https://x.example/c", save: by-name.html }
`);
  assertEquals(issues.map((issue) => [issue.path, issue.message]), [
    [
      "tasks[1].save",
      'saves https://x.example/a.html to "pages/a.html", as tasks[0] ("fixed") does: two tasks ' +
      "cannot save one file",
    ],
    [
      "tasks[3].save",
      'saves to "by-name.html", as tasks[2] ("by-name") does for https://x.example/b: two tasks ' +
      "cannot save one file",
    ],
  ]);
});

Deno.test("a pattern's URLs are rendered too: another task saving one of its files is a located error; the pattern's own repeats are not", async () => {
  const issues = await issuesOfYaml(`tasks:
  - { name: pages, fetch: "https://x.example/[1-5].html?v={a,b}", save: "{host}/{1}.html" }
  - { name: three, fetch: "https://x.example/3.html", save: "{host}/{path}" }
  - { name: six, fetch: "https://x.example/6.html", save: "{host}/{path}" }
`);
  assertEquals(issues.map((issue) => [issue.path, issue.message]), [
    [
      "tasks[0].save",
      "saves the URLs of the pattern that differ only in {2} to one file: add {2} to the save (or {uuid} or {sha256})",
    ],
    [
      "tasks[1].save",
      'saves https://x.example/3.html to "x.example/3.html", as tasks[0] ("pages") does for ' +
      "https://x.example/3.html?v=a: two tasks cannot save one file",
    ],
  ]);
});

Deno.test("a template rendering corun's own file for the task's URL is a located error, as a literal one is", async () => {
  const issues = await issuesOfYaml(`metadata: logs/fetches.jsonl
tasks:
  - { name: fetches, fetch: "https://x.example/a", save: "logs/{name}.jsonl" }
  - { fetch: "https://x.example/.corun-history.jsonl", save: "{path}" }
  - { fetch: "https://x.example/.corun-state.json", save: "{name}/{path}" }
  - { fetch: "https://x.example/corun.jsonl", save: "{path}" }
`);
  assertEquals(issues.map((issue) => [issue.path, issue.message]), [
    [
      "tasks[0].save",
      'saves https://x.example/a to "logs/fetches.jsonl", but it is corun\'s metadata log: choose ' +
      "another path",
    ],
    [
      "tasks[1].save",
      'saves https://x.example/.corun-history.jsonl to ".corun-history.jsonl", but it is corun\'s ' +
      "run history: choose another path",
    ],
  ]);
});

Deno.test("{date} is one day for the whole run: two tasks saving {date}.json collide", async () => {
  const issues = await issuesOfYaml(`tasks:
  - { name: a, fetch: "https://x.example/a", save: "{date}.json" }
  - { name: b, fetch: "https://x.example/b", save: "{date}.json" }
`);
  assertEquals(issues.length, 1);
  assertEquals(issues[0].path, "tasks[1].save");
  assertStringIncludes(issues[0].message, 'as tasks[0] ("a") does for https://x.example/a');
});

Deno.test("a {date} path is compared with other {date} paths only: a literal one it renders today is no error on other days", async () => {
  // The check would refuse the config on the one day its {date} renders the literal name (or the
  // metadata log's), and take it every other day: that day's run checks it instead.
  const today = new Date().toISOString().slice(0, 10);
  const issues = await issuesOfYaml(`metadata: ${today}.jsonl
tasks:
  - { name: a, fetch: "https://x.example/a", save: "${today}.json" }
  - { name: b, fetch: "https://x.example/b", save: "{date}.json" }
  - { name: c, fetch: "https://x.example/c", save: "{date}.jsonl" }
  - { name: d, fetch: "https://x.example/d", save: "./{date}.json" }
`);
  assertEquals(issues.map((issue) => [issue.path, issue.message]), [
    [
      "tasks[3].save",
      `saves https://x.example/d to "${today}.json", as tasks[1] ("b") does for ` +
      "https://x.example/b: two tasks cannot save one file",
    ],
  ]);
});

Deno.test("what the response decides, a list's lines and {name} keep templates apart: no error before the run", async () => {
  const dir = await Deno.makeTempDir({ prefix: "corun-known-saves-" });
  try {
    await Deno.writeTextFile(`${dir}/urls.txt`, "https://x.example/a\n");
    await Deno.writeTextFile(
      `${dir}/c.yaml`,
      `tasks:
  - { fetch: "https://x.example/a", save: "{host}/{path}.{ext}" }
  - { fetch: "https://x.example/a", save: "{host}/{path}.{ext}" }
  - { fetch: "https://x.example/b", save: "{uuid}" }
  - { fetch: "https://x.example/b", save: "{sha256}" }
  - { fetch: "https://x.example/b", save: "{filename}" }
  - { fetch: "https://x.example/b", save: "b/{filename}" }
  - { fetch: { urls: urls.txt }, save: "{host}/{path}" }
  - { fetch: "https://x.example/a", save: "{host}/{path}/{name}" }
  - { fetch: "https://x.example/a", save: "{host}/{path}/{name}" }
`,
    );
    const spec = await loadConfig(`${dir}/c.yaml`);
    assertEquals(spec.tasks.length, 9);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("an {ext} the URL gives is known: two tasks of one such URL collide", async () => {
  const issues = await issuesOfYaml(`tasks:
  - { name: a, fetch: "https://x.example/a.PDF", save: "doc.{ext}" }
  - { name: b, fetch: "https://y.example/b.pdf", save: "doc.{ext}" }
`);
  assertEquals(issues.map((issue) => issue.message), [
    'saves https://y.example/b.pdf to "doc.pdf", as tasks[0] ("a") does for ' +
    "https://x.example/a.PDF: two tasks cannot save one file",
  ]);
});

Deno.test("a URL's credentials (refused in their own issue) are not shown in a collision", async () => {
  const all = await issuesOfYaml(`tasks:
  - { name: a, fetch: "https://user:secret@x.example/a", save: "{host}/{path}" }
  - { name: b, fetch: "https://x.example/a?b", save: "{host}/{path}" }
`);
  const issues = all.filter((issue) => issue.path === "tasks[1].save");
  assertEquals(issues.length, 1);
  assert(!issues[0].message.includes("secret"), issues[0].message);
  assertStringIncludes(issues[0].message, "for https://***@x.example/a:");
});

Deno.test("a path one task saves as a file and another needs as a folder, whichever comes first: located at the second's save, naming the first", async () => {
  const issues = await issuesOfYaml(`tasks:
  - { name: file, fetch: "https://x.example/1", save: a/b }
  - { name: inside, fetch: "https://x.example/2", save: a/./b/c.html }
  - { name: folder, fetch: "https://x.example/3", save: d/e/f.html }
  - { name: on, fetch: "https://x.example/4", save: d/e }
  - { name: top, fetch: "https://x.example/5", save: d }
`);
  const both = "a path cannot be both a file and a folder: save one of them under another name";
  assertEquals(issues, [
    {
      line: 3,
      column: 57,
      path: "tasks[1].save",
      message:
        `saves to "a/b/c.html", inside "a/b", which tasks[0] ("file") saves as a file: ${both}`,
    },
    {
      line: 5,
      column: 53,
      path: "tasks[3].save",
      message: `saves to "d/e", a folder tasks[2] ("folder") saves "d/e/f.html" in: ${both}`,
    },
    {
      line: 6,
      column: 54,
      path: "tasks[4].save",
      message: `saves to "d", a folder tasks[2] ("folder") saves "d/e/f.html" in: ${both}`,
    },
  ]);
});

Deno.test("a file beside a folder, a name that only starts as a folder's, and another case are no file-and-folder conflict", async () => {
  const spec = await loadText(
    "c.yaml",
    `tasks:
  - { fetch: "https://x.example/1", save: a/b.html }
  - { fetch: "https://x.example/2", save: a/c/d.html }
  - { fetch: "https://x.example/3", save: "a/c/{uuid}" }
  - { fetch: "https://x.example/4", save: a/c.d/e }
  - { fetch: "https://x.example/5", save: A/b.html/x }
  - { fetch: "https://x.example/e/f", save: "{path}" }
  - { fetch: "https://x.example/e/g", save: "{path}" }
`,
  );
  assertEquals(spec.tasks.length, 7);
});

Deno.test("templates rendering a file and a folder for the URLs the config names: located, naming both URLs (without credentials), a pattern's own too", async () => {
  const all = await issuesOfYaml(`tasks:
  - { name: page, fetch: "https://user:secret@x.example/docs", save: "{host}/{path}" }
  - { name: sub, fetch: "https://x.example/docs/intro.html", save: "{host}/{path}" }
  - { name: both, fetch: "https://y.example/{a,a/b}", save: "{path}" }
  - { name: list, fetch: "https://x.example/z", save: "y.example/{uuid}" }
`);
  const both = "a path cannot be both a file and a folder: save one of them under another name";
  assertEquals(
    all.filter((issue) => issue.path !== "tasks[0].fetch").map((
      issue,
    ) => [issue.path, issue.message]),
    [
      [
        "tasks[1].save",
        'saves https://x.example/docs/intro.html to "x.example/docs/intro.html", inside ' +
        `"x.example/docs", which tasks[0] ("page") saves as a file for https://***@x.example/docs: ${both}`,
      ],
      [
        "tasks[2].save",
        'saves https://y.example/a/b to "a/b", inside "a", which this task saves as a file for ' +
        `https://y.example/a: ${both}`,
      ],
    ],
  );
});

Deno.test("a template's folder that another task saves as a file, or inside one: located at the save, whatever its URLs render; not a list's, whose lines may name their files", async () => {
  const dir = await Deno.makeTempDir({ prefix: "corun-save-folder-" });
  try {
    await Deno.writeTextFile(`${dir}/urls.txt`, "https://x.example/a\n");
    await Deno.writeTextFile(
      `${dir}/c.yaml`,
      `tasks:
  - { name: file, fetch: "https://x.example/1", save: a/b }
  - { name: list, fetch: { urls: urls.txt }, save: "a/b/{path}" }
  - { name: deeper, fetch: "https://x.example/2", save: "a/b/c/{uuid}" }
  - { name: ids, fetch: "https://x.example/3", save: "d/{uuid}" }
  - { name: late, fetch: "https://x.example/4", save: d }
`,
    );
    const error = await assertRejects(() => loadConfig(`${dir}/c.yaml`), ConfigError);
    const both = "a path cannot be both a file and a folder: save one of them under another name";
    assertEquals(error.issues.map((issue: ConfigIssue) => [issue.path, issue.message]), [
      [
        "tasks[2].save",
        `saves into "a/b/c", inside "a/b", which tasks[0] ("file") saves as a file: ${both}`,
      ],
      ["tasks[4].save", `saves to "d", a folder tasks[3] ("ids") saves its files in: ${both}`],
    ]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a {date} path needs the folders before its day every day; its day meets other {date} paths only", async () => {
  const today = new Date().toISOString().slice(0, 10);
  const issues = await issuesOfYaml(`tasks:
  - { name: logs, fetch: "https://x.example/a", save: logs }
  - { name: daily, fetch: "https://x.example/b", save: "logs/{date}.json" }
  - { name: day, fetch: "https://x.example/c", save: "{date}" }
  - { name: in-day, fetch: "https://x.example/d", save: "{date}/d.json" }
  - { name: literal, fetch: "https://x.example/e", save: "${today}/e.json" }
`);
  const both = "a path cannot be both a file and a folder: save one of them under another name";
  assertEquals(issues.map((issue) => [issue.path, issue.message]), [
    [
      "tasks[1].save",
      // The template's folder: whatever URL it is rendered for.
      `saves into "logs", which tasks[0] ("logs") saves as a file: ${both}`,
    ],
    [
      "tasks[3].save",
      `saves https://x.example/d to "${today}/d.json", inside "${today}", which tasks[2] ("day") ` +
      `saves as a file for https://x.example/c: ${both}`,
    ],
  ]);
});

Deno.test("a save inside one of corun's files, or onto a folder on its way, is a located config error, as the run refuses it", async () => {
  const issues = await issuesOfYaml(`metadata: logs/run.jsonl
tasks:
  - { fetch: "https://x.example/1", save: logs }
  - { fetch: "https://x.example/2", save: logs/run.jsonl/x }
  - { fetch: "https://x.example/3", save: .Corun-State.json/x }
  - { fetch: "https://x.example/logs/run.jsonl/page", save: "{path}" }
  - { fetch: "https://x.example/5", save: ".corun-history.jsonl/{uuid}" }
  - { fetch: "https://x.example/6", save: "logs/run.jsonl/a/{uuid}" }
  - { fetch: "https://x.example/7", save: "logs/{uuid}" }
  - { fetch: "https://x.example/8", save: "logs/other.jsonl" }
`);
  const choose = "choose another path";
  assertEquals(issues.map((issue) => [issue.line, issue.path, issue.message]), [
    [
      3,
      "tasks[0].save",
      `saves to "logs", but it is the folder of corun's metadata log "logs/run.jsonl": ${choose}`,
    ],
    [
      4,
      "tasks[1].save",
      `saves to "logs/run.jsonl/x", but its folder "logs/run.jsonl" is corun's metadata log: ${choose}`,
    ],
    [
      5,
      "tasks[2].save",
      `saves to ".Corun-State.json/x", but its folder ".corun-state.json" is corun's state file: ${choose}`,
    ],
    [
      6,
      "tasks[3].save",
      'saves https://x.example/logs/run.jsonl/page to "logs/run.jsonl/page", but its folder ' +
      `"logs/run.jsonl" is corun's metadata log: ${choose}`,
    ],
    [
      7,
      "tasks[4].save",
      `saves into ".corun-history.jsonl", but it is corun's run history: ${choose}`,
    ],
    [
      8,
      "tasks[5].save",
      `saves into "logs/run.jsonl/a", but its folder "logs/run.jsonl" is corun's metadata log: ${choose}`,
    ],
  ]);
});

Deno.test("a {date} path meets the folder of corun's file before its day only", async () => {
  const today = new Date().toISOString().slice(0, 10);
  // corun's file is named as today: a {date} save meets it on that day only; the run checks it.
  const cases = [
    [`logs/${today}.jsonl`, "logs/{date}.jsonl/x"],
    [`${today}/run.jsonl`, "{date}"],
    [`${today}.jsonl`, "{date}.jsonl"],
  ];
  for (const [metadata, save] of cases) {
    const spec = await loadText(
      "c.yaml",
      `metadata: ${metadata}\ntasks:\n  - { fetch: "https://x.example/1", save: "${save}" }\n`,
    );
    assertEquals(spec.tasks.length, 1, save);
  }
  const more = await issuesOfYaml(`metadata: log/run.jsonl
tasks:
  - { fetch: "https://x.example/1", save: "log/run.jsonl/{date}" }
`);
  assertEquals(more.map((issue) => issue.message), [
    `saves into "log/run.jsonl", but it is corun's metadata log: choose another path`,
  ]);
});

Deno.test("a save as written onto a file the run reads or keeps (the config, its cookie jar, a secret file, the run lock) is a located error; a URL list saved as written is not", async () => {
  const text = `outDir: .
cookies: jar.json
defaults: { headers: { X-Key: { file: token.txt } } }
tasks:
  - { name: a, fetch: "https://x.example/a", save: c.yaml }
  - { name: b, fetch: "https://x.example/b", save: jar.json }
  - { name: c, fetch: "https://x.example/c", save: token.txt }
  - { name: d, fetch: "https://x.example/d", save: list.txt }
  - { name: e, fetch: { urls: list.txt }, save: "{uuid}", after: [d] }
`;
  const error = await withFile("c.yaml", text, async (path) => {
    const dir = dirname(path);
    await Deno.writeTextFile(`${dir}/token.txt`, "t0k3n\n");
    await Deno.writeTextFile(`${dir}/list.txt`, "https://x.example/1\n");
    return await assertRejects(() => loadConfig(path), ConfigError);
  });
  assertEquals(error.issues.map((issue: ConfigIssue) => [issue.line, issue.path, issue.message]), [
    [5, "tasks[0].save", 'saves to "c.yaml", but it is the config file: choose another path'],
    [6, "tasks[1].save", `saves to "jar.json", but it is corun's cookie jar: choose another path`],
    [7, "tasks[2].save", 'saves to "token.txt", but it is the secret file: choose another path'],
  ]);
  const lock = await issuesOfYaml(`tasks:
  - { fetch: "https://x.example/a", save: ./.corun.lock }
`);
  assertEquals(lock.map(({ path, message }) => [path, message]), [
    ["tasks[0].save", `saves to ".corun.lock", but it is corun's run lock: choose another path`],
  ]);
});
