import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { HeaderList } from "../http/mod.ts";
import { resumeValidatorOf } from "./resume_validator.ts";

Deno.test("resumeValidatorOf takes a strong ETag, else a Last-Modified a minute or more before the Date", () => {
  const modified = "Tue, 01 Dec 2026 10:00:00 GMT";
  const minuteLater = "Tue, 01 Dec 2026 10:01:00 GMT";
  const now = Date.UTC(2026, 11, 5);
  const table: [string, [string, string][], string | undefined, string | undefined][] = [
    ["a strong ETag", [["ETag", '"a"'], ["Last-Modified", modified]], '"a"', undefined],
    [
      "a strong Last-Modified",
      [["Last-Modified", modified], ["Date", minuteLater]],
      modified,
      undefined,
    ],
    [
      "a strong Last-Modified beside a weak ETag",
      [["ETag", 'W/"a"'], ["Last-Modified", modified], ["Date", minuteLater]],
      modified,
      'W/"a"',
    ],
  ];
  for (const [label, fields, validator, etag] of table) {
    const found = resumeValidatorOf(new HeaderList(fields), now);
    assertEquals([found.validator, found.etag, found.why], [validator, etag, undefined], label);
  }
  const none: [[string, string][], string][] = [
    [[], "it names no ETag or Last-Modified"],
    [[["ETag", 'W/"a"']], 'its ETag W/"a" is weak, and it names no Last-Modified'],
    [[["Last-Modified", modified]], "no Date to compare it with"],
    [
      [["Last-Modified", modified], ["Date", "Tue, 01 Dec 2026 10:00:59 GMT"]],
      "less than a minute before its Date",
    ],
    [[["Last-Modified", "yesterday"], ["Date", minuteLater]], 'its Last-Modified "yesterday"'],
  ];
  for (const [fields, why] of none) {
    const found = resumeValidatorOf(new HeaderList(fields), now);
    assertEquals(found.validator, undefined, why);
    assertEquals(found.why?.includes(why), true, `${found.why} / ${why}`);
  }
});

Deno.test("resumeValidatorOf takes a coded body kept as sent, with its coding; never one decoded from it", () => {
  const now = Date.UTC(2026, 11, 2);
  const coded = new HeaderList([["ETag", '"a"'], ["Content-Encoding", " Gzip "]]);
  assertEquals(resumeValidatorOf(coded, now), { validator: '"a"', encoding: "gzip" });
  const decoded = resumeValidatorOf(coded, now, "gzip");
  assertEquals(decoded.validator, undefined);
  assertEquals(
    decoded.why,
    'it was decoded from its Content-Encoding "gzip", and a range counts the coded bytes',
  );
  const identity = new HeaderList([["ETag", '"a"'], ["Content-Encoding", "identity"]]);
  assertEquals(resumeValidatorOf(identity, now), { validator: '"a"' });
});
