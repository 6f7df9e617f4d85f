/**
 * A credential field's `{ env: NAME }` or `{ file: PATH }` is read when the config loads: the spec
 * holds the text, as if the config had; what cannot be read or sent is a config error at the
 * reference, naming the variable or the file and never the value.
 */
import { assert, assertEquals, assertRejects } from "npm:deno-std@1.4.0/assert/mod.js";
import { join } from "npm:deno-std@1.4.0/path/mod.js";
import { ConfigError } from "./config_error.ts";
import { defineConfig } from "./define.ts";
import { loadConfig, type LoadConfigOptions, validateConfig } from "./load.ts";
import type { FetchTaskSpec } from "../tasks/spec.ts";
import { withTempDir } from "../../tests/fixtures/temp_dir.ts";

const withDir = withTempDir("corun-secret-refs-");

/** Sets variables for the length of `body`, then removes them. */
async function withEnv<T>(vars: Record<string, string>, body: () => Promise<T>): Promise<T> {
  for (const [name, value] of Object.entries(vars)) Deno.env.set(name, value);
  try {
    return await body();
  } finally {
    for (const name of Object.keys(vars)) Deno.env.delete(name);
  }
}

/** `line:column path: message` of each issue of a config that does not load. */
async function issuesOf(path: string, options?: LoadConfigOptions): Promise<string[]> {
  const error: ConfigError = await assertRejects(() => loadConfig(path, options), ConfigError);
  return error.issues.map((issue) =>
    `${issue.line}:${issue.column} ${issue.path}: ${issue.message}`
  );
}

Deno.test("{ env } and { file } credentials reach the spec as text; the files read are listed", async () => {
  await withDir(async (dir) => {
    // The config's folder, not the working directory, is where a relative file is.
    await Deno.mkdir(join(dir, "conf", "keys"), { recursive: true });
    await Deno.writeTextFile(join(dir, "conf", "keys", "pw.txt"), "pa55 word\n");
    await Deno.writeTextFile(join(dir, "conf", "api.txt"), "\uFEFFk3y-from-file\r\n");
    await Deno.writeTextFile(
      join(dir, "conf", "c.yaml"),
      `defaults:
  headers: { X-Api-Key: { file: api.txt } }
tasks:
  - name: bearer
    fetch:
      url: "https://example.org/a"
      headers: { X-Other: plain }
      auth: { bearer: { env: CORUN_T_TOKEN } }
  - name: basic
    headers: { X-Trace: { env: CORUN_T_TRACE } }
    fetch:
      url: "https://example.org/b"
      auth: { username: { env: CORUN_T_USER }, password: { file: keys/pw.txt } }
`,
    );
    const vars = { CORUN_T_TOKEN: "t0k3n", CORUN_T_TRACE: "tr4ce", CORUN_T_USER: "alice" };
    const spec = await withEnv(vars, () => loadConfig(join(dir, "conf", "c.yaml")));
    const [bearer, basic] = spec.tasks as FetchTaskSpec[];
    assertEquals(spec.defaults.headers, { "X-Api-Key": "k3y-from-file" });
    assertEquals(bearer.request.auth, { kind: "bearer", token: "t0k3n" });
    assertEquals(bearer.request.headers, { "X-Api-Key": "k3y-from-file", "X-Other": "plain" });
    assertEquals(basic.request.auth, { kind: "basic", username: "alice", password: "pa55 word" });
    assertEquals(basic.request.headers, { "X-Api-Key": "k3y-from-file", "X-Trace": "tr4ce" });
    assertEquals(spec.secretFiles, [
      join(dir, "conf", "api.txt"),
      join(dir, "conf", "keys", "pw.txt"),
    ]);
  });
});

Deno.test("a TypeScript config (validateConfig) may write { env } too; TOML and JSON configs as YAML", async () => {
  await withEnv({ CORUN_T_TS: "ts-t0k3n" }, async () => {
    // Typed: `SecretInput` takes a reference where a credential's text goes.
    const config = defineConfig({
      tasks: [{ fetch: { url: "https://example.org/", auth: { bearer: { env: "CORUN_T_TS" } } } }],
    });
    const spec = validateConfig(config, "inline");
    assertEquals((spec.tasks[0] as FetchTaskSpec).request.auth, {
      kind: "bearer",
      token: "ts-t0k3n",
    });
    assertEquals(spec.secretFiles, undefined);
    await withDir(async (dir) => {
      await Deno.writeTextFile(
        join(dir, "c.toml"),
        '[[tasks]]\nfetch = { url = "https://example.org/", headers = { A = { env = "CORUN_T_TS" } } }\n',
      );
      await Deno.writeTextFile(
        join(dir, "c.json"),
        '{"tasks": [{"fetch": "https://example.org/", "headers": {"A": {"env": "CORUN_T_TS"}}}]}',
      );
      for (const name of ["c.toml", "c.json"]) {
        const task = (await loadConfig(join(dir, name))).tasks[0] as FetchTaskSpec;
        assertEquals(task.request.headers, { A: "ts-t0k3n" }, name);
      }
    });
  });
});

