import { assert, assertEquals, assertMatch } from "npm:deno-std@1.4.0/assert/mod.js";
import { fnv1a } from "./cut_name.ts";
import {
  downloadFileName,
  MAX_SEGMENT_BYTES,
  safeSegment,
  sanitizeFileName,
  sanitizeSegment,
  urlPathSegments,
} from "./sanitize.ts";

Deno.test("sanitizeSegment() replaces controls and characters illegal on common file systems", () => {
  const cases: [string, string][] = [
    ["plain.txt", "plain.txt"],
    ["a\u0000b\u001fc\u007fd\u0085e", "a_b_c_d_e"],
    // Dropped, a control made an extension the URL's name did not have.
    ["a.ex\u0000e", "a.ex_e"],
    ["a\u202Ab\u202Ec\u2066d\u2069e\u200Df", "abcdef"],
    ["a\u200Bb\u200Ec\u200Fd\u00ADe\u2060f\u2064g\uFEFFh\u2028i\u2029j", "abcdefghij"],
    ["invoice\u200F\u202Efdp.exe", "invoicefdp.exe"],
    ['<>:"/\\|?*', "_________"],
    ["..", ""],
    [".", ""],
    ["name. . ", "name"],
    [".hidden", ".hidden"],
    ["aux", "_aux"],
    ["LPT9.log", "_LPT9.log"],
    ["console", "console"],
  ];
  for (const [raw, expected] of cases) assertEquals(sanitizeSegment(raw), expected, raw);
});

Deno.test("sanitizeSegment() prefixes every Windows device name: COM0, LPT¹, CONIN$, and one with spaces before its extension", () => {
  const cases: [string, string][] = [
    ["COM0", "_COM0"],
    ["lpt¹.txt", "_lpt¹.txt"],
    ["com³", "_com³"],
    ["CONIN$", "_CONIN$"],
    ["conout$.log", "_conout$.log"],
    ["nul .txt", "_nul .txt"],
    ["com10", "com10"],
    ["conin", "conin"],
  ];
  for (const [raw, expected] of cases) assertEquals(sanitizeSegment(raw), expected, raw);
});

Deno.test("sanitizeSegment() cuts long segments on a character boundary, with a hash of the whole", () => {
  const long = sanitizeSegment("美".repeat(300));
  assert(new TextEncoder().encode(long).byteLength <= MAX_SEGMENT_BYTES);
  assert(!long.includes("\uFFFD"));
  // 190 bytes of room for whole characters before "~" and 8 hex digits: 63 of 3 bytes.
  assertEquals(long, `${"美".repeat(63)}~${fnv1a("美".repeat(300))}`);
  // Two segments that begin alike past the cut are two names, not one.
  const a = sanitizeSegment(`${"a".repeat(230)}1`);
  const b = sanitizeSegment(`${"a".repeat(230)}2`);
  assertEquals(new TextEncoder().encode(a).byteLength, MAX_SEGMENT_BYTES - 1);
  assert(a !== b, a);
  // One that fits is kept whole.
  assertEquals(sanitizeSegment("a".repeat(199)), "a".repeat(199));
});

Deno.test("safeSegment() never returns an empty segment", () => {
  assertEquals(safeSegment(".."), "_");
  assertEquals(safeSegment(""), "_");
});

Deno.test("urlPathSegments() decodes each segment before sanitising it", () => {
  assertEquals(urlPathSegments("/a%2Fb/%2e%2e/c%25d"), ["a_b", "c%d"]);
  assertEquals(urlPathSegments("/"), ["index"]);
  assertEquals(urlPathSegments(""), ["index"]);
  assertEquals(urlPathSegments("/a/"), ["a", "index"]);
});

