import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { dispositionFileName } from "./content_disposition.ts";

Deno.test("dispositionFileName() reads the name a Content-Disposition gives, as RFC 6266 says", async (t) => {
  const cases: [string | null, string | undefined][] = [
    ["attachment; filename=report.pdf", "report.pdf"],
    ['attachment; filename="annual report.pdf"', "annual report.pdf"],
    ['inline; filename="a \\"quoted\\" \\\\ name.txt"', 'a "quoted" \\ name.txt'],
    ["ATTACHMENT; FileName=upper.txt", "upper.txt"],
    ["attachment;filename=tight.txt;size=3", "tight.txt"],
    ['attachment; filename = "spaced.txt" ; x=1', "spaced.txt"],
    ['attachment; foo="a;filename=b"; filename=real.txt', "real.txt"],
    // filename* wins, wherever it stands; its charset and language are read.
    ["attachment; filename=plain.txt; filename*=UTF-8''na%C3%AFve%20file.txt", "naïve file.txt"],
    ["attachment; filename*=utf-8'en'%E2%82%AC.txt; filename=EUR.txt", "€.txt"],
    ["attachment; filename*=ISO-8859-1''caf%E9.txt", "café.txt"],
    // A filename* that does not decode falls back to filename, or to nothing.
    ["attachment; filename*=UTF-8''%FF%FE.txt; filename=fallback.txt", "fallback.txt"],
    ["attachment; filename*=KOI8-R''%C1.txt; filename=fallback.txt", "fallback.txt"],
    ["attachment; filename*=UTF-8''bad%2.txt", undefined],
    ["attachment; filename*=no-quotes.txt; filename=fallback.txt", "fallback.txt"],
    // A UTF-8 name in filename=, received byte per character, is read as UTF-8.
    ['attachment; filename="na\u00c3\u00afve.txt"', "naïve.txt"],
    ['attachment; filename="caf\u00e9.txt"', "café.txt"],
    // Unquoted, ending in `à` (C3 A0): its 0xA0 byte is no white space to trim, as curl -J reads it.
    ["attachment; filename=voil\u00c3\u00a0", "voilà"],
    ["attachment; filename=voil\u00c3\u00a0; size=3", "voilà"],
    // Nothing to read.
    [null, undefined],
    ["attachment", undefined],
    ["inline", undefined],
    ['attachment; filename=""', undefined],
    ['attachment; filename="cut short', undefined],
    ["", undefined],
  ];
  for (const [value, expected] of cases) {
    await t.step(`${JSON.stringify(value)} → ${JSON.stringify(expected)}`, () => {
      assertEquals(dispositionFileName(value), expected);
    });
  }
});

Deno.test("dispositionFileName() gives a hostile name as written: making it safe is the sink's", () => {
  assertEquals(dispositionFileName('attachment; filename="../../etc/passwd"'), "../../etc/passwd");
  assertEquals(dispositionFileName('attachment; filename="..\\\\..\\\\x.exe"'), "..\\..\\x.exe");
});

Deno.test("dispositionFileName() reads an ISO-8859-1 filename* of any length (maxHeaderSize may be raised)", () => {
  const value = `attachment; filename*=ISO-8859-1''${"caf%E9".repeat(100_000)}`;
  assertEquals(dispositionFileName(value), "café".repeat(100_000));
});