Deno.test("a credential that cannot be read or sent is a located error naming the variable or file, never the value", async () => {
  await withDir(async (dir) => {
    await Deno.mkdir(join(dir, "folder"));
    await Deno.writeTextFile(join(dir, "empty.txt"), "");
    await Deno.writeTextFile(join(dir, "newline.txt"), "\n");
    await Deno.writeTextFile(join(dir, "big.txt"), "x".repeat(64 * 1024 + 1));
    await Deno.writeTextFile(join(dir, "at-cap.txt"), "y".repeat(64 * 1024));
    await Deno.writeTextFile(join(dir, "lines.txt"), "FILE_SECRET_1\nX-Injected: 1\n");
    await Deno.writeTextFile(join(dir, "nul.txt"), "FILE_SECRET_2\0");
    await Deno.writeFile(join(dir, "latin1.txt"), new Uint8Array([0x46, 0xe9, 0x0a]));
    await Deno.writeTextFile(
      join(dir, "c.yaml"),
      `tasks:
  - name: a
    fetch:
      url: "https://example.org/"
      headers:
        A: { env: CORUN_T_UNSET }
        B: { env: CORUN_T_EMPTY }
        C: { env: CORUN_T_CRLF }
        D: { file: missing.txt }
        E: { file: folder }
        F: { file: empty.txt }
        G: { file: newline.txt }
        H: { file: big.txt }
        I: { file: lines.txt }
        J: { file: nul.txt }
        K: { file: latin1.txt }
        L: { file: at-cap.txt }
      auth: { username: { env: CORUN_T_COLON }, password: { env: CORUN_T_UNSET } }
`,
    );
    const vars = {
      CORUN_T_EMPTY: "",
      CORUN_T_CRLF: "ENV_SECRET_3\r\nX-Injected: 1",
      CORUN_T_COLON: "ENV_SECRET_4:x",
    };
    const issues = await withEnv(vars, () => issuesOf(join(dir, "c.yaml")));
    const breaks =
      "it holds control characters other than tab (not shown: it may be a credential), which a header " +
      "cannot carry";
    const env = (name: string) => `cannot use the environment variable ${name}`;
    const file = (name: string) => `cannot use the secret file "${name}"`;
    assertEquals(issues, [
      `6:19 tasks[0].fetch.headers.A.env: ${env("CORUN_T_UNSET")}: it is not set`,
      `7:19 tasks[0].fetch.headers.B.env: ${env("CORUN_T_EMPTY")}: it is empty`,
      `8:19 tasks[0].fetch.headers.C.env: ${env("CORUN_T_CRLF")}: ${breaks}`,
      `9:20 tasks[0].fetch.headers.D.file: ${file("missing.txt")}: the file does not exist`,
      `10:20 tasks[0].fetch.headers.E.file: ${file("folder")}: it is not a file`,
      `11:20 tasks[0].fetch.headers.F.file: ${file("empty.txt")}: it is empty`,
      `12:20 tasks[0].fetch.headers.G.file: ${file("newline.txt")}: it is empty`,
      `13:20 tasks[0].fetch.headers.H.file: ${file("big.txt")}: it is larger than 64KiB, the ` +
      "most a secret file is read (a fixed limit: a credential is one header line); is it the " +
      "right file?",
      `14:20 tasks[0].fetch.headers.I.file: ${file("lines.txt")}: ${breaks}`,
      `15:20 tasks[0].fetch.headers.J.file: ${file("nul.txt")}: ${breaks}`,
      `16:20 tasks[0].fetch.headers.K.file: ${file("latin1.txt")}: it is not UTF-8 text`,
      `18:32 tasks[0].fetch.auth.username.env: ${env("CORUN_T_COLON")}: a basic-auth user name ` +
      'cannot contain ":"',
      `18:66 tasks[0].fetch.auth.password.env: ${env("CORUN_T_UNSET")}: it is not set`,
    ]);
    for (const secret of ["FILE_SECRET", "ENV_SECRET", "Injected"]) {
      assert(!issues.some((issue) => issue.includes(secret)), issues.join("\n"));
    }
  });
});

