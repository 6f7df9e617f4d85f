import { assertEquals, assertRejects, assertThrows } from "npm:deno-std@1.4.0/assert/mod.js";
import { dirname, fromFileUrl, join } from "npm:deno-std@1.4.0/path/mod.js";
import { ConfigError, type ConfigIssue } from "./config_error.ts";
import { loadConfig, validateConfig } from "./load.ts";
import { withFile } from "../../tests/fixtures/config_files.ts";
import { MAX_LIST_LINE_BYTES } from "../frontier/url_list.ts";

const FIXTURES = join(dirname(fromFileUrl(import.meta.url)), "../../tests/fixtures/config");

const DURATION =
  'expected a duration like "3s", "1500ms" or "1h30m" (units ms, s (sec), m (min), h (hour), d (day), as in "1h 30m"; a number alone is seconds), got "3 parsecs"';
const UNKNOWN_KEY = 'unknown key "sav" (did you mean "save"?)';
const UNKNOWN_TASK = 'unknown task "zzz"';
const DUPLICATE = 'duplicate task name "a" (tasks[0] has it too)';
const BAD_URL = 'expected an http: or https: URL, got "htp:/broken"';
const NO_TASKS =
  "expected at least one task, got an empty list (a run would do nothing and exit 0)";

/** [line, column, path, message] of each issue. */
type Expected = [number | undefined, number | undefined, string, string][];

async function issuesOf(path: string): Promise<ConfigIssue[]> {
  const error = await assertRejects(() => loadConfig(path), ConfigError);
  return error.issues;
}

function expectIssues(actual: ConfigIssue[], file: string, expected: Expected): void {
  assertEquals(
    actual,
    expected.map(([line, column, path, message]) => ({ file, line, column, path, message })),
  );
}

Deno.test("a YAML config with five mistakes yields five located issues", async () => {
  const file = join(FIXTURES, "bad.yaml");
  expectIssues(await issuesOf(file), file, [
    [4, 12, "tasks[0].sleep", DURATION],
    [7, 5, "tasks[1].sav", UNKNOWN_KEY],
    [10, 16, "tasks[2].after[1]", UNKNOWN_TASK],
    [11, 11, "tasks[3].name", DUPLICATE],
    [14, 12, "tasks[4].fetch", BAD_URL],
  ]);
});

Deno.test("a JSON config with five mistakes yields five located issues", async () => {
  const file = join(FIXTURES, "bad.json");
  expectIssues(await issuesOf(file), file, [
    [3, 29, "tasks[0].sleep", DURATION],
    [4, 51, "tasks[1].sav", UNKNOWN_KEY],
    [5, 50, "tasks[2].after[1]", UNKNOWN_TASK],
    [6, 15, "tasks[3].name", DUPLICATE],
    [7, 29, "tasks[4].fetch", BAD_URL],
  ]);
});

Deno.test("a TOML config with five mistakes yields five located issues", async () => {
  const file = join(FIXTURES, "bad.toml");
  expectIssues(await issuesOf(file), file, [
    [4, 9, "tasks[0].sleep", DURATION],
    [9, 1, "tasks[1].sav", UNKNOWN_KEY],
    [14, 15, "tasks[2].after[1]", UNKNOWN_TASK],
    [17, 8, "tasks[3].name", DUPLICATE],
    [22, 9, "tasks[4].fetch", BAD_URL],
  ]);
});

Deno.test("ConfigError.format() writes one line per issue, file:line:column: path: message", async () => {
  const file = join(FIXTURES, "bad.yaml");
  const error = await assertRejects(() => loadConfig(file), ConfigError);
  assertEquals(error.summary, `Cannot load the config "${file}": found 5 problems`);
  assertEquals(error.format().split("\n")[0], `${file}:4:12: tasks[0].sleep: ${DURATION}`);
});

Deno.test("dependency cycles are reported once each, with their path", async () => {
  const file = join(FIXTURES, "cycle.yaml");
  expectIssues(await issuesOf(file), file, [
    [5, 13, "tasks[0].after[0]", "dependency cycle fetch-index → parse → fetch-index"],
    [14, 13, "tasks[3].after[0]", "dependency cycle loop → loop"],
  ]);
});

Deno.test("YAML syntax errors are reported with their line and column", async () => {
  // At the bracket never closed, not at the end of the file where the parser gave up.
  await withFile("syntax.yaml", "tasks:\n  - sleep: 1s\n    name: [a\n", async (path) => {
    expectIssues(await issuesOf(path), path, [[
      3,
      11,
      "",
      'YAML syntax: the [ that starts the list of "name" is never closed, so YAML reads the ' +
      "lines after it as part of it: add the closing ] (the YAML parser: Flow sequence in block " +
      "collection must be sufficiently indented and end with a ])",
    ]]);
  });
  // Both places are named, and the file's other problems too (each key as given last).
  await withFile("duplicate.yaml", "tasks: []\noutDir: a\noutDir: b\n", async (path) => {
    expectIssues(await issuesOf(path), path, [
      [1, 8, "tasks", NO_TASKS],
      [3, 1, "outDir", 'duplicate key "outDir" at line 3; first at line 2'],
    ]);
  });
  // The field of a key given twice, as JSON names it: which of the many "sleep" keys it is. A
  // problem of its value is at the last, whose value is read.
  const nested = "tasks:\n  - sleep: 1s\n  - sleep: 2s\n    name: b\n    name: c\n" +
    "    sleep: 3s\n    sleep: 3 parsecs\n";
  await withFile("nested_duplicate.yaml", nested, async (path) => {
    expectIssues(await issuesOf(path), path, [
      [5, 5, "tasks[1].name", 'duplicate key "name" at line 5; first at line 4'],
      [6, 5, "tasks[1].sleep", 'duplicate key "sleep" at line 6; first at line 3'],
      [7, 5, "tasks[1].sleep", 'duplicate key "sleep" at line 7; first at line 3'],
      [7, 12, "tasks[1].sleep", DURATION],
    ]);
  });
});

Deno.test("a YAML config std reads but npm:yaml refuses still has its issues located", async () => {
  // `after: [` with its item less indented than the key: std reads [b]; the positions come from
  // npm:yaml, which refuses the text, and are taken from what it read before its first error.
  const text = "tasks:\n  - name: a\n    sleep: 3 parsecs\n    after: [\n  b ]\n" +
    "    sav: x\n  - name: b\n    sleep: 1s\n";
  await withFile("fl2.yaml", text, async (path) => {
    expectIssues(await issuesOf(path), path, [
      [2, 5, "tasks[0].sav", UNKNOWN_KEY],
      [3, 12, "tasks[0].sleep", DURATION],
    ]);
  });
});

Deno.test("an unquoted YAML value that starts with { or [ says to quote it", async () => {
  const text = "tasks:\n" +
    "  - fetch: https://x.example/[1-3]\n" +
    "    save: {host}/{path}.html # one file each\n" +
    "  - fetch: [1-3].x.example/a\n";
  await withFile("unquoted.yaml", text, async (path) => {
    const unexpected = "YAML syntax: Unexpected scalar at node end (YAML reads a value that starts";
    expectIssues(await issuesOf(path), path, [
      [
        3,
        17,
        "",
        `${unexpected} with "{" as a mapping, which ends at its "}": quote the whole ` +
        'value, as in save: "{host}/{path}.html")',
      ],
      [
        4,
        17,
        "",
        `${unexpected} with "[" as a list, which ends at its "]": quote the whole ` +
        'value, as in fetch: "[1-3].x.example/a")',
      ],
    ]);
  });
});

