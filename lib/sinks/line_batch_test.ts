import { assertEquals, assertThrows } from "npm:deno-std@1.4.0/assert/mod.js";
import { jsonTextOf } from "./json_out.ts";
import { LineBatch } from "./line_batch.ts";

const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

/** A batch of `size` bytes whose lines, when it must make room, are kept in `written`. */
function batchOf(size: number) {
  const written: string[] = [];
  const batch: LineBatch = new LineBatch(size, () => {
    written.push(decode(batch.lines));
    batch.clear();
  });
  return { batch, written };
}

/** `JSON.stringify`'s text with DEL and C1 controls escaped, as a line of the log holds it. */
function logged(json: string): string {
  return json.replace(/[\u007f-\u009f]/g, (c) => `\\u00${c.charCodeAt(0).toString(16)}`);
}

Deno.test("LineBatch writes strings and numbers as JSON.stringify does, DEL and C1 escaped", () => {
  const strings = [
    "",
    "plain ascii",
    'quote " and \\ backslash',
    "tab\t newline\n nul\u0000 unit\u001f",
    "del \u007f c1 \u0085 \u009f nbsp \u00a0",
    "ünï € \u2028 \u{1F600}",
    "lone \ud800 and \udc00",
  ];
  const numbers = [0, -0, 1, -1.5, 0.001, 1e21, 2 ** 53, NaN, Infinity, -Infinity, 5e-7];
  const { batch } = batchOf(1024);
  for (const value of strings) {
    batch.string(value);
    batch.endLine();
  }
  for (const value of numbers) {
    batch.number(value);
    batch.endLine();
  }
  const expected = [...strings, ...numbers].map((value) => logged(JSON.stringify(value)));
  assertEquals(decode(batch.lines), expected.join("\n") + "\n");
});

Deno.test("LineBatch writes long pieces (encoded natively) as short ones: checked, escaped, refused alike", () => {
  const long = (text: string) => text.padEnd(40, "-");
  const { batch } = batchOf(4096);
  const strings = [
    "",
    "plain",
    'a "quote"',
    "back\\slash",
    "del \u007f",
    "c1 \u0085",
    "tab\t",
    "é",
  ];
  for (const value of strings) {
    batch.string(long(value));
    batch.json(",");
    batch.json(JSON.stringify({ [long(value)]: 1 }));
    batch.endLine();
  }
  const expected = strings.map((value) =>
    logged(`${JSON.stringify(long(value))},${JSON.stringify({ [long(value)]: 1 })}`)
  );
  assertEquals(decode(batch.lines), expected.join("\n") + "\n");
  assertThrows(() => batch.json(long("{\n}")), TypeError, "line break");
  assertThrows(() => batch.json(long("{\r}")), TypeError, "line break");
  const longer = "x".repeat(5000); // longer than the scratch
  batch.dropLine();
  batch.string(longer);
  batch.endLine();
  assertEquals(decode(batch.lines).split("\n").at(-2), JSON.stringify(longer));
});

Deno.test("LineBatch.json escapes DEL and C1 controls, and refuses a line break", () => {
  const { batch } = batchOf(64);
  batch.json('{"a":"\u007f\u0085"}');
  batch.endLine();
  assertEquals(decode(batch.lines), '{"a":"\\u007f\\u0085"}\n');
  assertThrows(() => batch.json('"a\nb"'), TypeError, "line break");
  batch.dropLine();
  assertEquals(batch.length, '{"a":"\\u007f\\u0085"}\n'.length);
});

Deno.test("LineBatch: a line that does not fit has the whole lines written first, and moves to the start", () => {
  const { batch, written } = batchOf(16);
  batch.json("0123456789");
  batch.endLine();
  batch.json("abc");
  batch.string("defg"); // 11 + 9 bytes: past the end
  assertEquals(written, ["0123456789\n"]);
  batch.endLine();
  assertEquals(decode(batch.lines), 'abc"defg"\n');
});

Deno.test("LineBatch: a line longer than the batch grows it, back to its size once cleared", () => {
  const { batch, written } = batchOf(8);
  batch.json("ab");
  batch.endLine();
  const long = "x".repeat(20);
  batch.json("[");
  batch.string(long);
  batch.json(",");
  batch.string("é".repeat(10));
  batch.json("]");
  batch.endLine();
  assertEquals(written, ["ab\n"]);
  assertEquals(decode(batch.lines), `["${long}","${"é".repeat(10)}"]\n`);
  batch.clear();
  batch.json("1234567");
  batch.endLine();
  batch.json("a"); // the batch is its usual size again: full, it makes room
  assertEquals(written, ["ab\n", "1234567\n"]);
});

Deno.test("jsonTextOf() gathers the pieces of a line as one string, unescaped", () => {
  const text = jsonTextOf({
    writeTo(out) {
      out.json('{"a":');
      out.string("\u0085");
      out.json(',"b":');
      out.number(NaN);
      out.json("}");
    },
  });
  assertEquals(text, JSON.stringify({ a: "\u0085", b: NaN }));
});

Deno.test("LineBatch.thousandths writes thousandths / 1000 as JSON.stringify does, at any size", () => {
  let seed = 11;
  const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
  const limit = 2 ** 42 * 1000;
  const values = [0, -0, 1, -1, 10, 100, 999, 1000, 1001, 1010, 1100, 123456789, limit - 1, limit];
  values.push(-limit + 1, -limit, 2 ** 53, -(2 ** 60), NaN, Infinity, -Infinity);
  for (let i = 0; i < 20_000; i++) {
    values.push(Math.round((random() - 0.2) * 10 ** Math.floor(random() * 19)));
  }
  const { batch } = batchOf(1 << 20);
  for (const value of values) {
    batch.thousandths(value);
    batch.endLine();
  }
  const expected = values.map((value) => JSON.stringify(value / 1000));
  assertEquals(decode(batch.lines).split("\n").slice(0, -1), expected);
});