Deno.test("a reference the schema refuses says why: a name that is none, both sources, neither", async () => {
  await withDir(async (dir) => {
    await Deno.writeTextFile(
      join(dir, "c.yaml"),
      `tasks:
  - name: a
    fetch:
      url: "https://example.org/"
      headers:
        A: { env: $TOKEN }
        B: { env: "\${TOKEN}" }
        C: { env: eyJhbGciOiJIUzI1NiJ9.SECRET }
        D: { env: TOKEN, file: token.txt }
        E: {}
        F: { evn: TOKEN }
        G: { file: "" }
        H: "Bearer \${TOKEN}"
`,
    );
    const name = "expected the name of an environment variable (letters, digits and _, not a " +
      "digit first)";
    const neither = 'a credential kept out of the config needs "env" (an environment ' +
      "variable's name) or \"file\" (a file's path, relative to the config file)";
    const issues = await issuesOf(join(dir, "c.yaml"));
    // Read or not: a command that reads none (`corun history`) checks each one's shape.
    assertEquals(await issuesOf(join(dir, "c.yaml"), { readSecrets: false }), issues);
    assertEquals(issues, [
      `6:19 tasks[0].fetch.headers.A.env: ${name}, got "$TOKEN": write TOKEN alone`,
      `7:19 tasks[0].fetch.headers.B.env: ${name}, got "\${TOKEN}": write TOKEN alone`,
      `8:19 tasks[0].fetch.headers.C.env: ${name}, got a text that is none (not shown: it may ` +
      "be a credential)",
      "9:12 tasks[0].fetch.headers.D: a credential comes from { env: NAME } or { file: PATH }, " +
      "not both",
      `10:12 tasks[0].fetch.headers.E: ${neither}`,
      `11:12 tasks[0].fetch.headers.F: ${neither}`,
      `11:14 tasks[0].fetch.headers.F.evn: unknown key "evn" (did you mean "env"?)`,
      '12:20 tasks[0].fetch.headers.G.file: expected a file path, got ""',
      "13:12 tasks[0].fetch.headers.H: expected a header value, but it holds ${TOKEN}: corun does " +
      "not expand environment variables, so it would be used as written; write { env: NAME } for " +
      "a variable that holds the whole value (a bearer token goes in auth: { bearer: { env: " +
      "TOKEN } })",
    ]);
    assert(!issues.some((issue) => issue.includes("SECRET")), issues.join("\n"));
  });
});

Deno.test("readSecrets: false reads no variable or file: the spec names the fields and holds no credential", async () => {
  await withDir(async (dir) => {
    await Deno.writeTextFile(join(dir, "api.txt"), "FILE_SECRET_5\n");
    await Deno.writeTextFile(
      join(dir, "c.yaml"),
      `defaults:
  headers: { X-Api-Key: { file: api.txt } }
tasks:
  - name: a
    fetch:
      url: "https://example.org/a"
      headers: { X-Plain: plain, X-Gone: { file: "gone/key.txt" } }
      auth: { username: { env: CORUN_T_UNSET }, password: { env: CORUN_T_SET } }
  - name: b
    fetch: { url: "https://example.org/b", auth: { bearer: { env: CORUN_T_SET } } }
`,
    );
    // A variable that is set and a file that is there are not read either.
    const spec = await withEnv(
      { CORUN_T_SET: "ENV_SECRET_6" },
      () => loadConfig(join(dir, "c.yaml"), { readSecrets: false }),
    );
    assertEquals(spec.secretsNotRead, {
      fields: [
        'defaults.headers["X-Api-Key"] ({ file: "api.txt" })',
        'tasks[0].fetch.headers["X-Gone"] ({ file: "gone/key.txt" })',
        "tasks[0].fetch.auth.username ({ env: CORUN_T_UNSET })",
      ],
      count: 5,
    });
    const [a, b] = spec.tasks as FetchTaskSpec[];
    assertEquals(a.request.headers, { "X-Api-Key": "", "X-Plain": "plain", "X-Gone": "" });
    assertEquals(a.request.auth, { kind: "basic", username: "", password: "" });
    assertEquals(b.request.auth, { kind: "bearer", token: "" });
    assertEquals(spec.secretFiles, undefined);
    assert(!JSON.stringify(spec).includes("SECRET"), JSON.stringify(spec));
    // Read, the same config has none of that.
    const read = await withEnv(
      { CORUN_T_SET: "ENV_SECRET_6", CORUN_T_UNSET: "alice" },
      async () => {
        await Deno.mkdir(join(dir, "gone"));
        await Deno.writeTextFile(join(dir, "gone", "key.txt"), "k");
        return await loadConfig(join(dir, "c.yaml"));
      },
    );
    assertEquals(read.secretsNotRead, undefined);
    // A config that keeps no credential out is whole either way.
    await Deno.writeTextFile(join(dir, "plain.yaml"), "tasks:\n  - fetch: https://example.org/\n");
    const plain = await loadConfig(join(dir, "plain.yaml"), { readSecrets: false });
    assertEquals(plain.secretsNotRead, undefined);
  });
});