Deno.test("an unquoted YAML value that starts with *, &, !, @, ` or % says to quote it, at the value", async (t) => {
  const quote = (value: string, key = "save") =>
    `: quote the whole value, as in ${key}: "${value}")`;
  const head = "tasks:\n  - name: a\n    fetch: https://x.example/\n";
  const cases: [string, string, Expected[number]][] = [
    [
      "block alias",
      "    headers:\n      Accept: */*\n",
      [
        5,
        15,
        "",
        // A header's value may be a credential: neither the hint nor the parser repeats it.
        'YAML syntax: Cannot read alias: unidentified alias "…" (YAML reads a value ' +
        'that starts with "*" as an alias, the name of a value given elsewhere' +
        ': quote the whole value, as in Accept: "…"; not shown: it may be a credential)',
      ],
    ],
    [
      "flow alias",
      '    headers: { DNT: "1", Accept: */* }\n',
      [
        4,
        34,
        "",
        // A header's value may be a credential: neither the hint nor the parser repeats it.
        'YAML syntax: Cannot read alias: unidentified alias "…" (YAML reads a value ' +
        'that starts with "*" as an alias, the name of a value given elsewhere' +
        ': quote the whole value, as in Accept: "…"; not shown: it may be a credential)',
      ],
    ],
    [
      // The last line: std's parser placed it on the line after the file's end.
      "tag",
      "    save: !x.html\n",
      [
        4,
        11,
        "",
        "YAML syntax: Unresolved tag: !x.html (YAML reads a value that starts with " +
        '"!" as a tag, which names the type of the value after it' + quote("!x.html"),
      ],
    ],
    [
      "anchor",
      "    save: &x.html\n",
      [
        4,
        11,
        "tasks[0].save",
        'expected a path template such as "{host}/{uuid}.html", got ' +
        'null (YAML reads a value that starts with "&" as an anchor\'s name, and the value as ' +
        "empty" + quote("&x.html"),
      ],
    ],
    [
      "reserved @",
      "    save: @x.html\n",
      [
        4,
        11,
        "",
        "YAML syntax: Plain value cannot start with reserved character @ (YAML " +
        'reserves "@" at the start of a value' + quote("@x.html"),
      ],
    ],
    [
      "reserved `",
      "    save: `x.html\n",
      [
        4,
        11,
        "",
        "YAML syntax: Plain value cannot start with reserved character ` (YAML " +
        'reserves "`" at the start of a value' + quote("`x.html"),
      ],
    ],
    [
      "directive %",
      "    save: %x.html\n",
      [
        4,
        11,
        "",
        "YAML syntax: Plain value cannot start with directive indicator character % " +
        '(YAML reserves "%" (which starts a directive) at the start of a value' +
        quote("%x.html"),
      ],
    ],
  ];
  for (const [name, rest, expected] of cases) {
    await t.step(name, async () => {
      await withFile("reserved.yaml", head + rest, async (path) => {
        expectIssues(await issuesOf(path), path, [expected]);
      });
    });
  }
});

Deno.test("an unquoted YAML {filename} where text belongs says it was read as a map, and to quote it", async () => {
  const text = "metadata: {run}\ntasks:\n  - fetch: https://x.example/a\n    save: {filename}\n" +
    "  - fetch: { urls: {list} }\n    save: { uuid }\n";
  await withFile("braces.yaml", text, async (path) => {
    const map = (what: string, written: string, key: string) =>
      `expected ${what}, got a map: in YAML ${written} is a map; quote it: ${key}: "${written}"`;
    const template = 'a path template such as "{host}/{uuid}.html"';
    expectIssues(await issuesOf(path), path, [
      [1, 11, "metadata", map("a file name or false", "{run}", "metadata")],
      [4, 11, "tasks[0].save", map(template, "{filename}", "save")],
      [5, 20, "tasks[1].fetch.urls", map("a file path", "{list}", "urls")],
      [6, 11, "tasks[1].save", map(template, "{uuid}", "save")],
    ]);
  });
});

Deno.test("an unquoted { in a YAML flow list names the value to quote, not the whole list", async () => {
  const text = 'tasks: [{ fetch: "https://x.example/", save: {host}/index.html }]\n';
  await withFile("flow.yaml", text, async (path) => {
    const first = (await issuesOf(path))[0];
    assertEquals(
      first.message,
      "YAML syntax: Unexpected scalar at node end (YAML reads a value that starts with " +
        '"{" as a mapping, which ends at its "}": quote the whole value)',
    );
  });
});

Deno.test("a YAML header or form value read as a number says to quote it, not that it has CR or LF", async () => {
  const text = "defaults:\n  headers: { DNT: 1, Accept: text/html }\ntasks:\n  - sleep: 1s\n";
  await withFile("headers.yaml", text, async (path) => {
    expectIssues(await issuesOf(path), path, [
      [
        2,
        19,
        "defaults.headers.DNT",
        'expected a header value, got a number (not shown: it may be a credential; quote it: "…")',
      ],
    ]);
  });
  const form =
    "tasks:\n  - fetch: { url: https://x.example/, method: POST, body: { form: { page: 2 } } }\n";
  await withFile("form.yaml", form, async (path) => {
    expectIssues(await issuesOf(path), path, [
      [
        2,
        75,
        "tasks[0].fetch.body.form.page",
        'expected a form value as text (quote a number or true/false: "1"), got 2',
      ],
    ]);
  });
});

Deno.test("an outDir or cookie jar that starts with ~ is refused: no shell expands it", async () => {
  const text = "outDir: ~/corun-out\ncookies: ~me/jar.txt\ntasks:\n  - sleep: 1s\n";
  await withFile("tilde.yaml", text, async (path) => {
    const notExpanded = 'starts with "~", which corun does not expand to a home folder (it would ' +
      "be a folder named";
    expectIssues(await issuesOf(path), path, [
      [
        1,
        9,
        "outDir",
        `"~/corun-out" ${notExpanded} "~" beside the config file): write the full path, or ` +
        '"./~/corun-out" for a folder so named',
      ],
      [
        2,
        10,
        "cookies",
        `"~me/jar.txt" ${notExpanded} "~me" beside the config file): write the full path, or ` +
        '"./~me/jar.txt" for a folder so named',
      ],
    ]);
  });
  await withFile("tilde_inside.yaml", "outDir: out~/a\ntasks:\n  - sleep: 1s\n", async (path) => {
    assertEquals((await loadConfig(path)).outDir.endsWith("/out~/a"), true);
  });
  await withFile(
    "tilde_named.yaml",
    "outDir: ./~archive\ntasks:\n  - sleep: 1s\n",
    async (path) => {
      assertEquals((await loadConfig(path)).outDir.endsWith("/~archive"), true);
    },
  );
});