Deno.test("sanitizeFileName() cuts a long name before its extension, which stays after a hash of the whole, a double one whole", () => {
  const long = sanitizeFileName(`${"a".repeat(400)}.pdf`);
  assertEquals(
    long,
    `${"a".repeat(MAX_SEGMENT_BYTES - 1 - 9 - 4)}~${fnv1a(`${"a".repeat(400)}.pdf`)}.pdf`,
  );
  const archive = sanitizeFileName(`${"a".repeat(300)}.tar.gz`);
  assertEquals(
    archive,
    `${"a".repeat(MAX_SEGMENT_BYTES - 1 - 9 - 7)}~${fnv1a(`${"a".repeat(300)}.tar.gz`)}.tar.gz`,
  );
  assertMatch(sanitizeFileName(`${"a".repeat(300)}.pkg.tar.zst`), /a~[0-9a-f]{8}\.tar\.zst$/);
  // A server's long download name keeps its .tar.gz, so gunzip makes a .tar of it.
  assert(downloadFileName(`${"a".repeat(300)}.tar.gz`, "/get").endsWith(".tar.gz"));
  // Two long names that differ only past the cut are two names, not one.
  assert(
    sanitizeFileName(`${"a".repeat(300)}1.pdf`) !== sanitizeFileName(`${"a".repeat(300)}2.pdf`),
  );
  const wide = sanitizeFileName(`${"é".repeat(200)}.tar.gz`);
  assert(new TextEncoder().encode(wide).length <= MAX_SEGMENT_BYTES - 1);
  assertMatch(wide, /^é+~[0-9a-f]{8}\.tar\.gz$/);
  // An extension of letters that take two bytes each still fits.
  const wideExt = sanitizeFileName(`${"a".repeat(300)}.${"é".repeat(16)}`);
  assertEquals(new TextEncoder().encode(wideExt).length, MAX_SEGMENT_BYTES - 1);
  // No extension to keep: cut as a segment is.
  assertEquals(sanitizeFileName("b".repeat(400)), sanitizeSegment("b".repeat(400)));
  assertEquals(sanitizeFileName("a/b\u0000c..."), "a_b_c");
  assertEquals(sanitizeFileName("CON.txt"), "_CON.txt");
});

Deno.test("downloadFileName() keeps only the last part of a server's name, made safe, else the URL's last segment", () => {
  const cases: [string | undefined, string, string][] = [
    ["report.pdf", "/dl", "report.pdf"],
    ["../../etc/passwd", "/dl", "passwd"],
    ["..\\..\\x.exe", "/dl", "x.exe"],
    ["C:\\Windows\\evil.dll", "/dl", "evil.dll"],
    ["a\u0000b\u0007c\r\n.txt", "/dl", "a_b_c__.txt"],
    ["inv\u202Efdp.exe", "/dl", "invfdp.exe"],
    ["nul", "/dl", "_nul"],
    [".hidden", "/dl", ".hidden"],
    ["..", "/files/a%20b.pdf", "a b.pdf"],
    ["dir/", "/files/x.bin", "x.bin"],
    ["...", "/dl", "dl"],
    [undefined, "/files/a%2Fb.pdf", "a_b.pdf"],
    [undefined, "/files/", "index"],
    [undefined, "/", "index"],
    [undefined, "/a/%2e%2e", "a"],
    // A byte that is not UTF-8 (Latin-1's é) stays an escape, not U+FFFD: r%E8sum%E8 is another file.
    [undefined, "/files/r%E9sum%E9%20final.pdf", "r%E9sum%E9 final.pdf"],
    [undefined, "/files/%C3%A9%C3%A9%C3", "éé%C3"],
    [undefined, "/files/%C0%AF%ED%A0%80%F4%90%80%80", "%C0%AF%ED%A0%80%F4%90%80%80"],
  ];
  for (const [given, pathname, expected] of cases) {
    assertEquals(downloadFileName(given, pathname), expected, `${given} ${pathname}`);
  }
});

Deno.test("sanitizeSegment() drops invisible characters and replaces controls and refused characters, every code point checked (its fast path skips none)", () => {
  // Format characters (zero-width, bidi, soft hyphen, BOM, tags), line and paragraph separators,
  // and lone surrogates (no character: the file system would write U+FFFD); controls are replaced.
  const control = (code: number) => code < 0x20 || (code >= 0x7f && code <= 0x9f);
  const dropped = (code: number) =>
    (code >= 0xd800 && code <= 0xdfff) ||
    /^[\p{Cf}\u2028\u2029]$/u.test(String.fromCodePoint(code));
  const wrong: string[] = [];
  for (let code = 0; code <= 0x10ffff; code++) {
    // A lone surrogate is a code unit of its own.
    const char = code >= 0xd800 && code <= 0xdfff
      ? String.fromCharCode(code)
      : String.fromCodePoint(code);
    const expected = dropped(code) ? "" : control(code) || '<>:"/\\|?*'.includes(char) ? "_" : char;
    if (sanitizeSegment(`a${char}b`) !== `a${expected}b`) wrong.push(code.toString(16));
  }
  assertEquals(wrong, []);
});

Deno.test("sanitizeFileName() keeps a name that fits as it is, a U+FFFD at its end too", () => {
  const name = `${"a".repeat(100)}\uFFFD`;
  assertEquals(sanitizeFileName(name), name);
});