Deno.test("a reference with its other source undefined ({ env, file: undefined }, as spreading gives) is read, both ways", async () => {
  await withDir(async (dir) => {
    await Deno.writeTextFile(join(dir, "pw.txt"), "pa55\n");
    // A TypeScript config's object, as `{ ...options }` builds it: the other key there, undefined.
    const config = {
      tasks: [{
        fetch: {
          url: "https://example.org/",
          headers: { "X-Key": { file: "pw.txt", env: undefined } },
          auth: { bearer: { env: "CORUN_T_SPREAD", file: undefined } },
        },
      }],
    };
    await Deno.writeTextFile(
      join(dir, "c.ts"),
      `export default { tasks: [{ fetch: {
  url: "https://example.org/",
  headers: { "X-Key": { file: "pw.txt", env: undefined } },
  auth: { bearer: { env: "CORUN_T_SPREAD", file: undefined } },
} }] };
`,
    );
    const configTs = join(dir, "c.ts");
    const [fromValidate, fromFile] = await withEnv({ CORUN_T_SPREAD: "t0k3n" }, async () => [
      validateConfig(config, join(dir, "inline")),
      await loadConfig(configTs),
    ]);
    for (const spec of [fromValidate, fromFile]) {
      const { request } = spec.tasks[0] as FetchTaskSpec;
      assertEquals(request.auth, { kind: "bearer", token: "t0k3n" });
      assertEquals(request.headers["X-Key"], "pa55");
    }
    // Not read, the fields are named as any reference is.
    const unread = await loadConfig(configTs, { readSecrets: false });
    assertEquals(unread.secretsNotRead, {
      fields: [
        'tasks[0].fetch.headers["X-Key"] ({ file: "pw.txt" })',
        "tasks[0].fetch.auth.bearer ({ env: CORUN_T_SPREAD })",
      ],
      count: 2,
    });
  });
});

Deno.test("a credential field holding a map that is no reference is refused at the field, its keys not shown", async () => {
  await withDir(async (dir) => {
    // An unquoted `{$TOKEN}` in a heredoc: YAML reads `{ sk-live-9999 }` as a map, the secret its key.
    await Deno.writeTextFile(
      join(dir, "c.yaml"),
      `tasks:
  - name: a
    fetch:
      url: "https://example.org/"
      headers:
        Authorization: { Bearer sk-live-4711 }
        X-B: {{ token }}
        X-C: { evn: TOKEN }
        X-D: { env: TOKEN, sk-live-2222 }
      auth: { bearer: { sk-live-9999 } }
`,
    );
    const issues = await issuesOf(join(dir, "c.yaml"));
    const notRef = (what: string) =>
      `expected ${what}, got a map with a key other than "env" or "file" (not shown: it may be ` +
      'a credential); in YAML { … } is a map: quote a text that starts with "{", or write ' +
      "{ env: NAME } or { file: PATH }";
    const neither = 'a credential kept out of the config needs "env" (an environment ' +
      "variable's name) or \"file\" (a file's path, relative to the config file)";
    assertEquals(issues, [
      `6:24 tasks[0].fetch.headers.Authorization: ${notRef("a header value")}`,
      // A map in a map: its key is the text "[object Object]", no less a map that is no reference.
      `7:14 tasks[0].fetch.headers["X-B"]: ${notRef("a header value")}`,
      // A misspelt source is named, with what was meant.
      `8:14 tasks[0].fetch.headers["X-C"]: ${neither}`,
      `8:16 tasks[0].fetch.headers["X-C"].evn: unknown key "evn" (did you mean "env"?)`,
      `9:14 tasks[0].fetch.headers["X-D"]: ${notRef("a header value")}`,
      `10:23 tasks[0].fetch.auth.bearer: ${notRef("a bearer token")}`,
    ]);
    assert(!issues.some((issue) => issue.includes("sk-live")), issues.join("\n"));
    assert(!issues.some((issue) => issue.includes("[object Object]")), issues.join("\n"));
  });
});