Deno.test("a URL where a local path belongs (a list, a CA file) says it is a URL, not that the file does not exist", async () => {
  const text =
    "tasks:\n  - fetch: { urls: https://x.org/list.txt }\n    caFile: http://x.org/ca.pem\n";
  await withFile("url_paths.yaml", text, async (path) => {
    const isUrl = "is a URL, where a path on this machine belongs (a file that a task of the run " +
      "downloads is named here by the path it is saved to)";
    expectIssues(await issuesOf(path), path, [
      [2, 20, "tasks[0].fetch.urls", `"https://x.org/list.txt" ${isUrl}`],
      [3, 13, "tasks[0].caFile", `"http://x.org/ca.pem" ${isUrl}`],
    ]);
  });
  await withFile("colon.yaml", "outDir: out:x\ntasks:\n  - sleep: 1s\n", async (path) => {
    assertEquals((await loadConfig(path)).outDir.endsWith("/out:x"), true);
  });
});

Deno.test("a cookie jar that is a folder or not a jar is refused when the config loads, not when the run starts", async () => {
  const dir = await Deno.makeTempDir({ prefix: "corun-jar-" });
  try {
    await Deno.mkdir(join(dir, "jars"));
    await Deno.writeTextFile(join(dir, "curl.txt"), "# Netscape HTTP Cookie File\n");
    await Deno.writeTextFile(join(dir, "other.json"), '{"cookies": []}\n');
    await Deno.writeTextFile(join(dir, "kept.json"), "");
    await Deno.symlink(join(dir, "kept.json"), join(dir, "linked.json"));
    await Deno.symlink(join(dir, "nowhere.json"), join(dir, "dangling.json"));
    const linked = "it is a symbolic link, and corun never reads or writes a cookie jar through " +
      "one: name the file it leads to";
    const cases: [string, string][] = [
      ["jars", "it is not a file"],
      ["linked.json", linked],
      ["dangling.json", linked],
      [
        "curl.txt",
        "line 1: a Netscape cookie file (curl's --cookie-jar), not a corun jar: corun reads only " +
        "the JSON jar it writes",
      ],
      ["other.json", 'line 1: not a cookie jar (no "format": "corun-cookie-jar")'],
      [
        "big.json",
        "it is larger than 16MiB (maxCookieJarSize), the most a cookie jar is read (3000 " +
        "cookies of 300 bytes, a full jar, are about 1MB); is it the right file?",
      ],
    ];
    // Read whole, a wrong path would be in memory before it is judged.
    await Deno.writeTextFile(join(dir, "big.json"), "");
    await Deno.truncate(join(dir, "big.json"), 16 * 2 ** 20 + 1);
    for (const [jar, problem] of cases) {
      const path = join(dir, "c.yaml");
      await Deno.writeTextFile(path, `cookies: ${jar}\ntasks:\n  - sleep: 1s\n`);
      expectIssues(await issuesOf(path), path, [
        [1, 10, "cookies", `cannot use the cookie jar "${jar}": ${problem}`],
      ]);
    }
    // The cap is the config's maxCookieJarSize, when it gives one.
    await Deno.writeTextFile(
      join(dir, "c.yaml"),
      "cookies: big.json\nmaxCookieJarSize: 32MiB\ntasks:\n  - sleep: 1s\n",
    );
    await assertRejects(() => loadConfig(join(dir, "c.yaml")), ConfigError, "not a JSON object");
    await Deno.writeTextFile(join(dir, "small.json"), `${" ".repeat(2000)}{}`);
    await Deno.writeTextFile(
      join(dir, "c.yaml"),
      "cookies: small.json\nmaxCookieJarSize: 1KiB\ntasks:\n  - sleep: 1s\n",
    );
    expectIssues(await issuesOf(join(dir, "c.yaml")), join(dir, "c.yaml"), [
      [
        1,
        10,
        "cookies",
        'cannot use the cookie jar "small.json": it is larger than 1KiB (maxCookieJarSize), the ' +
        "most a cookie jar is read (3000 cookies of 300 bytes, a full jar, are about 1MB); is it " +
        "the right file?",
      ],
    ]);
    // A jar not written yet is the run's to write, and an empty file is one made for it.
    await Deno.writeTextFile(join(dir, "empty.json"), "");
    for (const jar of ["new.json", "empty.json"]) {
      const path = join(dir, "c.yaml");
      await Deno.writeTextFile(path, `cookies: ${jar}\ntasks:\n  - sleep: 1s\n`);
      assertEquals((await loadConfig(path)).cookies?.file, join(dir, jar));
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a problem in a value a YAML merge key (<<: *base) brings in points where it is written", async () => {
  const text = "tasks:\n" +
    "  - &base\n" +
    "    fetch: https://x.example/a\n" +
    "    retries: -1\n" +
    "    timeout: { connect: 3x }\n" +
    "  - <<: [*base]\n" +
    "    name: b\n" +
    "    timeout: 5s\n";
  await withFile("merge.yaml", text, async (path) => {
    const retries = "expected a number of retries (a whole number from 0 to 100), got -1";
    expectIssues(await issuesOf(path), path, [
      [4, 14, "tasks[0].retries", retries],
      [4, 14, "tasks[1].retries", retries],
      [5, 25, "tasks[0].timeout.connect", DURATION.replace("3 parsecs", "3x")],
    ]);
  });
});

Deno.test("a YAML file of two documents says a config is one, at the second", async () => {
  const text = "---\ntasks:\n  - sleep: 1s\n---\ntasks:\n  - sleep: 2s\n";
  await withFile("two.yaml", text, async (path) => {
    expectIssues(await issuesOf(path), path, [
      [4, 1, "", "YAML syntax: a config is one YAML document, and a second one starts here"],
    ]);
  });
});

Deno.test("the common YAML mistakes are said in plain words, at the offending line's first character", async (t) => {
  const parser = (...said: string[]) => ` (the YAML parser: ${said.join("; ")})`;
  const cases: [string, string, [number, number, string][]][] = [
    [
      "a key between a list item's - and its keys",
      "tasks:\n  - name: a\n   sleep: 1s\n",
      [[
        3,
        4,
        '"sleep" is indented 3 spaces, between the "-" of the list item on line 2 (2 spaces) ' +
        'and its key "name" (4 spaces): indent it 4 spaces to make it a key of that item, or ' +
        'start a new item with "- "' + parser("Sequence item without - indicator"),
      ]],
    ],
    [
      "a key deeper than the key above it",
      "tasks:\n  - name: a\n    sleep: 1s\n  - name: b\n     sleep: 2s\n",
      [[
        5,
        6,
        '"sleep" is indented 5 spaces, more than "name" on line 4 (4 spaces), so YAML reads it ' +
        'as more of the value of "name": line it up with "name"' +
        parser(
          "Nested mappings are not allowed in compact mappings",
          "Implicit keys need to be on a single line",
        ),
      ]],
    ],
    [
      "a top-level key deeper than the one above it",
      "outDir: out\n  concurrency: 2\ntasks:\n  - sleep: 1s\n",
      [[
        2,
        3,
        '"concurrency" is indented 2 spaces, more than "outDir" on line 1 (0 spaces), so YAML ' +
        'reads it as more of the value of "outDir": line it up with "outDir"' +
        parser(
          "Nested mappings are not allowed in compact mappings",
          "Implicit keys need to be on a single line",
        ),
      ]],
    ],
    [
      'a value holding ": " unquoted',
      "tasks:\n  - name: a: b\n    sleep: 1s\n",
      [[
        2,
        11,
        'the value of "name" holds ": ", which YAML reads as the start of another key: quote ' +
        'the whole value, name: "a: b"' +
        parser("Nested mappings are not allowed in compact mappings"),
      ]],
    ],
    [
      "a list started on its key's line",
      "tasks: - sleep: 1s\n",
      [[
        1,
        8,
        'a list\'s "- " cannot follow "tasks" on its line: start the list on the next line, each ' +
        'item\'s "- " indented under "tasks"' +
        parser("Unexpected block-seq-ind on same line with key"),
      ]],
    ],
    [
      "a key in line with no key above it",
      "tasks:\n  - name: a\n    fetch:\n      url: http://127.0.0.1:9/\n     save: y\n",
      [[
        5,
        6,
        '"save" is indented 5 spaces, in line with no key above it ("fetch" on line 3 is at 4 ' +
        'spaces; "url" on line 4 is at 6 spaces): the keys of one mapping start at the same ' +
        "column, so line it up with the key it goes beside" +
        parser("All mapping items must start at the same column"),
      ]],
    ],
    [
      "a list item out of line with the items before it",
      "tasks:\n- name: a\n  sleep: 1s\n - name: b\n   sleep: 1s\n",
      [[
        4,
        2,
        'this list item\'s "-" is indented 1 space, but the "-" of the item on line 2 is at 0 ' +
        'spaces: the items of one list start at the same column, so line up its "-" with theirs' +
        parser("All sequence items must start at the same column"),
      ]],
    ],
    [
      "no space after a key's colon",
      "tasks:\n  - name: a\n    sleep:1s\n",
      [[
        3,
        5,
        '"sleep:1s" has no space after its ":", so YAML reads it as one word, not a key and its ' +
        'value: write "sleep: 1s"' + parser("Implicit map keys need to be followed by map values"),
      ]],
    ],
    [
      "no space after the colon of a list item's first key",
      "tasks:\n  - name:a\n    sleep: 1s\n",
      [[
        2,
        5,
        '"name:a" has no space after its ":", so YAML reads it as one word, not a key and its ' +
        'value: write "name: a"' + parser("Implicit keys need to be on a single line"),
      ]],
    ],
    [
      "a list item of host:port out of line: the item, not a missing space",
      "tasks:\n  - name: a\n    sleep: 1s\n    hosts:\n      - a.example:80\n     - localhost:8080\n",
      [[
        6,
        6,
        'this list item\'s "-" is indented 5 spaces, but the "-" of the item on line 5 is at 6 ' +
        'spaces: the items of one list start at the same column, so line up its "-" with theirs' +
        parser(
          "A block sequence may not be used as an implicit map key",
          "Implicit keys need to be on a single line",
          "Implicit map keys need to be followed by map values",
        ),
      ]],
    ],
    [
      "a double quote never closed",
      'tasks:\n  - name: "a\n    sleep: 1s\n',
      [[
        2,
        11,
        'the " that starts the quoted value of "name" is never closed, so YAML reads the lines ' +
        'after it as part of it: add the closing "' + parser('Missing closing "quote'),
      ]],
    ],
    [
      "a single quote never closed",
      "tasks:\n  - name: a\n    fetch: 'http://127.0.0.1:9/\n",
      [[
        3,
        12,
        'the \' that starts the quoted value of "fetch" is never closed, so YAML reads the ' +
        "lines after it as part of it: add the closing '" + parser("Missing closing 'quote"),
      ]],
    ],
    [
      "a comma left out between two entries of a { } mapping, on one line or across two",
      "tasks:\n  - { name: a, sleep: 1s sleep2: 2s }\n  - { name: b, sleep: 1s\n      after: a }\n",
      [
        [
          2,
          26,
          'a "," is missing before "sleep2": after the value "1s", YAML reads the next key as ' +
          "more of it; entries of a { } mapping are separated by commas, or, if " +
          '"sleep2:" is part of the value, quote the whole value' +
          parser("Block collections are not allowed within flow collections"),
        ],
        [
          4,
          7,
          'a "," is missing before "after": after the value "1s", YAML reads the next key as ' +
          "more of it; entries of a { } mapping are separated by commas, or, if " +
          '"after:" is part of the value, quote the whole value' +
          parser(
            "Implicit keys need to be on a single line",
            "Block collections are not allowed within flow collections",
          ),
        ],
      ],
    ],
    [
      "a comma left out after a header that may be a credential: the value not shown",
      "tasks:\n  - fetch:\n      url: http://127.0.0.1:9/\n      headers: { Authorization: Bearer xyz Accept: x }\n",
      [[
        4,
        44,
        'a "," is missing before "Accept": after the value, YAML reads the next key as more ' +
        'of it; entries of a { } mapping are separated by commas, or, if "Accept:" is part ' +
        "of the value, quote the whole value (not shown: it may be a credential)" +
        parser("Block collections are not allowed within flow collections"),
      ]],
    ],
    [
      "a comma left out after a quoted value: said once, with the parser's other words",
      'tasks:\n  - { name: a, fetch: "http://127.0.0.1:9/a" save: a }\n',
      [[
        2,
        46,
        'a "," is missing before "save": after the value "http://127.0.0.1:9/a", YAML reads ' +
        "the next key as more of it; entries of a { } mapping are separated by commas" +
        parser(
          "Block collections are not allowed within flow collections",
          "Unexpected scalar token",
        ),
      ]],
    ],
    [
      "a tab, whatever the parser makes of the lines after it",
      "tasks:\n\t- name: a\n    sleep: 1s\n",
      [[
        2,
        1,
        "a tab indents this line, and YAML indents with spaces only: replace the tab with spaces",
      ]],
    ],
  ];
  for (const [name, text, expected] of cases) {
    await t.step(name, async () => {
      await withFile("mistake.yaml", text, async (path) => {
        expectIssues(
          await issuesOf(path),
          path,
          expected.map(([line, column, said]) => [line, column, "", `YAML syntax: ${said}`]),
        );
      });
    });
  }
});

Deno.test("a task's key written inside fetch (save, after) says it goes on the task", async () => {
  const text = "tasks:\n" +
    "  - fetch:\n" +
    "      url: https://x.example/a\n" +
    "      save: a.html\n" +
    "      after: [b]\n" +
    "  - { name: b, sleep: 1s }\n";
  await withFile("nested.yaml", text, async (path) => {
    const onTask = 'it goes on the task, beside "fetch"';
    expectIssues(await issuesOf(path), path, [
      [4, 7, "tasks[0].fetch.save", `unknown key "save": ${onTask}`],
      [5, 7, "tasks[0].fetch.after", `unknown key "after": ${onTask}`],
    ]);
  });
});

Deno.test("a request's key written beside fetch (method, body, auth, url) says it goes inside", async () => {
  const text = "tasks:\n" +
    "  - fetch: https://x.example/a\n" +
    "    method: POST\n" +
    "    body: { json: { a: 1 } }\n" +
    "    auth: { bearer: t0ken }\n" +
    "  - url: https://x.example/b\n";
  await withFile("beside.yaml", text, async (path) => {
    const inside = (key: string, example: string) =>
      `unknown key "${key}": it goes inside "fetch", as in fetch: { url, ${example} }`;
    expectIssues(await issuesOf(path), path, [
      [3, 5, "tasks[0].method", inside("method", "method")],
      [4, 5, "tasks[0].body", inside("body", "method: POST, body")],
      [5, 5, "tasks[0].auth", inside("auth", "auth")],
      [6, 5, "tasks[1]", 'a task needs one of "sleep", "fetch" or "run"'],
      [
        6,
        5,
        "tasks[1].url",
        'unknown key "url": it goes in "fetch", as in fetch: URL or fetch: { url, method }',
      ],
    ]);
  });
});

Deno.test("concurrency or perHost in defaults, on a task or in fetch says where it goes", async () => {
  const text = "defaults: { concurrency: 4 }\n" +
    "tasks:\n" +
    "  - fetch: https://x.example/a\n" +
    "    perHost: 2\n" +
    "  - fetch: { url: https://x.example/b, perHost: 1 }\n";
  await withFile("run_keys.yaml", text, async (path) => {
    const perHost =
      'unknown key "perHost": it goes at the top of the config, or for one origin in "origins:"';
    expectIssues(await issuesOf(path), path, [
      [
        1,
        13,
        "defaults.concurrency",
        'unknown key "concurrency": it goes at the top of the config, beside "tasks"',
      ],
      [4, 5, "tasks[0].perHost", perHost],
      [5, 40, "tasks[1].fetch.perHost", perHost],
    ]);
  });
});

Deno.test("a header written as a key, in any spelling, says it goes in headers", async () => {
  const text = "User-Agent: corun\n" +
    "defaults:\n" +
    "  userAgent: corun\n" +
    "  Authorization: Bearer t0ken\n" +
    "  USER_AGENT: corun\n" +
    "tasks:\n" +
    "  - fetch: { url: https://x.example/a, accept: text/html }\n" +
    "    referer: https://x.example/\n";
  await withFile("header_keys.yaml", text, async (path) => {
    const goes = (key: string, header: string, wrap = (headers: string) => headers) =>
      `unknown key "${key}": it goes in "headers", as in ${wrap(`headers: { ${header}: … }`)}`;
    expectIssues(await issuesOf(path), path, [
      [1, 1, '["User-Agent"]', goes("User-Agent", "User-Agent", (h) => `defaults: { ${h} }`)],
      [3, 3, "defaults.userAgent", goes("userAgent", "User-Agent")],
      [4, 3, "defaults.Authorization", goes("Authorization", "Authorization")],
      [5, 3, "defaults.USER_AGENT", goes("USER_AGENT", "User-Agent")],
      [7, 40, "tasks[0].fetch.accept", goes("accept", "Accept")],
      [8, 5, "tasks[0].referer", goes("referer", "Referer")],
    ]);
  });
});

Deno.test("cookie, bandwidth and other tools' option names on a task or in defaults say what corun calls them", async () => {
  const text = "defaults:\n" +
    "  cookie: session=1\n" +
    "  proxy_url: http://proxy.example:3128\n" +
    "  verify: false\n" +
    "  followRedirects: true\n" +
    'notify: { fail: "https://ping.example/x" }\n' +
    "tasks:\n" +
    "  - fetch: https://x.example/a\n" +
    "    bandwidth: 1MiB/s\n";
  await withFile("other_names.yaml", text, async (path) => {
    expectIssues(await issuesOf(path), path, [
      [
        2,
        3,
        "defaults.cookie",
        'unknown key "cookie": it goes at the top of the config, as in cookies: true (a Cookie ' +
        "header of your own goes in headers: { Cookie: … })",
      ],
      [3, 3, "defaults.proxy_url", 'unknown key "proxy_url" (did you mean "proxy"?)'],
      [4, 3, "defaults.verify", 'unknown key "verify" (did you mean "insecure"?)'],
      [
        5,
        3,
        "defaults.followRedirects",
        'unknown key "followRedirects" (did you mean "maxRedirects"?)',
      ],
      [6, 11, "notify.fail", 'unknown key "fail" (did you mean "failure"?)'],
      [
        9,
        5,
        "tasks[0].bandwidth",
        'unknown key "bandwidth": it goes at the top of the config, beside "tasks" (one limit ' +
        "for all of a run's bodies)",
      ],
    ]);
  });
});

Deno.test("a bandwidth for one origin, or by curl's and wget's name (limit-rate), says where the run's limit goes", async () => {
  const text = "limit-rate: 1MiB/s\n" +
    "origins:\n" +
    '  "https://x.example": { bandwidth: 1MiB/s, concurrency: 2 }\n' +
    "tasks:\n" +
    "  - fetch: https://x.example/a\n" +
    "    limit_rate: 1MiB/s\n";
  const top = 'at the top of the config, beside "tasks"';
  await withFile("origin_bandwidth.yaml", text, async (path) => {
    expectIssues(await issuesOf(path), path, [
      [1, 1, '["limit-rate"]', 'unknown key "limit-rate" (did you mean "bandwidth"?)'],
      [
        3,
        26,
        'origins["https://x.example"].bandwidth',
        `unknown key "bandwidth": it goes ${top} (one limit for all of a run's bodies)`,
      ],
      [
        3,
        45,
        'origins["https://x.example"].concurrency',
        `unknown key "concurrency": it goes ${top}`,
      ],
      [
        6,
        5,
        "tasks[0].limit_rate",
        `unknown key "limit_rate" (did you mean "bandwidth"? it goes ${top} (one limit for all of a run's bodies))`,
      ],
    ]);
  });
});

Deno.test("credentials written as keys (curl's user) or a request's key in defaults say where they go", async () => {
  const text = "defaults:\n" +
    "  auth: { bearer: t0ken }\n" +
    "  user: me\n" +
    "tasks:\n" +
    "  - fetch: https://x.example/a\n" +
    "    user: me\n" +
    "  - fetch: { url: https://x.example/b, username: me, password: pw, bearer: t }\n";
  await withFile("credentials.yaml", text, async (path) => {
    const basic = "auth: { username, password }";
    expectIssues(await issuesOf(path), path, [
      [
        2,
        3,
        "defaults.auth",
        'unknown key "auth": it goes in a task\'s "fetch", not in "defaults", as in fetch: { url, auth }',
      ],
      [
        3,
        3,
        "defaults.user",
        `unknown key "user": it goes in a task's "fetch", not in "defaults", as in fetch: { url, ${basic} }`,
      ],
      [
        6,
        5,
        "tasks[0].user",
        `unknown key "user": it goes inside "fetch", as in fetch: { url, ${basic} }`,
      ],
      [
        7,
        40,
        "tasks[1].fetch.username",
        `unknown key "username": it goes in "auth", as in ${basic}`,
      ],
      [
        7,
        54,
        "tasks[1].fetch.password",
        `unknown key "password": it goes in "auth", as in ${basic}`,
      ],
      [
        7,
        68,
        "tasks[1].fetch.bearer",
        'unknown key "bearer": it goes in "auth", as in auth: { bearer }',
      ],
    ]);
  });
});

Deno.test("JSON refuses comments and trailing commas, each at its line; JSONC allows them", async () => {
  const text = '{\n  // no comments in JSON\n  "tasks": [{ "sleep": 1 },],\n}\n';
  await withFile("config.json", text, async (path) => {
    expectIssues(await issuesOf(path), path, [
      [2, 3, "", "JSON syntax: comments are not allowed in JSON (use a .jsonc file)"],
      [3, 27, "", "JSON syntax: trailing commas are not allowed in JSON (use a .jsonc file)"],
      [3, 29, "", "JSON syntax: trailing commas are not allowed in JSON (use a .jsonc file)"],
    ]);
  });
  await withFile("config.jsonc", text, async (path) => {
    assertEquals((await loadConfig(path)).tasks.length, 1);
  });
  await withFile("broken.jsonc", '{ "tasks": [ { "sleep": 1 } }', async (path) => {
    expectIssues(await issuesOf(path), path, [[
      1,
      29,
      "",
      'JSON syntax: expected "," or a closing bracket',
    ]]);
  });
});

Deno.test("duplicate keys in JSON are reported alongside the other problems", async () => {
  const text = '{\n  "outDir": "a",\n  "outDir": "b",\n  "tasks": [{ "sleep": "x" }]\n}\n';
  await withFile("config.json", text, async (path) => {
    expectIssues(await issuesOf(path), path, [
      [3, 3, "outDir", 'duplicate key "outDir" at line 3; first at line 2'],
      [
        4,
        24,
        "tasks[0].sleep",
        'expected a duration like "3s", "1500ms" or "1h30m" (units ms, s (sec), m (min), h (hour), d (day), as in "1h 30m"; a number alone is seconds), got "x"',
      ],
    ]);
  });
});

Deno.test("TOML syntax errors and redefined keys are reported with their line and column", async () => {
  await withFile("syntax.toml", '[[tasks]]\nsleep = "1s\n', async (path) => {
    const [issue, ...rest] = await issuesOf(path);
    assertEquals(rest, []);
    assertEquals([issue.line, issue.path], [2, ""]);
    assertEquals(issue.message.startsWith("TOML syntax: "), true, issue.message);
  });
  await withFile("twice.toml", 'outDir = "a"\noutDir = "b"\ntasks = []\n', async (path) => {
    expectIssues(await issuesOf(path), path, [
      [2, 1, "outDir", 'duplicate key "outDir" at line 2; first at line 1'],
    ]);
  });
  // Said as JSON's and YAML's are: the field's path and both lines, in a table of an array, a
  // dotted key and a table header.
  const twice: [string, [number, number, string, string]][] = [
    [
      '[[tasks]]\nname = "a"\n\n[[tasks]]\nname = "b"\nsleep = "1s"\n  name = "c"\n',
      [7, 3, "tasks[1].name", 'duplicate key "name" at line 7; first at line 5'],
    ],
    [
      '[[tasks]]\nname = "a"\nfetch.url = "http://x/"\nfetch.url = "http://y/"\n',
      [4, 1, "tasks[0].fetch.url", 'duplicate key "url" at line 4; first at line 3'],
    ],
    [
      "[defaults]\nretries = 1\n[defaults]\nretries = 2\n",
      [3, 1, "defaults", 'duplicate key "defaults" at line 3; first at line 1'],
    ],
  ];
  for (const [text, expected] of twice) {
    await withFile("twice.toml", text, async (path) => {
      expectIssues(await issuesOf(path), path, [expected]);
    });
  }
  // Both on one line (an inline table), or an array given inline then as [[tasks]] (no key of it
  // written twice, never "duplicate key \"0\""): the parser's words, the key named.
  for (
    const [text, said] of [
      ['tasks = [{ sleep = "1s", sleep = "2s" }]\n', '"sleep" is defined twice'],
      ['tasks = [{ sleep = "1s" }]\n\n[[tasks]]\nsleep = "2s"\n', '"tasks" is defined twice'],
    ]
  ) {
    await withFile("twice.toml", text, async (path) => {
      const [issue] = await issuesOf(path);
      assertEquals([issue.path, issue.message.includes(said)], ["", true], issue.message);
    });
  }
  // An array's key given twice is the key's duplicate.
  await withFile("twice.toml", "tasks = []\ntasks = [1]\n", async (path) => {
    expectIssues(await issuesOf(path), path, [
      [2, 1, "tasks", 'duplicate key "tasks" at line 2; first at line 1'],
    ]);
  });
});

Deno.test("a TypeScript syntax error is reported with its line and column", async () => {
  await withFile("config.ts", "export default {\n  tasks: [,,\n  }\n};\n", async (path) => {
    const [issue, ...rest] = await issuesOf(path);
    assertEquals(rest, []);
    assertEquals(issue.line, 3);
    assertEquals(
      issue.message.startsWith("cannot import the config module: "),
      true,
      issue.message,
    );
  });
});

Deno.test("a TypeScript config that is missing, or throws, says so as a YAML one would, with where", async () => {
  await withFile("other.ts", "export default { tasks: [] };\n", async (other) => {
    const missing = join(dirname(other), "missing.ts");
    assertEquals((await issuesOf(missing)).map((issue) => [issue.file, issue.message]), [
      [missing, "cannot read the config: the file does not exist"],
    ]);
  });
  const throwing = 'const hosts = ["a"];\nthrow new Error(`no host ${hosts[1]}`);\n' +
    "export default { tasks: [] };\n";
  await withFile("throws.ts", throwing, async (path) => {
    expectIssues(await issuesOf(path), path, [
      [2, 7, "", "cannot import the config module: Error: no host undefined"],
    ]);
  });
});

Deno.test("a missing key is reported at the object that lacks it", async () => {
  await withFile("config.yaml", "outDir: out\ntask:\n  - sleep: 1s\n", async (path) => {
    expectIssues(await issuesOf(path), path, [
      [1, 1, "", 'missing required key "tasks"'],
      [2, 1, "task", 'unknown key "task" (did you mean "tasks"?)'],
    ]);
  });
});

Deno.test("a file: URL that names no local file is a config error that says so", async () => {
  for (
    const url of ["file://elsewhere/tasks.yaml", "file:///tmp/a%2Fb.yaml", "file:///tmp/5%.yaml"]
  ) {
    const error = await assertRejects(() => loadConfig(url), ConfigError);
    assertEquals(error.issues.length, 1);
    assertEquals(
      error.issues[0].message.startsWith("cannot read the config: not a local file URL"),
      true,
    );
  }
});

Deno.test("an empty config, or one of comments only, says it holds no config", async () => {
  const configs: [string, string][] = [
    ["tasks.yaml", ""],
    ["tasks.yaml", "\n\n"],
    ["tasks.yaml", "# the tasks come later\n"],
    ["tasks.json", ""],
    ["tasks.jsonc", " \n"],
    ["tasks.toml", ""],
    ["tasks.toml", "# the tasks come later\n\n"],
  ];
  for (const [name, text] of configs) {
    await withFile(name, text, async (path) => {
      const [issue, ...more] = await issuesOf(path);
      assertEquals(more, []);
      assertEquals(issue.path, "");
      assertEquals(
        issue.message,
        "the file holds no config (it is empty, or only comments); write at least `tasks:` with " +
          "one task",
      );
    });
  }
});

Deno.test("${NAME} in a URL, a credential or a path is refused: corun expands no environment variable", async () => {
  const config = `tasks:
  - name: a
    fetch:
      url: "https://\${HOST}/x"
      headers: { Authorization: "Bearer \${TOKEN}" }
      auth: { username: me, password: "\${PASSWORD}" }
`;
  const held = (name: string) =>
    `it holds \${${name}}: corun does not expand environment variables, so it would be used as ` +
    "written";
  const hint = (name: string) =>
    `${held(name)}; in a TypeScript config write Deno.env.get("${name}")`;
  await withFile("env.yaml", config, async (path) => {
    expectIssues(await issuesOf(path), path, [
      [4, 12, "tasks[0].fetch.url", hint("HOST")],
      // In a credential's field, the way is { env: NAME }: the whole value from one variable.
      [
        5,
        33,
        "tasks[0].fetch.headers.Authorization",
        `expected a header value, but ${held("TOKEN")}; write { env: NAME } for a variable that ` +
        "holds the whole value (a bearer token goes in auth: { bearer: { env: TOKEN } })",
      ],
      [
        6,
        39,
        "tasks[0].fetch.auth.password",
        `expected a password, but ${
          held("PASSWORD")
        }; write { env: PASSWORD } to read the variable`,
      ],
    ]);
  });
  // Where it would be a folder or file named "${OUT}", or a password, a ping's secret, sent so.
  const places = `outDir: "\${OUT}/corun"
cookies: "\${STATE_DIRECTORY}/jar.json"
metadata: "\${HOSTNAME}.jsonl"
db: "postgres://corun:\${PGPASSWORD}@db.example:5432/corun"
notify: { success: "https://hc-ping.example/\${PING_UUID}" }
defaults: { proxy: "http://me:\${PROXY_PASSWORD}@proxy.example:3128" }
tasks:
  - sleep: 1s
`;
  await withFile("places.yaml", places, async (path) => {
    expectIssues(await issuesOf(path), path, [
      [1, 9, "outDir", hint("OUT")],
      [2, 10, "cookies", hint("STATE_DIRECTORY")],
      [3, 11, "metadata", hint("HOSTNAME")],
      [4, 5, "db", hint("PGPASSWORD")],
      [5, 20, "notify.success", hint("PING_UUID")],
      [6, 20, "defaults.proxy", hint("PROXY_PASSWORD")],
    ]);
  });
  // A dollar sign alone is text like any other.
  const dollars = 'tasks:\n  - name: a\n    fetch:\n      url: "https://example.com/$x"\n' +
    '      headers: { Authorization: "Bearer $TOKEN" }\n';
  await withFile("dollars.yaml", dollars, (path) => loadConfig(path));
});

Deno.test("$NAME as a URL's host or a path's first segment is refused; a $ elsewhere is text", async () => {
  const hint = (name: string, path?: string) =>
    `it holds $${name}: corun does not expand environment variables, so it would be used as ` +
    `written; in a TypeScript config write Deno.env.get("${name}")` +
    (path === undefined ? "" : `, or "./${path}" for a folder so named`);
  const config = `outDir: "$OUT_DIR/corun"
cookies: "$STATE_DIRECTORY/jar.json"
metadata: "$LOGS"
notify: { failure: "https://$PING_HOST/ping" }
defaults: { proxy: "http://$PROXY:3128", caFile: "$CERTS/ca.pem", checksums: "$SUMS" }
tasks:
  - name: a
    fetch: "http://$HOST/x"
    save: "$NAME/a.html"
  - name: b
    fetch:
      url: "https://api.$DOMAIN:8443/v1"
      method: POST
      body: { file: "$BODY/b.json" }
      auth: { bearer: { file: "$SECRETS/token" } }
  - name: c
    fetch: { urls: "$LISTS/today.txt" }
`;
  await withFile("dollars.yaml", config, async (path) => {
    expectIssues(await issuesOf(path), path, [
      [1, 9, "outDir", hint("OUT_DIR", "$OUT_DIR/corun")],
      [2, 10, "cookies", hint("STATE_DIRECTORY", "$STATE_DIRECTORY/jar.json")],
      [3, 11, "metadata", hint("LOGS", "$LOGS")],
      [4, 20, "notify.failure", hint("PING_HOST")],
      [5, 20, "defaults.proxy", hint("PROXY")],
      [5, 50, "defaults.caFile", hint("CERTS", "$CERTS/ca.pem")],
      [5, 78, "defaults.checksums", hint("SUMS", "$SUMS")],
      [8, 12, "tasks[0].fetch", hint("HOST")],
      [9, 11, "tasks[0].save", hint("NAME", "$NAME/a.html")],
      [12, 12, "tasks[1].fetch.url", hint("DOMAIN")],
      [14, 21, "tasks[1].fetch.body.file", hint("BODY", "$BODY/b.json")],
      [15, 31, "tasks[1].fetch.auth.bearer.file", hint("SECRETS", "$SECRETS/token")],
      [17, 20, "tasks[2].fetch.urls", hint("LISTS", "$LISTS/today.txt")],
    ]);
  });
  // A `$` in a path, a query, a password or a header value is text; `./$out` is a folder so named.
  const text = `outDir: "./$out/corun"
defaults: { proxy: "http://me:pa$SWORD@proxy.example:3128" }
tasks:
  - name: a
    fetch:
      url: "https://example.com/$PATH?q=$Q"
      headers: { Authorization: "Bearer $TOKEN" }
    save: "a/$NAME.html"
`;
  await withFile("text.yaml", text, async (path) => {
    const spec = await loadConfig(path);
    assertEquals(spec.outDir.endsWith("/$out/corun"), true);
  });
});

Deno.test("$name first in a path is refused in any case, whether or not a variable so named is set: the verdict is the same in every environment", async () => {
  const config = 'outDir: "$corun_test_out/x"\ntasks: [{ sleep: 1s }]\n';
  const refused = [
    "it holds $corun_test_out: corun does not expand environment variables, so it would be " +
    'used as written; in a TypeScript config write Deno.env.get("corun_test_out"), or ' +
    '"./$corun_test_out/x" for a folder so named',
  ];
  await withFile("unset.yaml", config, async (path) => {
    assertEquals((await issuesOf(path)).map((issue) => issue.message), refused);
  });
  Deno.env.set("corun_test_out", "/tmp");
  try {
    await withFile("set.yaml", config, async (path) => {
      assertEquals((await issuesOf(path)).map((issue) => issue.message), refused);
    });
  } finally {
    Deno.env.delete("corun_test_out");
  }
});

Deno.test("a path corun reads that starts with ~ is refused as outDir's is: no shell expands it", async () => {
  const notExpanded = (path: string) =>
    `${JSON.stringify(path)} starts with "~", which corun does not expand to a home folder (it ` +
    `would be a folder named "~" beside the config file): write the full path, or ` +
    `${JSON.stringify(`./${path}`)} for a folder so named`;
  const config = `defaults: { caFile: "~/ca.pem", checksums: "~/SHA256SUMS" }
tasks:
  - name: a
    fetch:
      url: "https://example.com/"
      method: POST
      body: { file: "~/body.json" }
      auth: { bearer: { file: "~/token" } }
  - name: b
    fetch: { urls: "~/list.txt" }
`;
  await withFile("tilde_read.yaml", config, async (path) => {
    expectIssues(await issuesOf(path), path, [
      [1, 21, "defaults.caFile", notExpanded("~/ca.pem")],
      [1, 44, "defaults.checksums", notExpanded("~/SHA256SUMS")],
      [7, 21, "tasks[0].fetch.body.file", notExpanded("~/body.json")],
      [8, 31, "tasks[0].fetch.auth.bearer.file", notExpanded("~/token")],
      [10, 20, "tasks[1].fetch.urls", notExpanded("~/list.txt")],
    ]);
  });
});

Deno.test("a TypeScript config that imports a missing module is reported at the import", async () => {
  const text = 'import { hosts } from "./hosts.ts";\nexport default { tasks: hosts };\n';
  await withFile("imports.ts", text, async (path) => {
    const hosts = join(dirname(path), "hosts.ts");
    expectIssues(await issuesOf(path), path, [
      [1, 23, "", `cannot import the config module: Module not found "file://${hosts}".`],
    ]);
  });
});

Deno.test("a folder given as the config says it is a folder, whatever its name", async () => {
  const dir = await Deno.makeTempDir({ prefix: "corun-config-test-" });
  try {
    for (const name of ["tasks.yaml", "tasks.toml", "tasks.ts", "plain"]) {
      const path = join(dir, name);
      await Deno.mkdir(path);
      assertEquals((await issuesOf(path)).map((issue) => [issue.file, issue.message]), [
        [path, "cannot read the config: it is a folder; name the config file in it"],
      ]);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a fetch setting under origins: (timeout, retries, headers) says where it goes", async () => {
  const text = "origins:\n" +
    '  "https://x.example": { timeout: 5s, retries: 1, headers: { A: b }, perHots: 2 }\n' +
    "tasks:\n" +
    "  - fetch: https://x.example/a\n";
  await withFile("origins.yaml", text, async (path) => {
    const elsewhere = (key: string) =>
      `unknown key "${key}": it goes in "defaults" or on a task (an origin's rules are perHost, ` +
      "rate, delay, jitter, proxy and pipeline)";
    const origin = 'origins["https://x.example"]';
    expectIssues(await issuesOf(path), path, [
      [2, 26, `${origin}.timeout`, elsewhere("timeout")],
      [2, 39, `${origin}.retries`, elsewhere("retries")],
      [2, 51, `${origin}.headers`, elsewhere("headers")],
      [2, 70, `${origin}.perHots`, 'unknown key "perHots" (did you mean "perHost"?)'],
    ]);
  });
});

Deno.test("a config URL of another scheme (ftp:, s3:) says corun reads URLs over http: or https: only", async () => {
  for (const [url, scheme] of [["ftp://x.example/c.yaml", "ftp:"], ["S3://bucket/c.ts", "s3:"]]) {
    assertEquals((await issuesOf(url)).map((issue) => [issue.file, issue.message]), [
      [url, `cannot read the config: corun reads a config URL over http: or https:, not ${scheme}`],
    ]);
  }
  // Its password is not shown.
  assertEquals((await issuesOf("ftp://u:secret@x.example/c.yaml")).map((issue) => issue.file), [
    "ftp://***@x.example/c.yaml",
  ]);
});

Deno.test("a date, binary data or a Map where an object goes is named as what it is", async () => {
  await withFile("dates.toml", "tasks = [1979-05-27]\n", async (path) => {
    expectIssues(await issuesOf(path), path, [
      [1, 10, "tasks[0]", "expected a task { name, sleep | fetch | run, ... }, got a date"],
    ]);
  });
  await withFile("fetch.toml", "[[tasks]]\nfetch = 1979-05-27\n", async (path) => {
    expectIssues(await issuesOf(path), path, [
      [2, 9, "tasks[0].fetch", "expected a URL or a request { url, ... }, got a date"],
    ]);
  });
  const error = assertThrows(
    () =>
      validateConfig({
        defaults: { headers: new Map([["A", "b"]]) },
        tasks: [new Uint8Array(2)],
      }, "inline"),
    ConfigError,
  );
  assertEquals(error.issues.map((issue: ConfigIssue) => `${issue.path}: ${issue.message}`), [
    "defaults.headers: expected headers (an object of names to values), got a Map",
    "tasks[0]: expected a task { name, sleep | fetch | run, ... }, got binary data",
  ]);
  // An object of the config's own class is a table of its fields, as before.
  class Nap {
    sleep = "1s";
  }
  assertEquals(validateConfig({ tasks: [new Nap()] }, "inline").tasks.length, 1);
});

Deno.test({
  name: "a file the config names that corun may not read is refused at its field, with the flag",
  permissions: { read: false },
  fn() {
    const error = assertThrows(
      () =>
        validateConfig({
          tasks: [{ name: "listed", fetch: { urls: "urls.txt" }, save: "{path}" }],
        }, "/srv/corun/tasks.yaml"),
      ConfigError,
    );
    assertEquals(error.issues.map((issue: ConfigIssue) => [issue.path, issue.message]), [[
      "tasks[0].fetch.urls",
      'cannot use the URL list "urls.txt": corun may not read "/srv/corun/urls.txt": start it ' +
      "with --allow-read=/srv/corun/urls.txt (or --allow-read)",
    ]]);
  },
});

Deno.test("a URL longer than a URL list's line may be is refused at its field, in a pattern, a request and a ping alike", async () => {
  // A file pasted as a URL was sent whole, and written whole into every log line and record.
  const long = "http://x.example/" + "a".repeat(MAX_LIST_LINE_BYTES);
  const within = "http://x.example/" + "a".repeat(MAX_LIST_LINE_BYTES - 17);
  // Within as written, three times longer as sent (percent-encoded).
  const encoded = "http://x.example/" + "é".repeat((MAX_LIST_LINE_BYTES - 17) / 2 - 1);
  const tooLong = (bytes: number) =>
    `the URL is ${bytes.toLocaleString("en-US")} bytes long, past the limit of 64 KiB (a URL ` +
    "list's line's too); servers refuse a URL past 8 to 16 KiB";
  const text = JSON.stringify({
    notify: { failure: long },
    tasks: [
      { name: "plain", fetch: long },
      { name: "request", fetch: { url: long } },
      { name: "pattern", fetch: `http://x.example/{a,${"b".repeat(MAX_LIST_LINE_BYTES)}}` },
      { name: "within", fetch: within },
      { name: "encoded", fetch: encoded },
    ],
  });
  await withFile("long.json", text, async (path) => {
    assertEquals((await issuesOf(path)).map((issue) => [issue.path, issue.message]), [
      ["notify.failure", tooLong(MAX_LIST_LINE_BYTES + 17)],
      ["tasks[0].fetch", tooLong(MAX_LIST_LINE_BYTES + 17)],
      ["tasks[1].fetch.url", tooLong(MAX_LIST_LINE_BYTES + 17)],
      ["tasks[2].fetch", `${tooLong(MAX_LIST_LINE_BYTES + 17)} (URL 2 of the pattern)`],
      [
        "tasks[4].fetch",
        "the URL is 196,565 bytes long as sent (percent-encoded), past the limit of 64 KiB (a " +
        "URL list's line's too); servers refuse a URL past 8 to 16 KiB",
      ],
    ]);
  });
});
