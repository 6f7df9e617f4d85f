import { assertEquals, assertMatch } from "npm:deno-std@1.4.0/assert/mod.js";
import { ConfigError } from "./config_error.ts";
import { validateConfig } from "./load.ts";

Deno.test("a save template that would leave the output directory is a config error at tasks[i].save", () => {
  try {
    validateConfig({
      tasks: [
        { name: "ok", fetch: "https://example.com/", save: "{host}/{path}" },
        { name: "escape", fetch: "https://example.com/", save: "../outside/{name}.html" },
        { name: "typo", fetch: "https://example.com/", save: "{hots}.html" },
      ],
    }, "inline");
    throw new Error("expected a ConfigError");
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    assertEquals(error.issues.map((issue) => issue.path), ["tasks[1].save", "tasks[2].save"]);
    assertMatch(error.issues[1].message, /unknown placeholder/);
  }
});

/** The problems validateConfig finds, as `path: message`. */
function problemsOf(tasks: unknown[]): string[] {
  try {
    validateConfig({ tasks }, "inline");
    return [];
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return error.issues.map((issue) => `${issue.path}: ${issue.message}`);
  }
}

Deno.test("{1}..{n} name the parts a URL pattern matched: more than it has, or none, is an error with the template's column", () => {
  assertEquals(
    problemsOf([
      { fetch: "https://x.example/{a,b}/[1-3].html", save: "{1}/{2}.html" },
      { fetch: "https://x.example/{a,b}/[1-3].html", save: "{1}/{2}-{3}.html" },
      { fetch: "https://x.example/[1-3].html", save: "p/{2}.html" },
      { fetch: "https://x.example/page.html", save: "p/{1}.html" },
      { fetch: "https://x.example/[1-3].html", glob: false, save: "{uuid}-{1}" },
      { fetch: "https://x.example/\\[1\\].html", save: "{1}" },
    ]),
    [
      'tasks[1].save: Cannot use path template "{1}/{2}-{3}.html" (column 9): {3} is a part the URL pattern does not have: it has 2 globs ({1} to {2})',
      'tasks[2].save: Cannot use path template "p/{2}.html" (column 3): {2} is a part the URL pattern does not have: it has 1 glob ({1})',
      'tasks[3].save: Cannot use path template "p/{1}.html" (column 3): {1} is a part a URL pattern matched, and its URL is not a pattern',
      'tasks[4].save: Cannot use path template "{uuid}-{1}" (column 8): {1} is a part a URL pattern matched, and its URL is taken as written (glob: false)',
      'tasks[5].save: Cannot use path template "{1}" (column 1): {1} is a part a URL pattern matched, and its URL is not a pattern',
    ],
  );
});

Deno.test("{1} in the save of a list task is an error: a list's URLs have no matched parts", async () => {
  const dir = await Deno.makeTempDir({ prefix: "corun-save-" });
  try {
    await Deno.writeTextFile(`${dir}/urls.txt`, "https://x.example/\n");
    assertThrowsConfig(
      () =>
        validateConfig(
          { tasks: [{ fetch: { urls: "urls.txt" }, save: "{uuid}/{1}" }] },
          `${dir}/c.yaml`,
        ),
      [
        'tasks[0].save: Cannot use path template "{uuid}/{1}" (column 8): {1} is a part a URL pattern matched, and its URLs come from a list',
      ],
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

function assertThrowsConfig(action: () => unknown, expected: string[]): void {
  try {
    action();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    assertEquals(error.issues.map((issue) => `${issue.path}: ${issue.message}`), expected);
    return;
  }
  throw new Error("expected a ConfigError");
}

Deno.test("a save whose file name is longer than any file system takes, whatever is fetched, is a config error at its column", () => {
  assertEquals(
    problemsOf([
      { name: "ok", fetch: "https://example.com/a", save: "{sha256}{sha256}{sha256}.bin" },
      {
        name: "long",
        fetch: "https://example.com/a",
        save: "{sha256}{sha256}{sha256}{sha256}.bin",
      },
    ]),
    [
      'tasks[1].save: Cannot use path template "{sha256}{sha256}{sha256}{sha256}.bin" (column 1): ' +
      "the name here is at least 260 bytes once rendered, more than the 255 a file name may have",
    ],
  );
});

Deno.test("a save that renders a name over 255 bytes for the task's own URL is a config error naming the URL", () => {
  const long = "a".repeat(240);
  const problems = problemsOf([
    { name: "fits", fetch: `https://x.example/${long}`, save: "{path}.{ext}" },
    { name: "one", fetch: `https://x.example/${long}`, save: "{path}-{sha256}.bin" },
    {
      name: "pattern",
      fetch: `https://x.example/{b,${long}}`,
      save: "{1}/{path}-{uuid}-{uuid}.{ext}",
    },
    // {ext} and {filename} count at their fewest: a response could give "js", or a name of one byte.
    {
      name: "fewest",
      fetch: `https://x.example/${"b".repeat(220)}`,
      save: "{path}-{filename}.{ext}",
    },
    { name: "n".repeat(60), fetch: `https://x.example/${long}`, save: "{path}{name}.txt" },
  ]);
  assertEquals(problems.length, 3, problems.join("\n"));
  assertMatch(
    problems[0],
    new RegExp(
      `^tasks\\[1\\]\\.save: Cannot save https://x\\.example/${long} as "\\{path\\}-\\{sha256\\}\\.bin": ` +
        'it renders the name "a{50}…0{16}\\.bin" of 268 bytes, more than the 255 a file name may have',
    ),
  );
  assertMatch(
    problems[1],
    new RegExp(`^tasks\\[2\\]\\.save: Cannot save https://x\\.example/${long} as`),
  );
  assertMatch(problems[2], /^tasks\[4\]\.save: .* of 263 bytes, more than the 255/);
});
