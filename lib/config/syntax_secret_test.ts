/**
 * A syntax error's hint on how to quote a value never repeats one that may be a credential (a
 * password, a bearer token, a header value), nor do the YAML parser's own words: it says what is
 * wrong and how to quote, with "…" in place of the value. Any other value is still shown.
 */
import { assert, assertRejects, assertStringIncludes } from "npm:deno-std@1.4.0/assert/mod.js";
import { ConfigError } from "./config_error.ts";
import { loadText } from "../../tests/fixtures/config_files.ts";

const SECRET = "PW_SECRET_4711";

/** The whole error message of a config that does not load. */
async function errorOf(name: string, text: string): Promise<string> {
  const error = await assertRejects(() => loadText(name, text), ConfigError) as ConfigError;
  return error.issues.map((issue) => `${issue.path}: ${issue.message}`).join("\n");
}

function yamlWithPassword(password: string): string {
  return `outDir: out
tasks:
  - name: a
    fetch:
      url: http://127.0.0.1:1/ok
      auth:
        username: bob
        password: ${password}
    save: a
`;
}

Deno.test("a YAML password that starts with a character YAML reserves is not shown, and the hint says to quote it", async (t) => {
  for (const start of ["*", "&", "!", "%", "@", "`", "|", ">"]) {
    await t.step(start, async () => {
      const message = await errorOf("c.yaml", yamlWithPassword(`${start}${SECRET}`));
      assert(!message.includes(SECRET), message);
      assertStringIncludes(message, `"${start}"`);
      assertStringIncludes(
        message,
        'quote the whole value, as in password: "…"; not shown: it may be a credential',
      );
    });
  }
});

Deno.test('a YAML password in a flow mapping, or holding ": ", is not shown either', async () => {
  const flow = await errorOf(
    "c.yaml",
    `outDir: out
tasks:
  - { name: a, save: a, fetch: { url: "http://127.0.0.1:1/", auth: { username: bob, password: *${SECRET} } } }
`,
  );
  assert(!flow.includes(SECRET), flow);
  assertStringIncludes(flow, 'as in password: "…"');
  const colon = await errorOf("c.yaml", yamlWithPassword(`PW: ${SECRET}`));
  assert(!colon.includes(SECRET), colon);
  assertStringIncludes(
    colon,
    'the value of "password" holds ": ", which YAML reads as the start of another key: quote the ' +
      'whole value, password: "…"; not shown: it may be a credential',
  );
});

Deno.test("a YAML header written with no space after its colon is not shown", async () => {
  const message = await errorOf(
    "c.yaml",
    `outDir: out
defaults:
  headers:
    X-Api-Key:${SECRET}
    Accept: text/html
tasks:
  - { name: a, fetch: "http://127.0.0.1:1/", save: a }
`,
  );
  assert(!message.includes(SECRET), message);
  assertStringIncludes(message, 'write "X-Api-Key: …"; not shown: it may be a credential');
});

Deno.test("a YAML hint still shows a value that is no credential", async () => {
  const message = await errorOf(
    "c.yaml",
    "outDir: out\ntasks:\n  - name: a\n    fetch: http://127.0.0.1:1/\n    save: !a.html\n",
  );
  assertStringIncludes(message, 'as in save: "!a.html"');
});

Deno.test("a TOML header or password written bare is not shown, and the hint says to quote it", async () => {
  const header = await errorOf(
    "c.toml",
    `outDir = "out"\n[defaults.headers]\nX-Api-Key = ${SECRET}\n`,
  );
  assert(!header.includes(SECRET), header);
  assertStringIncludes(
    header,
    '(text is quoted in TOML: X-Api-Key = "…"; not shown: it may be a credential)',
  );
  const inline = await errorOf(
    "c.toml",
    `outDir = "out"\n[[tasks]]\nname = "a"\nsave = "a"\nfetch = { url = "http://127.0.0.1:1/", auth = { username = "bob", password = ${SECRET} } }\n`,
  );
  assert(!inline.includes(SECRET), inline);
  assertStringIncludes(inline, 'password = "…"; not shown');
  const colon = await errorOf(
    "c.toml",
    `outDir = "out"\n[[tasks]]\nname = "a"\nsave = "a"\n[tasks.fetch]\nurl = "http://127.0.0.1:1/"\n[tasks.fetch.auth]\nbearer: ${SECRET}\n`,
  );
  assert(!colon.includes(SECRET), colon);
  assertStringIncludes(colon, "(TOML writes key = value, as in bearer = …; not shown");
  const plain = await errorOf("c.toml", 'outDir = "out"\n[defaults]\nsleep = 1s\n');
  assertStringIncludes(plain, 'sleep = "1s"');
});

Deno.test("a JSON or JSONC bearer token or header written bare is not shown, and the hint says to quote it", async () => {
  const bearer = await errorOf(
    "c.jsonc",
    `{"outDir": "out", // here\n "tasks": [{"name": "a", "save": "a", "fetch": {"url": "http://127.0.0.1:1/",\n  "auth": {"bearer": ${SECRET}}}}]}`,
  );
  assert(!bearer.includes(SECRET), bearer);
  assertStringIncludes(
    bearer,
    '(text is quoted in JSON: "bearer": "…"; not shown: it may be a credential)',
  );
  const header = await errorOf(
    "c.json",
    `{"outDir":"out","defaults":{"headers":\n{"X-Api-Key": ${SECRET}}}}`,
  );
  assert(!header.includes(SECRET), header);
  assertStringIncludes(header, '"X-Api-Key": "…"; not shown');
  const plain = await errorOf("c.json", '{"outDir":"out","defaults":{"sleep": 1s}}');
  assertStringIncludes(plain, '"sleep": "1s"');
});

Deno.test("a URL's user:password in a value a syntax error quotes is shown as ***@, whatever its key", async () => {
  const fetch = await errorOf(
    "c.yaml",
    `tasks:\n  - name: a\n    fetch: *http://bob:${SECRET}@127.0.0.1:1/ok\n`,
  );
  assert(!fetch.includes(SECRET), fetch);
  assertStringIncludes(fetch, 'as in fetch: "*http://***@127.0.0.1:1/ok"');
  const db = await errorOf("c.yaml", `db: *postgres://u:${SECRET}@h/db\ntasks: []\n`);
  assert(!db.includes(SECRET), db);
  assertStringIncludes(db, 'as in db: "*postgres://***@h/db"');
});
