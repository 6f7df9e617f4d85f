import { assert, assertEquals, assertThrows } from "npm:deno-std@1.4.0/assert/mod.js";
import { fnv1a } from "./cut_name.ts";
import {
  NameTooLongError,
  renderPathTemplate,
  templateCouldRender,
  TemplateError,
  templateNeedsDigest,
  type TemplateVars,
  validatePathTemplate,
} from "./path_template.ts";

const DIGEST = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

function vars(url: string, extra: Partial<TemplateVars> = {}): TemplateVars {
  return { url, name: "task-1", date: new Date("2024-03-05T23:59:59Z"), uuid: "id-1", ...extra };
}

const RENDER_CASES: [string, string, Partial<TemplateVars>, string][] = [
  // {host}
  ["{host}/{path}", "https://example.com/", {}, "example.com/index"],
  ["{host}/{path}", "http://example.com:8080/a/b.html", {}, "example.com_8080/a/b.html"],
  ["{host}/{path}", "https://example.com:443/a/", {}, "example.com/a/index"],
  ["{host}/{path}", "http://EXAMPLE.com:80/a", {}, "example.com/a"],
  ["{host}.txt", "http://[::1]:9000/x", {}, "[__1]_9000.txt"],
  ["{host}/{path}", "https://example.com./a", {}, "example.com/a"],
  ["{host}/{path}", "http://example.com.:8080/a", {}, "example.com_8080/a"],
  // {path}
  ["{path}", "https://h", {}, "index"],
  ["{path}", "https://h/a/b/", {}, "a/b/index"],
  ["{path}", "https://h/a//b", {}, "a/b"],
  ["{path}", "https://h/a/b?q=1#frag", {}, "a/b"],
  ["{path}", "https://h/%E7%BE%8E%E5%A5%B3.html", {}, "美女.html"],
  ["{path}", "https://h/a%20b/c%0a/d%00e", {}, "a b/c_/d_e"],
  // A control is replaced as {path} and {filename} replace it: dropped, it made "exe".
  ["{filename} {ext}", "https://h/a.ex%00e", {}, "a.ex_e bin"],
  ["{path}", 'https://h/d:e/f%3F*<>|"%5C', {}, "d_e/f_______"],
  ["{path}", "https://h/CON/nul.txt/com1", {}, "_CON/_nul.txt/_com1"],
  ["{path}", "https://h/x.../y.%20", {}, "x/y"],
  ["{path}", "https://h/%ff%fe/%zz", {}, "%ff%fe/%zz"],
  ["{path}", "https://h/caf%E9/caf%C3%A9%20%E8", {}, "caf%E9/café %E8"],
  // {path} attacks: every one stays below the output directory.
  ["{path}", "https://h/../../etc/passwd", {}, "etc/passwd"],
  ["{path}", "https://h/a/%2e%2e/%2e%2e/%2E%2E/etc/passwd", {}, "etc/passwd"],
  ["{path}", "https://h/a/..%2f..%2fetc/passwd", {}, "a/.._.._etc/passwd"],
  ["{path}", "https://h/a/%2f..%2f/b", {}, "a/_.._/b"],
  ["{path}", "https://h/%2e%2e", {}, "index"],
  ["{path}", "https://h/...", {}, "index"],
  ["{path}", "https://h/a\\..\\..\\b", {}, "b"],
  ["{path}", "https://h/a/%5C..%5C..%5Cb", {}, "a/_.._.._b"],
  ["{path}", "file:///etc/passwd", {}, "etc/passwd"],
  // {name}
  ["{name}.html", "https://h/", { name: "../../x" }, ".._.._x.html"],
  ["{name}.html", "https://h/", { name: ".." }, "_.html"],
  ["{name}.html", "https://h/", { name: "a/b\\c\u0007" }, "a_b_c_.html"],
  ["out/{name}", "https://h/", { name: "" }, "out/_"],
  // {uuid}, {date}
  ["{uuid}.html", "https://h/", {}, "id-1.html"],
  ["{date}/{name}", "https://h/", {}, "2024-03-05/task-1"],
  ["{date}", "https://h/", { date: new Date("2024-12-31T23:30:00-05:00") }, "2025-01-01"],
  // {ext}: from the URL's last segment first, then the Content-Type.
  ["x.{ext}", "https://h/a/b.PNG", { contentType: "text/html" }, "x.png"],
  ["x.{ext}", "https://h/a.tar.gz", {}, "x.gz"],
  ["x.{ext}", "https://h/a", { contentType: "text/html; charset=utf-8" }, "x.html"],
  ["x.{ext}", "https://h/a.b/", { contentType: "application/json" }, "x.json"],
  ["x.{ext}", "https://h/.htaccess", { contentType: "text/plain" }, "x.txt"],
  ["x.{ext}", "https://h/a.c%3Ad", { contentType: "IMAGE/PNG" }, "x.png"],
  ["x.{ext}", "https://h/a", { contentType: "image/jpeg" }, "x.jpg"],
  ["x.{ext}", "https://h/a", { contentType: "image/gif" }, "x.gif"],
  ["x.{ext}", "https://h/a", { contentType: "image/svg+xml" }, "x.svg"],
  ["x.{ext}", "https://h/a", { contentType: "application/pdf" }, "x.pdf"],
  ["x.{ext}", "https://h/a", { contentType: "application/xml" }, "x.xml"],
  ["x.{ext}", "https://h/a", { contentType: "text/xml" }, "x.xml"],
  ["x.{ext}", "https://h/a", { contentType: "text/css" }, "x.css"],
  ["x.{ext}", "https://h/a", { contentType: "application/javascript" }, "x.js"],
  ["x.{ext}", "https://h/a", { contentType: "text/javascript" }, "x.js"],
  ["x.{ext}", "https://h/a", { contentType: "application/octet-stream" }, "x.bin"],
  ["x.{ext}", "https://h/download?id=3", { contentType: "application/zip" }, "x.zip"],
  ["x.{ext}", "https://h/download?id=3", { contentType: "application/gzip" }, "x.gz"],
  ["x.{ext}", "https://h/a", { contentType: "application/x-tar" }, "x.tar"],
  ["x.{ext}", "https://h/a", { contentType: "text/csv; charset=utf-8" }, "x.csv"],
  ["x.{ext}", "https://h/a", { contentType: "video/mp4" }, "x.mp4"],
  ["x.{ext}", "https://h/a", { contentType: "audio/mpeg" }, "x.mp3"],
  ["x.{ext}", "https://h/a", { contentType: "image/webp" }, "x.webp"],
  ["x.{ext}", "https://h/a", { contentType: "application/wasm" }, "x.wasm"],
  [
    "x.{ext}",
    "https://h/a",
    { contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" },
    "x.xlsx",
  ],
  ["x.{ext}", "https://h/a", { contentType: "video/x-unknown" }, "x.bin"],
  ["x.{ext}", "https://h/a", { contentType: null }, "x.bin"],
  // {filename}: the server's name, its folders dropped; else the last segment of the final URL.
  ["dl/{filename}", "https://h/get?id=1", { filename: "report.pdf" }, "dl/report.pdf"],
  ["{filename}", "https://h/get", { filename: "../../etc/passwd" }, "passwd"],
  ["{filename}", "https://h/get", { filename: "..\\..\\x.exe" }, "x.exe"],
  ["{filename}", "https://h/get", { filename: "a\u0000\u001b[31mb.txt" }, "a__[31mb.txt"],
  ["{filename}", "https://h/files/a%20b.iso", {}, "a b.iso"],
  ["{filename}", "https://h/files/", {}, "index"],
  ["{filename}", "https://h/new/y.zip", { filename: ".." }, "y.zip"],
  ["{filename}", "https://h/get", { filename: ".x.corun-partial" }, "_.x.corun-partial"],
  ["{host}/{filename}", "https://h/get", { filename: "nul.txt" }, "h/_nul.txt"],
  // {sha256} and literal text
  ["by-digest/{sha256}", "https://h/", { sha256: DIGEST }, `by-digest/${DIGEST}`],
  ["./a/./{name}", "https://h/", {}, "a/task-1"],
  [
    "{host}/{date}/{uuid}.{ext}",
    "https://www.baidu.com/s?wd=x",
    {},
    "www.baidu.com/2024-03-05/id-1.bin",
  ],
];

Deno.test("renderPathTemplate() fills every placeholder with safe segments", async (t) => {
  for (const [template, url, extra, expected] of RENDER_CASES) {
    await t.step(`${template} with ${url} ${JSON.stringify(extra)}`, () => {
      assertEquals(renderPathTemplate(template, vars(url, extra)), expected);
    });
  }
});

Deno.test("renderPathTemplate() never renders . or .. segments for hostile input", () => {
  const hostile = [
    "..",
    ".",
    "%2e%2e",
    "%2E.",
    ".%2e",
    "..%2f..",
    "%2e%2e%5c",
    "...",
    ". .",
    "%00..",
  ];
  for (const a of hostile) {
    for (const b of hostile) {
      const rendered = renderPathTemplate(
        "{host}/{path}/{name}",
        vars(`http://h/${a}/${b}`, { name: a }),
      );
      for (const segment of rendered.split("/")) {
        assert(segment !== "" && segment !== "." && segment !== "..", `${a} ${b} -> ${rendered}`);
      }
    }
  }
});

Deno.test("renderPathTemplate() drops a URL's bidirectional controls, so no name shows in another order", () => {
  // `%E2%80%AE` is U+202E RIGHT-TO-LEFT OVERRIDE: kept, `invoice\u202Efdp.exe` shows as `invoiceexe.pdf`.
  const url = "https://h/invoice%E2%80%AEfdp.exe/%E2%81%A6a%E2%81%A9";
  assertEquals(renderPathTemplate("{path}", vars(url)), "invoicefdp.exe/a");
});

Deno.test("renderPathTemplate() drops a URL's or a server's invisible characters, so no two names look alike", () => {
  // Zero-width space, joiner and non-joiner, the marks LRM / RLM, the soft hyphen, the word joiner,
  // the BOM, the line separator: `a%E2%80%8Bb.pdf` would be a second `ab.pdf` in `ls`.
  const hidden = ["%E2%80%8B", "%E2%80%8C", "%E2%80%8D", "%E2%80%8E", "%E2%80%8F", "%C2%AD"]
    .concat(["%E2%81%A0", "%E2%81%A4", "%EF%BB%BF", "%E2%80%A8", "%E2%80%A9"]);
  for (const char of hidden) {
    assertEquals(
      renderPathTemplate("{path}", vars(`https://h/d${char}/a${char}b.pdf`)),
      "d/ab.pdf",
    );
    assertEquals(
      renderPathTemplate(
        "{filename}",
        vars("https://h/x", { filename: `a${decodeURIComponent(char)}b.pdf` }),
      ),
      "ab.pdf",
    );
  }
  assertEquals(
    renderPathTemplate("{name}", vars("https://h/", { name: "re\u200Bport" })),
    "report",
  );
});

Deno.test("renderPathTemplate() generates a fresh {uuid} when none is given", () => {
  const first = renderPathTemplate("{uuid}", { url: "https://h/", name: "t" });
  const second = renderPathTemplate("{uuid}", { url: "https://h/", name: "t" });
  assert(/^[0-9a-f-]{36}$/.test(first), first);
  assert(first !== second);
});

Deno.test("renderPathTemplate() accepts a URL object", () => {
  assertEquals(
    renderPathTemplate("{host}", vars("unused", { url: new URL("https://a.b:1/") })),
    "a.b_1",
  );
});

Deno.test("renderPathTemplate() refuses {sha256} until the digest is known", () => {
  assertThrows(() => renderPathTemplate("{sha256}", vars("https://h/")), TypeError, "{sha256}");
  assertThrows(
    () => renderPathTemplate("{sha256}", vars("https://h/", { sha256: "../" })),
    TypeError,
    "hex SHA-256",
  );
});

Deno.test("templateNeedsDigest() tells whether {sha256} is used", () => {
  assertEquals(templateNeedsDigest("{host}/{sha256}.{ext}"), true);
  assertEquals(templateNeedsDigest("{host}/{uuid}.{ext}"), false);
  assertThrows(() => templateNeedsDigest("{sha}"), TemplateError);
});

Deno.test("two-pass rendering with the same uuid agrees on every other placeholder", () => {
  const first = vars("https://h/a.json", { uuid: "fixed" });
  const template = "{name}/{uuid}-{sha256}.{ext}";
  assert(templateNeedsDigest(template));
  assertEquals(
    renderPathTemplate(template, { ...first, sha256: DIGEST }),
    `task-1/fixed-${DIGEST}.json`,
  );
});

const PROBLEM_CASES: [string, number[], string][] = [
  ["{hst}/x", [1], 'unknown placeholder "{hst}"'],
  ["{host}/{pth}", [8], 'unknown placeholder "{pth}"'],
  ["a{b", [2], '"{" is never closed'],
  ["{name", [1], '"{" is never closed'],
  ["{na{name}", [1], '"{" is never closed'],
  ["a}b", [2], '"}" has no matching "{"'],
  ["{a}{b}}", [1, 4, 7], 'unknown placeholder "{a}"'],
  ["", [1], "the template is empty"],
  [".", [1], "names no file"],
  ["./", [1], "names no file"],
  ["x/", [2], 'ends with "/"'],
  ["/abs/{name}", [1], "absolute"],
  ["\\abs", [1, 1], "absolute"],
  ["C:/x", [1], "absolute"],
  ["../x", [1], '".." segments'],
  ["a/../b", [3], '".." segments'],
  ["{host}/..", [8], '".." segments'],
  ["a\\b", [2], '"\\" is not a portable separator'],
  ["a\u0001b", [2], "control characters"],
  ["a\u007fb", [2], "control characters"],
  ["{name}/x\u009b2J", [9], "control characters"],
  ["x\u0085", [2], "control characters"],
  ["{name}/x\u202Efdp.exe", [9], "bidirectional control U+202E"],
  ["a\u200Bb.txt", [2], "invisible character U+200B is not allowed in file names"],
  ["{name}/x\u00AD{ext}", [9], "invisible character U+00AD"],
  ["\uFEFF{name}\u2060", [1, 8], "invisible character U+FEFF"],
  ["{name}\u2028.txt", [7], "invisible character U+2028"],
  // A file name no file system takes (255 bytes), however short the values are.
  ["{sha256}{sha256}{sha256}{sha256}.bin", [1], "is at least 260 bytes once rendered"],
  ["{host}/" + "\u00e9".repeat(128) + "-{ext}", [8], "is at least 258 bytes once rendered"],
  ["{uuid}-{date}-" + "x".repeat(209) + "/{name}", [1], "is at least 257 bytes once rendered"],
  ["y".repeat(256), [1], "is at least 256 bytes once rendered"],
];

Deno.test("an unknown placeholder names the known one it most likely meant, and none when none is close", () => {
  const [hots, upper, far] = ["{hots}", "{HOST}", "{region}"].map((template) =>
    validatePathTemplate(template)[0].message
  );
  assert(
    hots.includes('unknown placeholder "{hots}" (did you mean "{host}"? known: {host},'),
    hots,
  );
  assert(upper.includes('(did you mean "{host}"? known:'), upper);
  assert(far.includes('unknown placeholder "{region}" (known: {host},'), far);
});

Deno.test("validatePathTemplate() lists every problem with its column", async (t) => {
  for (const [template, columns, message] of PROBLEM_CASES) {
    await t.step(JSON.stringify(template), () => {
      const problems = validatePathTemplate(template);
      assertEquals(problems.map((p) => p.column), columns);
      assert(problems[0] instanceof SyntaxError);
      assert(problems[0].message.includes(message), problems[0].message);
      assert(problems[0].message.includes(`(column ${columns[0]})`), problems[0].message);
      assertThrows(() => renderPathTemplate(template, vars("https://h/")), TemplateError, message);
    });
  }
});

Deno.test("validatePathTemplate() accepts usable templates, including dots beside placeholders", () => {
  const long = [
    "y".repeat(255),
    "{sha256}{sha256}{sha256}.{ext}",
    // A URL path of several segments splits the name around {path}: each side may fit.
    `${"x".repeat(250)}{path}${"x".repeat(250)}`,
  ];
  for (
    const template of ["{host}/{path}", "a/..{name}", "{name}..", "x/./{uuid}", "a..b/c", ...long]
  ) {
    assertEquals(validatePathTemplate(template), [], template);
  }
});

Deno.test("TemplateError names the template and the column in its message", () => {
  const error = assertThrows(
    () => renderPathTemplate("{host}/{nope}", vars("https://h/")),
    TemplateError,
  );
  assertEquals(error.column, 8);
  assertEquals(error.template, "{host}/{nope}");
  assertEquals(error.name, "TemplateError");
  assert(error.message.startsWith('Cannot use path template "{host}/{nope}" (column 8): unknown'));
});

Deno.test("single-segment templates are checked as strictly as any other", () => {
  assertEquals(validatePathTemplate("0.html"), []);
  assertEquals(validatePathTemplate("..."), []);
  assertEquals(renderPathTemplate("0.html", { url: "http://h/x", name: "t" }), "0.html");
  for (const bad of ["", ".", "..", "C:x", "a\\b", "a{b", "a}b", "a\x01b", "a\x7fb", "a\u2066b"]) {
    assertEquals(validatePathTemplate(bad).length > 0, true, JSON.stringify(bad));
  }
});

Deno.test("a rendered name of corun's own working files gets a _ before it (a later run would sweep it)", () => {
  const render = (template: string, url: string) =>
    renderPathTemplate(template, { url, name: "t" });
  assertEquals(
    render("{path}", "https://x.org/dl/.backup.0123456789ab.part"),
    "dl/_.backup.0123456789ab.part",
  );
  assertEquals(render("{path}", "https://x.org/.big.iso.corun-partial"), "_.big.iso.corun-partial");
  assertEquals(
    render(".big.iso.corun-partial.json", "https://x.org/"),
    "_.big.iso.corun-partial.json",
  );
  // Only the last segment is a file name; names merely alike stay as they are.
  assertEquals(render("{path}", "https://x.org/.a.0123456789ab.part/f"), ".a.0123456789ab.part/f");
  assertEquals(
    render("{path}", "https://x.org/backup.0123456789ab.part"),
    "backup.0123456789ab.part",
  );
});

Deno.test("renderPathTemplate() refuses a name over 255 bytes that template and URL make together, naming the URL and the limit", () => {
  const url = `https://x.org/dir/${"a".repeat(240)}`;
  // Each alone fits: the URL's segment is cut to 199 bytes (its hash included), the template's
  // text is short.
  const cut = `${"a".repeat(190)}~${fnv1a("a".repeat(240))}`;
  assertEquals(renderPathTemplate("{path}", vars(url)), `dir/${cut}`);
  const error = assertThrows(
    () => renderPathTemplate("{path}-{sha256}.bin", vars(url, { sha256: DIGEST })),
    NameTooLongError,
  );
  assertEquals(error.code, "NAME_TOO_LONG");
  assertEquals(error.renderedName, `${cut}-${DIGEST}.bin`);
  assertEquals(
    error.message,
    `Cannot save ${url} as "{path}-{sha256}.bin": it renders the name "${"a".repeat(50)}…${
      DIGEST.slice(-16)
    }.bin" of 268 bytes, more than the 255 a file name may have; put what makes it long in a ` +
      'folder of its own ("{path}/{name}.html", not "{path}-{name}.html")',
  );
  // Counted in bytes: 85 three-byte characters are 255 bytes, 86 are too many.
  assertEquals(
    renderPathTemplate("{1}{2}", vars(url, { parts: ["€".repeat(60), "€".repeat(25)] })),
    "€".repeat(85),
  );
  assertThrows(
    () => renderPathTemplate("{1}{2}", vars(url, { parts: ["€".repeat(60), "€".repeat(26)] })),
    NameTooLongError,
  );
  // A folder's name too.
  assertThrows(
    () => renderPathTemplate("{path}{name}/x", vars(url, { name: "n".repeat(60) })),
    NameTooLongError,
  );
});

Deno.test("templateCouldRender() takes any {ext}, {uuid} and {filename}, and renders every other placeholder", async (t) => {
  const at = vars("https://x.org/docs/report", { uuid: undefined });
  const cases: [string, Partial<TemplateVars>, string, boolean][] = [
    ["{name}/{path}.{ext}", {}, "task-1/docs/report.pdf", true],
    ["{name}/{path}.{ext}", {}, "task-1/docs/report.PDF", false],
    ["{name}/{path}.{ext}", {}, "task-1/docs/other.pdf", false],
    ["{name}/{path}.{ext}", {}, "task-2/docs/report.pdf", false],
    ["u/{uuid}.html", {}, `u/${crypto.randomUUID()}.html`, true],
    ["u/{uuid}.html", {}, "u/report.html", false],
    ["dl/{filename}", {}, "dl/Report 2024.pdf", true],
    ["dl/{filename}", {}, "dl/a/b.pdf", false],
    ["{sha256}.bin", { sha256: DIGEST }, `${DIGEST}.bin`, true],
    ["{sha256}.bin", {}, `${DIGEST}.bin`, false],
    ["{date}/{path}", {}, "2024-03-05/docs/report", true],
    ["{date}/{path}", {}, "2024-03-06/docs/report", false],
    // The rendered text is matched as text: "+" is no regular expression's.
    ["{name}/a+b.{ext}", {}, "task-1/a+b.zip", true],
    ["{name}/a+b.{ext}", {}, "task-1/aab.zip", false],
  ];
  for (const [template, extra, path, could] of cases) {
    await t.step(`${template} ${could ? "renders" : "does not render"} ${path}`, () => {
      assertEquals(templateCouldRender(template, { ...at, ...extra }, path), could);
    });
  }
});

Deno.test("a long name quoted in a message is cut between characters, never inside an emoji's surrogate pair", () => {
  // Cut at 50 and 20 UTF-16 units, it showed "\ud83d…\ude00": half an emoji each side.
  const emoji = "😀".repeat(80);
  const error = assertThrows(
    () => renderPathTemplate("{1}{2}", vars("https://h/a", { parts: [`a${emoji}`, emoji] })),
    NameTooLongError,
  );
  assert(!/\p{Cs}/u.test(error.message), error.message);
  assert(error.message.includes(`"a${"😀".repeat(24)}…${"😀".repeat(5)}~`), error.message);
});