Deno.test("a credential field holding an object of a class (a promise, a URL) is no reference: expected …, got …", () => {
  class Token {
    value = "sk-live-5555";
  }
  const shown = (bearer: unknown) => {
    const config = { tasks: [{ fetch: { url: "https://example.org/", auth: { bearer } } }] };
    try {
      validateConfig(config, "inline");
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      return error.issues.map((issue) => `${issue.path}: ${issue.message}`);
    }
    throw new Error("loaded");
  };
  const at = "tasks[0].fetch.auth.bearer: expected a bearer token, got";
  // A TypeScript config's `Deno.readTextFile(…)` without its await.
  assertEquals(shown(Promise.resolve("sk-live-5555")), [
    `${at} a promise (await it where the config is built: corun awaits only the default export)`,
  ]);
  assertEquals(shown(new URL("https://example.org/sk-live-5555")), [
    `${at} an object of class URL`,
  ]);
  assertEquals(shown(new Token()), [`${at} an object of class Token`]);
  // A class instance with an `env` is still no reference.
  assertEquals(
    shown(
      new (class Ref {
        env = "TOKEN";
      })(),
    ),
    [`${at} an object of class Ref`],
  );
  // A table without a prototype is a table, as TOML's are.
  assertEquals(shown(Object.assign(Object.create(null), { evn: "TOKEN" })), [
    'tasks[0].fetch.auth.bearer: a credential kept out of the config needs "env" (an ' +
    "environment variable's name) or \"file\" (a file's path, relative to the config file)",
    'tasks[0].fetch.auth.bearer.evn: unknown key "evn" (did you mean "env"?)',
  ]);
});

Deno.test("a variable's name that looks like a credential (long, lower case) is not shown when it is not set", async () => {
  await withDir(async (dir) => {
    await Deno.writeTextFile(
      join(dir, "c.yaml"),
      `tasks:
  - name: a
    fetch:
      url: "https://example.org/"
      headers:
        A: { env: ghp_16C7abcDEFghiJKLmnoPQRstuVWX }
        B: { env: sk_live_51HxYzABCdefGHIjkl }
        C: { env: corun_t_token }
        D: { env: CORUN_T_A_LONG_NAME_OF_A_VARIABLE }
        E: { env: corun_t_a_long_name_of_a_variable }
`,
    );
    // Set, a long lower-case name is a variable's: shown with what is wrong with its value.
    const issues = await withEnv(
      { corun_t_a_long_name_of_a_variable: "" },
      () => issuesOf(join(dir, "c.yaml")),
    );
    const hidden = "cannot use the variable named at this field (not shown: it looks like a " +
      "credential, not a variable's name): it is not set";
    assertEquals(issues, [
      `6:19 tasks[0].fetch.headers.A.env: ${hidden}`,
      `7:19 tasks[0].fetch.headers.B.env: ${hidden}`,
      "8:19 tasks[0].fetch.headers.C.env: cannot use the environment variable corun_t_token: it " +
      "is not set",
      "9:19 tasks[0].fetch.headers.D.env: cannot use the environment variable " +
      "CORUN_T_A_LONG_NAME_OF_A_VARIABLE: it is not set",
      "10:19 tasks[0].fetch.headers.E.env: cannot use the environment variable " +
      "corun_t_a_long_name_of_a_variable: it is empty",
    ]);
    assert(!issues.some((issue) => /ghp_|sk_live/.test(issue)), issues.join("\n"));
    // Nor when no variable is read: whether one is set is not known.
    const unread = await loadConfig(join(dir, "c.yaml"), { readSecrets: false });
    const notShown = "{ env }, the variable named at this field (not shown: it looks like a " +
      "credential, not a variable's name)";
    assertEquals(unread.secretsNotRead, {
      fields: [
        `tasks[0].fetch.headers.A (${notShown})`,
        `tasks[0].fetch.headers.B (${notShown})`,
        "tasks[0].fetch.headers.C ({ env: corun_t_token })",
      ],
      count: 5,
    });
  });
});
