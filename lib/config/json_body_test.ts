import { assertEquals, assertThrows } from "npm:deno-std@1.4.0/assert/mod.js";
import { ConfigError, type ConfigIssue } from "./config_error.ts";
import { loadConfig, validateConfig } from "./load.ts";
import { withFile } from "../../tests/fixtures/config_files.ts";
import type { FetchTaskSpec } from "../tasks/spec.ts";

/** The problems of a config made in code, as `path: message`. */
function problemsOf(input: unknown): string[] {
  const error = assertThrows(() => validateConfig(input, "c.ts"), ConfigError);
  return error.issues.map((issue: ConfigIssue) => `${issue.path}: ${issue.message}`);
}

function postJson(json: unknown) {
  return { url: "https://x.example/api", method: "POST", body: { json } };
}

Deno.test("a JSON body holding what JSON cannot carry (a BigInt, NaN, a Map, a function) is a config error at its place", () => {
  assertEquals(
    problemsOf({
      tasks: [
        { name: "big", fetch: postJson({ id: 12345678901234567890n }) },
        { name: "ids", fetch: postJson({ ids: new Set([1, 2]) }) },
        { name: "map", fetch: postJson([{ headers: new Map([["a", "b"]]) }]) },
        { name: "nan", fetch: postJson({ scores: [1, NaN] }) },
        { name: "callback", fetch: postJson({ make: () => 1 }) },
        { name: "far", fetch: postJson({ at: -Infinity }) },
      ],
    }),
    [
      "tasks[0].fetch.body.json.id: 12345678901234567890n is a BigInt, which JSON cannot carry: " +
      "write it as a number or a string",
      "tasks[1].fetch.body.json.ids: a Set is sent as {} in JSON: convert it, as [...set] does",
      "tasks[2].fetch.body.json[0].headers: a Map is sent as {} in JSON: convert it, as " +
      "Object.fromEntries(map) does",
      "tasks[3].fetch.body.json.scores[1]: NaN is sent as null in JSON: give a number, or null itself",
      "tasks[4].fetch.body.json.make: a function is left out of JSON: give the value it stands for",
      "tasks[5].fetch.body.json.at: -Infinity is sent as null in JSON: give a number, or null itself",
    ],
  );
});

Deno.test("a JSON body keeps what writes its own JSON (a Date, a URL) for JSON.stringify", () => {
  const config = validateConfig({
    tasks: [{
      fetch: postJson({ when: new Date(0), link: new URL("https://x.example/a"), skip: undefined }),
    }],
  }, "c.ts");
  const body = (config.tasks[0] as FetchTaskSpec).request.body;
  assertEquals(
    JSON.stringify(body?.kind === "json" ? body.value : undefined),
    '{"when":"1970-01-01T00:00:00.000Z","link":"https://x.example/a"}',
  );
});

Deno.test("YAML's .nan in a JSON body is located like any other problem", async () => {
  const text = "tasks:\n  - fetch:\n      url: https://x.example/api\n      method: POST\n" +
    "      body: { json: { score: .nan } }\n";
  await withFile("nan.yaml", text, async (path) => {
    const error = await loadConfig(path).then(() => undefined, (error) => error);
    assertEquals(
      (error as ConfigError).format().split("\n")[0],
      `${path}:5:30: tasks[0].fetch.body.json.score: NaN is sent as null in JSON: give a number, ` +
        "or null itself",
    );
  });
});

Deno.test("an unquoted YAML or TOML date in a JSON body, and YAML's !!binary, are config errors at their place: quote them", async (t) => {
  const quote = 'quote it to send the text as written ("…")';
  const cases: [string, string, string][] = [
    [
      "d.yaml",
      "tasks:\n  - fetch:\n      url: https://x.example/api\n      method: POST\n" +
      "      body: { json: { at: 2024-01-01T10:00:00+02:00 } }\n",
      `5:27: tasks[0].fetch.body.json.at: an unquoted date is a date to YAML and TOML, sent in ` +
      `JSON as "2024-01-01T08:00:00.000Z": ${quote}`,
    ],
    [
      "d.toml",
      '[[tasks]]\n[tasks.fetch]\nurl = "https://x.example/api"\nmethod = "POST"\n' +
      "body = { json = { list = [1, { since = 2024-01-01 }] } }\n",
      `5:40: tasks[0].fetch.body.json.list[1].since: an unquoted date is a date to YAML and ` +
      `TOML, sent in JSON as "2024-01-01": ${quote}`,
    ],
    [
      "b.yaml",
      "tasks:\n  - fetch:\n      url: https://x.example/api\n      method: POST\n" +
      "      body: { json: { bin: !!binary aGVsbG8= } }\n",
      "5:37: tasks[0].fetch.body.json.bin: binary data (!!binary) is sent as an object of byte " +
      'indexes in JSON: drop the tag and quote the base64 text to send it as it is ("…")',
    ],
  ];
  for (const [name, text, expected] of cases) {
    await t.step(name, async () => {
      await withFile(name, text, async (path) => {
        const error = await loadConfig(path).then(() => undefined, (error) => error);
        assertEquals((error as ConfigError).format().split("\n")[0], `${path}:${expected}`);
      });
    });
  }
  // Quoted, each is the text as written.
  await withFile(
    "q.yaml",
    'tasks:\n  - fetch: { url: "https://x.example/api", method: POST, body: { json: { at: "2024-01-01", bin: "aGVsbG8=" } } }\n',
    async (path) => {
      const body = ((await loadConfig(path)).tasks[0] as FetchTaskSpec).request.body;
      assertEquals(
        JSON.stringify(body?.kind === "json" ? body.value : undefined),
        '{"at":"2024-01-01","bin":"aGVsbG8="}',
      );
    },
  );
});

Deno.test("binary data in a TypeScript config's JSON body is a config error too: JSON would send its byte indexes", () => {
  assertEquals(problemsOf({ tasks: [{ fetch: postJson({ key: new Uint8Array([1, 2]) }) }] }), [
    "tasks[0].fetch.body.json.key: binary data is sent as an object of byte indexes in JSON: " +
    "encode it, as base64 text",
  ]);
});
