import { assert, assertEquals, assertMatch, assertRejects } from "npm:deno-std@1.4.0/assert/mod.js";
import {
  countUrlList,
  countUrlListSteps,
  type ListItem,
  type ListLineError,
  MAX_LIST_LINE_BYTES,
  MAX_OPEN_LISTS,
  readUrlList,
} from "./url_list.ts";

type Entry = ListItem | ListLineError;

async function withList(
  content: string | Uint8Array,
  body: (path: string) => Promise<void>,
): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "corun-url-list-" });
  const path = `${dir}/urls.txt`;
  try {
    if (typeof content === "string") await Deno.writeTextFile(path, content);
    else await Deno.writeFile(path, content);
    await body(path);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

async function readAll(path: string, batchSize?: number, chunkSize?: number): Promise<Entry[][]> {
  const batches: Entry[][] = [];
  for await (const batch of readUrlList(path, batchSize, { chunkSize })) batches.push(batch);
  return batches;
}

/** What a line that is not UTF-8 says to do, after where it is. */
const NOT_UTF8_HINT = ": write a URL's bytes that are not UTF-8 percent-escaped (Latin-1's é, " +
  "the byte E9, as %E9; saved as UTF-8, é is sent as %C3%A9)";

Deno.test("a 100,000-line list is read in batches, in order, and counted", async () => {
  const lines = Array.from({ length: 100_000 }, (_, i) => `https://x.org/${i}`);
  await withList(lines.join("\n") + "\n", async (path) => {
    const batches = await readAll(path, 1000);
    assertEquals(batches.length, 100);
    assert(batches.every((batch) => batch.length === 1000));
    const entries = batches.flat() as ListItem[];
    assertEquals(entries[0], { url: "https://x.org/0", line: 1 });
    assertEquals(entries[99_999], { url: "https://x.org/99999", line: 100_000 });
    assert(entries.every((entry, i) => entry.url === `https://x.org/${i}` && entry.line === i + 1));
    assertEquals((await readAll(path)).map((batch) => batch.length).slice(-2), [1024, 672]);
    assertEquals(await countUrlList(path), 100_000);
  });
});

Deno.test("comments, blank lines, CRLF, a BOM and a TAB save path", async () => {
  const text = "\uFEFF# a list\r\n" +
    "https://x.org/a\r\n" +
    "\r\n" +
    "   \t \r\n" +
    "  # indented comment\r\n" +
    "\t#tabbed comment\n" +
    "  https://x.org/b  \r\n" +
    "https://x.org/c\tpages/c.html\r\n" +
    "HTTPS://X.ORG/d\t  {host}/{path}  \n" +
    "https://x.org/e\t\n" +
    "https://x.org/f#frag";
  await withList(text, async (path) => {
    assertEquals((await readAll(path)).flat(), [
      { url: "https://x.org/a", line: 2 },
      { url: "https://x.org/b", line: 7 },
      { url: "https://x.org/c", save: "pages/c.html", line: 8 },
      { url: "https://x.org/d", save: "{host}/{path}", line: 9 },
      { url: "https://x.org/e", line: 10 },
      { url: "https://x.org/f#frag", line: 11 },
    ]);
    assertEquals(await countUrlList(path), 6);
  });
});

Deno.test("bad lines are error entries with their line numbers, and reading goes on", async () => {
  const text = [
    "ftp://x.org/a", // 1
    "https://x.org/ok1", // 2
    "not a url", // 3
    "x.org/no-scheme", // 4
    "https://x.org/a b", // 5
    "https://x.org/c\tsave\tthird", // 6
    "https://x.org/d\t../up", // 7
    "https://x.org/e\t/abs", // 8
    "https://x.org/f\t{1}.html", // 9
    "https://x.org/g\t{nope}", // 10
    "javascript:alert(1)", // 11
    "https://x.org/ok2", // 12
  ].join("\n");
  await withList(text, async (path) => {
    const entries = (await readAll(path, 5)).flat();
    assertEquals(entries.length, 12);
    // Each names what was listed, for its record's url.
    assertEquals(entries[0], {
      line: 1,
      error: 'not an http(s) URL: "ftp://x.org/a"',
      written: "ftp://x.org/a",
    });
    assertEquals(entries[1], { url: "https://x.org/ok1", line: 2 });
    assertEquals(entries[2].line, 3);
    assert("error" in entries[2] && entries[2].error.startsWith("a URL cannot contain spaces"));
    assertEquals(entries[3], {
      line: 4,
      error: 'not a URL: "x.org/no-scheme"',
      written: "x.org/no-scheme",
    });
    assert("error" in entries[4] && entries[4].error.includes('"https://x.org/a b"'));
    const third = "error" in entries[5] ? entries[5].error : "";
    assertEquals(entries[5].line, 6);
    assert(third.startsWith("bad checksum in the third column: "), third);
    assert(third.includes("sha256:HEX or sha512:HEX"), third);
    const saveErrors = entries.slice(6, 10).map((entry) => "error" in entry ? entry.error : "");
    assert(saveErrors[0].includes('".." segments'), saveErrors[0]);
    assert(saveErrors[1].includes("absolute"), saveErrors[1]);
    assertEquals(saveErrors[2], "the save path uses {1}, but a list line has no globs to fill it");
    assert(saveErrors[3].includes('unknown placeholder "{nope}"'), saveErrors[3]);
    assertEquals(entries[10], {
      line: 11,
      error: 'not an http(s) URL: "javascript:alert(1)"',
      written: "javascript:alert(1)",
    });
    assertEquals(
      entries.map((entry) => "error" in entry ? entry.written : entry.url),
      text.split("\n").map((line) => line.split("\t")[0]),
    );
    assertEquals(entries[11], { url: "https://x.org/ok2", line: 12 });
    assertEquals(await countUrlList(path), 12);
  });
});

Deno.test("a save path with an invisible character is a bad line, so no saved name looks like another", async () => {
  const text =
    "https://x.org/a\ta\u200Bb.pdf\nhttps://x.org/b\tinvoice\u00ADs/x.pdf\nhttps://x.org/c\tab.pdf\n";
  await withList(text, async (path) => {
    const entries = (await readAll(path)).flat();
    const errors = entries.map((entry) => "error" in entry ? entry.error : "");
    assert(
      errors[0].includes("(column 2): the invisible character U+200B is not allowed"),
      errors[0],
    );
    assert(
      errors[1].includes("(column 8): the invisible character U+00AD is not allowed"),
      errors[1],
    );
    assertEquals(entries[2], { url: "https://x.org/c", save: "ab.pdf", line: 3 });
  });
});

Deno.test("a line over 64 KiB is an error entry, at every chunk size; a long comment is skipped", async () => {
  const long = "https://x.org/" + "a".repeat(MAX_LIST_LINE_BYTES);
  // Exactly at the limit in bytes, with multi-byte characters: a line read whole, whose URL is
  // then too long as sent (each é percent-encoded as 6 bytes).
  const atLimit = "https://x.org/" + "é".repeat((MAX_LIST_LINE_BYTES - 14) / 2);
  const overInBytes = atLimit + "é";
  const text = [
    "https://x.org/1",
    long,
    atLimit,
    overInBytes,
    "# " + "c".repeat(MAX_LIST_LINE_BYTES * 2),
    "https://x.org/2",
    long,
  ].join("\r\n");
  await withList(text, async (path) => {
    for (const chunkSize of [61, 4096, 65536, 1 << 20]) {
      const entries = (await readAll(path, 1024, chunkSize)).flat();
      const summary = entries.map((entry) => "error" in entry ? entry.error : entry.line);
      const tooLong = "the line is longer than 64 KiB, a fixed limit: a URL, a save path and a " +
        "checksum take far less (servers refuse a URL past 8 to 16 KiB)";
      const tooLongSent = "the URL is 196,580 bytes long as sent (percent-encoded), past the " +
        "limit of 64 KiB (a URL list's line's too); servers refuse a URL past 8 to 16 KiB";
      assertEquals(summary, [1, tooLong, tooLongSent, tooLong, 6, tooLong], `chunk ${chunkSize}`);
      assertEquals(entries.map((entry) => entry.line), [1, 2, 3, 4, 6, 7]);
      assertEquals(await countUrlList(path, { chunkSize }), 6);
    }
  });
});

Deno.test("a line of exactly 64 KiB ending in CRLF is an entry, also when a read ends between its CR and LF", async () => {
  const atLimit = "https://x.org/" + "a".repeat(MAX_LIST_LINE_BYTES - 14);
  // After the blank first line, the CR is the last byte of the file's first 65,538 (the reader's
  // first two bytes, then 64 KiB chunks): the LF comes in the next read.
  const text = `\n${atLimit}\r\nhttps://x.org/2\r\n`;
  await withList(text, async (path) => {
    for (const chunkSize of [61, 4096, 65536, 1 << 20]) {
      const entries = (await readAll(path, 1024, chunkSize)).flat();
      assertEquals(
        entries.map((entry) => "error" in entry ? entry.error : [entry.line, entry.url.length]),
        [[2, MAX_LIST_LINE_BYTES], [3, 15]],
        `chunk ${chunkSize}`,
      );
      assertEquals(await countUrlList(path, { chunkSize }), 2);
    }
  });
});

Deno.test("lines split across chunk boundaries, CRLF and multi-byte characters included", async () => {
  const urls = Array.from({ length: 200 }, (_, i) => `https://x.org/é${"ü".repeat(i % 7)}/${i}`);
  const text = "\uFEFF" +
    urls.map((url, i) => i % 3 === 0 ? `${url}\tdir/ß${i}` : url).join("\r\n");
  await withList(text, async (path) => {
    const expected = (await readAll(path, 1024, 1 << 16)).flat();
    assertEquals(expected.length, 200);
    assertEquals(expected[3], {
      url: new URL(urls[3]).href,
      save: "dir/ß3",
      line: 4,
    });
    // Every small chunk size cuts lines, CRLF pairs, the BOM and UTF-8 sequences somewhere.
    for (let chunkSize = 1; chunkSize <= 13; chunkSize++) {
      assertEquals((await readAll(path, 1024, chunkSize)).flat(), expected, `chunk ${chunkSize}`);
    }
  });
});

Deno.test("invalid UTF-8 in a URL line is an error entry; in a comment it is ignored", async () => {
  const bytes = new Uint8Array([
    ...new TextEncoder().encode("# \xff ok\n"),
    0x23,
    0xff,
    0x0a, // "#", a bad byte, "\n"
    ...new TextEncoder().encode("https://x.org/"),
    0xc3,
    0x28,
    0x0a,
    ...new TextEncoder().encode("https://x.org/fine\n"),
  ]);
  await withList(bytes, async (path) => {
    assertEquals((await readAll(path)).flat(), [
      {
        line: 3,
        error:
          'the line is not valid UTF-8 (shown with U+FFFD for such bytes: "https://x.org/\uFFFD(")' +
          NOT_UTF8_HINT,
      },
      { url: "https://x.org/fine", line: 4 },
    ]);
  });
});

/**
 * How many of this process's file descriptors are open on `path`: Deno 2's resource sanitizer no
 * longer tracks files. Read by a child (`ls -l`), since Deno asks for every permission to read
 * `/proc/self`; only descriptors on `path` count, so the child's own pipes and the runtime's files
 * do not.
 */
function timesOpen(path: string): number {
  const listing = new Deno.Command("ls", { args: ["-l", `/proc/${Deno.pid}/fd`] }).outputSync();
  return new TextDecoder().decode(listing.stdout).split("\n")
    .filter((line) => line.endsWith(` -> ${path}`)).length;
}

const linuxOnly = { ignore: Deno.build.os !== "linux" };

Deno.test("stopping early closes the file", linuxOnly, async () => {
  const lines = Array.from({ length: 5000 }, (_, i) => `https://x.org/${i}`).join("\n");
  await withList(lines, async (path) => {
    let seen = 0;
    for await (const batch of readUrlList(path, 10, { chunkSize: 1024 })) {
      seen += batch.length;
      assertEquals(timesOpen(path), 1); // the list is open while it is read
      if (seen >= 30) break;
    }
    assertEquals(seen, 30);
    assertEquals(timesOpen(path), 0);
    // An explicit return() after the first batch, and one before any.
    const reader = readUrlList(path, 10);
    assertEquals((await reader.next()).value?.length, 10);
    assertEquals(await reader.return(undefined), { done: true, value: undefined });
    assertEquals(timesOpen(path), 0);
    await readUrlList(path).return(undefined);
    assertEquals(timesOpen(path), 0);
  });
});

Deno.test("a consumer's error thrown into the reader closes the file too", linuxOnly, async () => {
  await withList("https://x.org/1\nhttps://x.org/2\n", async (path) => {
    const reader = readUrlList(path, 1);
    await reader.next();
    assertEquals(timesOpen(path), 1);
    await assertRejects(() => reader.throw(new Error("stop")), Error, "stop");
    assertEquals(timesOpen(path), 0);
  });
});

Deno.test("reading to the end and a failed read close the file", linuxOnly, async () => {
  await withList("https://x.org/1\n", async (path) => {
    await readAll(path);
    await countUrlList(path);
    assertEquals(timesOpen(path), 0);
    const dir = path.slice(0, path.lastIndexOf("/"));
    await assertRejects(() => readAll(dir), Error, "Cannot read the URL list");
    assertEquals(timesOpen(dir), 0);
  });
});

Deno.test("a missing or unreadable file throws an error naming the path", async () => {
  const dir = await Deno.makeTempDir({ prefix: "corun-url-list-" });
  try {
    const missing = `${dir}/nope.txt`;
    await assertRejects(() => readAll(missing), Error, `Cannot read the URL list "${missing}"`);
    await assertRejects(
      () => countUrlList(missing),
      Error,
      `Cannot read the URL list "${missing}"`,
    );
    // A directory opens but cannot be read: the read error names the path as well.
    await assertRejects(() => readAll(dir), Error, `Cannot read the URL list "${dir}"`);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("an empty file, or one of comments only, yields no batch", async () => {
  for (const text of ["", "\n\n", "# only\n  # comments\n", "\uFEFF"]) {
    await withList(text, async (path) => {
      assertEquals(await readAll(path), [], JSON.stringify(text));
      assertEquals(await countUrlList(path), 0);
    });
  }
});

Deno.test("a third column is the body's checksum; the save path between may be empty", async () => {
  const sha = "AB".repeat(32);
  const text = [
    `https://x.org/a.iso\tisos/a.iso\tsha256:${sha}`,
    `https://x.org/b.iso\t\tsha512:${"0".repeat(128)}`,
    `https://x.org/c.iso\t\tsha256:${"0".repeat(63)}`,
    `https://x.org/d.iso\t\tsha256:${sha}\textra`,
  ].join("\n");
  await withList(text, async (path) => {
    const entries = (await readAll(path, 10)).flat();
    assertEquals(entries[0], {
      url: "https://x.org/a.iso",
      save: "isos/a.iso",
      line: 1,
      checksum: { algorithm: "sha256", hex: "ab".repeat(32) },
    });
    assertEquals(entries[1], {
      url: "https://x.org/b.iso",
      line: 2,
      checksum: { algorithm: "sha512", hex: "0".repeat(128) },
    });
    assert("error" in entries[2] && entries[2].error.includes("64 hex digits"), entries[2].line);
    assertEquals(entries[3], {
      line: 4,
      error: "a fourth column is not supported (URL, save path, checksum)",
      written: "https://x.org/d.iso",
    });
  });
});

Deno.test("a line of Unicode spaces only, or of them then a #, is skipped by the reader and the count alike", async () => {
  const text = [
    "https://x.org/a", // 1
    "\u00a0", // 2: a no-break space
    "\u00a0# a comment after a no-break space", // 3
    "\u3000\u2003 \t", // 4: ideographic and em spaces
    "\u2028#", // 5: a line separator, then a comment
    "\u00a0https://x.org/b\u00a0", // 6
  ].join("\n");
  await withList(text, async (path) => {
    const entries = (await readAll(path)).flat();
    assertEquals(entries, [
      { url: "https://x.org/a", line: 1 },
      { url: "https://x.org/b", line: 6 },
    ]);
    assertEquals(await countUrlList(path), entries.length);
  });
});

Deno.test("a correctly encoded U+FFFD is a character like any other; bytes that are not UTF-8 make the line bad, at every chunk size", async () => {
  const encode = (text: string) => new TextEncoder().encode(text);
  const bytes = new Uint8Array([
    ...encode("https://x.org/\uFFFD\n"), // 1: U+FFFD written as EF BF BD
    ...encode("https://x.org/a\uFFFD\tsaved/\uFFFD.html\n"), // 2
    ...encode("https://x.org/b"),
    0xe2,
    0x82, // 3: a character cut short by the next byte
    ...encode("c\n"),
    ...encode("# \uFFFD and "),
    0xff, // 4: a comment, bad bytes or not
    ...encode("\n\uFFFD\n"), // 5: only U+FFFD: not a URL
    ...encode("https://x.org/\uFFFD"),
    0xc3, // 6: the file ends inside a character
  ]);
  await withList(bytes, async (path) => {
    const notUtf8 = (shown: string) =>
      `the line is not valid UTF-8 (shown with U+FFFD for such bytes: ${shown})${NOT_UTF8_HINT}`;
    const expected = [
      { url: "https://x.org/%EF%BF%BD", line: 1 },
      { url: "https://x.org/a%EF%BF%BD", save: "saved/\uFFFD.html", line: 2 },
      {
        line: 3,
        error: notUtf8('"https://x.org/b\uFFFDc"'),
      },
      { line: 5, error: 'not a URL: "\uFFFD"', written: "\uFFFD" },
      { line: 6, error: notUtf8('"https://x.org/\uFFFD\uFFFD"') },
    ];
    // Small chunks cut EF BF BD and the bad sequences at every place.
    for (const chunkSize of [1, 2, 3, 4, 5, 7, 11, 13, 65536]) {
      assertEquals((await readAll(path, 1024, chunkSize)).flat(), expected, `chunk ${chunkSize}`);
      assertEquals(await countUrlList(path, { chunkSize }), 5);
    }
  });
});

Deno.test("an indented line is read as if it were not; a TAB then a save path says its URL column is empty", async () => {
  const text = [
    "\tsave.txt", // 1
    "  \thttps://x.org/b\tpages/b.html", // 2: indented
    "https://x.org/c\t\t\t", // 3: trailing TABs are no columns
    "\t# a comment", // 4
  ].join("\n");
  await withList(text, async (path) => {
    assertEquals((await readAll(path)).flat(), [
      { line: 1, error: 'the URL column is empty (the line starts with a TAB, then "save.txt")' },
      { url: "https://x.org/b", save: "pages/b.html", line: 2 },
      { url: "https://x.org/c", line: 3 },
    ]);
    assertEquals(await countUrlList(path), 3);
  });
});

/** Text as UTF-16 code units, with or without a byte order mark. */
function utf16(text: string, order: "le" | "be", bom: boolean): Uint8Array {
  const bytes = new Uint8Array((text.length + (bom ? 1 : 0)) * 2);
  const view = new DataView(bytes.buffer);
  const units = (bom ? "\uFEFF" : "") + text;
  for (let i = 0; i < units.length; i++) view.setUint16(i * 2, units.charCodeAt(i), order === "le");
  return bytes;
}

Deno.test("a UTF-16 list (as Windows PowerShell writes one) is refused, naming the file, by the reader and the count", async () => {
  const text = "https://x.org/a\r\nhttps://x.org/b\r\n";
  for (const order of ["le", "be"] as const) {
    await withList(utf16(text, order, true), async (path) => {
      for (const chunkSize of [1, 3, 65536]) {
        await assertRejects(
          () => readAll(path, undefined, chunkSize),
          Error,
          `Cannot read the URL list "${path}": it is UTF-16 text`,
        );
        await assertRejects(() => countUrlList(path, { chunkSize }), Error, "save it as UTF-8");
      }
    });
  }
});

Deno.test("a UTF-16 list without a byte order mark fails line by line, saying the file may be UTF-16", async () => {
  await withList(utf16("https://x.org/a\nhttps://x.org/b\n", "le", false), async (path) => {
    const entries = (await readAll(path)).flat();
    assert(entries.length > 0);
    for (const entry of entries) {
      assertEquals(
        "error" in entry ? entry.error : entry.url,
        "the line holds NUL bytes (is the file UTF-16? save it as UTF-8)",
      );
    }
  });
});

Deno.test("a list whose lines end with CR alone says so, not that its URL holds spaces", async () => {
  await withList("https://x.org/a\rhttps://x.org/b\r", async (path) => {
    assertEquals((await readAll(path)).flat(), [{
      line: 1,
      error: "the line holds a carriage return (CR) with no line feed after it: the file's lines " +
        "end with CR alone; save it with LF or CRLF line ends",
      written: "https://x.org/a\rhttps://x.org/b",
    }]);
  });
});

Deno.test("a one-byte list, and a UTF-8 list starting with its byte order mark, still read", async () => {
  await withList("x", async (path) => {
    assertEquals((await readAll(path, undefined, 1)).flat(), [{
      line: 1,
      error: 'not a URL: "x"',
      written: "x",
    }]);
  });
  await withList("\uFEFFhttps://x.org/a\n", async (path) => {
    for (const chunkSize of [1, 2, 65536]) {
      assertEquals((await readAll(path, undefined, chunkSize)).flat(), [
        { url: "https://x.org/a", line: 1 },
      ]);
    }
  });
});

/** How many of this process's file descriptors are open on files in `dir` (see `timesOpen`). */
function openIn(dir: string): number {
  const listing = new Deno.Command("ls", { args: ["-l", `/proc/${Deno.pid}/fd`] }).outputSync();
  return new TextDecoder().decode(listing.stdout).split("\n")
    .filter((line) => line.includes(` -> ${dir}/`)).length;
}

Deno.test(
  "more lists than may be open at once: each waits for a turn, and every one is read",
  linuxOnly,
  async () => {
    const dir = await Deno.makeTempDir({ prefix: "corun-url-lists-" });
    try {
      const count = MAX_OPEN_LISTS + 36;
      const readers = [];
      for (let i = 0; i < count; i++) {
        await Deno.writeTextFile(`${dir}/${i}.txt`, `https://x.org/${i}\nhttps://x.org/${i}/b\n`);
        readers.push(readUrlList(`${dir}/${i}.txt`, 1));
      }
      // Every list asks for its first entry at once, as the list tasks of a run start together.
      const firsts = readers.map((reader) => reader.next());
      await Promise.all(firsts.slice(0, MAX_OPEN_LISTS));
      assertEquals(openIn(dir), MAX_OPEN_LISTS);
      // One list closes: the next in line opens its file.
      await readers[0].return(undefined);
      await firsts[MAX_OPEN_LISTS];
      assertEquals(openIn(dir), MAX_OPEN_LISTS);
      // Each list is read to its end, in whatever order the turns come.
      const urls = await Promise.all(
        readers.slice(1).map(async (reader, index) => {
          const first = await firsts[index + 1];
          const rest = [];
          for (let next = await reader.next(); !next.done; next = await reader.next()) {
            rest.push(...next.value);
          }
          return [...first.value ?? [], ...rest].map((entry) => "url" in entry ? entry.url : "");
        }),
      );
      assertEquals(urls[count - 2], [`https://x.org/${count - 1}`, `https://x.org/${count - 1}/b`]);
      assertEquals(urls.every((pair) => pair.length === 2), true);
      assertEquals(openIn(dir), 0);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
);

Deno.test("a URL with credentials is a bad line, as in a config; no line's error shows a password", async () => {
  const text = [
    "https://me:hunter2@x.org/a",
    "https://me@x.org/b",
    "ftp://me:hunter2@x.org/c",
    "https://me:hunter2@x.org/d e",
    "https:/me:hunter2@x.org/f",
    "https:\\\\me:hunter2@x.org/g",
    "https://x.org/ok",
  ].join("\n");
  await withList(text, async (path) => {
    const credentials = "credentials in a URL are not sent and would be logged; give the task's " +
      "fetch an auth, as in fetch: { urls, auth: { username, password } }";
    assertEquals((await readAll(path)).flat(), [
      // Each names what was listed, without its credentials, for its record's url.
      { line: 1, error: `${credentials}: "https://***@x.org/a"`, written: "https://***@x.org/a" },
      { line: 2, error: `${credentials}: "https://***@x.org/b"`, written: "https://***@x.org/b" },
      {
        line: 3,
        error: 'not an http(s) URL: "ftp://***@x.org/c"',
        written: "ftp://***@x.org/c",
      },
      {
        line: 4,
        error: "a URL cannot contain spaces (write them as %20, and a save path after a TAB): " +
          '"https://***@x.org/d e"',
        written: "https://***@x.org/d e",
      },
      // Slashes mistyped: the URL parser still reads them as an authority's user and password.
      { line: 5, error: `${credentials}: "https:/***@x.org/f"`, written: "https:/***@x.org/f" },
      {
        line: 6,
        error: `${credentials}: "https:\\\\\\\\***@x.org/g"`,
        written: "https:\\\\***@x.org/g",
      },
      { url: "https://x.org/ok", line: 7 },
    ]);
  });
});

Deno.test("countUrlList() tells the origin of each entry the run would fetch, in file order, as readUrlList reads it", async () => {
  const hosts = Array.from({ length: 1100 }, (_, i) => `https://h${i}.x.org/a`);
  const text = [
    "https://x.org/a",
    "https://x.org/b c", // a space: a bad line, on a known origin all the same
    "https://x.orgz", // the known origin's text, then more host
    "https://x.org",
    "https://u:p@x.org/a", // credentials: a bad line
    "HTTPS://X.ORG:443/b",
    "ftp://x.org/a",
    "https://x.org/a\tsaved.html",
    "https://x.org/a\t\tsha256:00", // a bad checksum
    "https://x.org/a\u00a0b", // a no-break space inside
    "https://x.org/a\0b",
    "# https://x.org/comment",
    ...hosts, // past the origins told without a parse
    ...hosts.slice(0, 3),
  ].join("\n");
  await withList(text, async (path) => {
    const expected = (await readAll(path)).flat()
      .filter((entry): entry is ListItem => !("error" in entry))
      .map((entry) => new URL(entry.url).origin);
    assertEquals(expected.slice(0, 6), [
      "https://x.org",
      "https://x.orgz",
      "https://x.org",
      "https://x.org",
      "https://x.org",
      "https://h0.x.org",
    ]);
    const told: string[] = [];
    const count = await countUrlList(path, { onOrigin: (origin) => told.push(origin) });
    assertEquals(told, expected);
    assertEquals(count, 11 + hosts.length + 3);
  });
});

Deno.test("a list cut short while it is read throws, naming the line reached, and gives no half line", async () => {
  const lines = Array.from(
    { length: 100 },
    (_, i) => `https://x.org/${String(i).padStart(3, "0")}`,
  );
  await withList(lines.join("\n") + "\n", async (path) => {
    // The reader, then plan's count: each has read its first chunk when the file is cut.
    const urls: string[] = [];
    const reading = readUrlList(path, 1, { chunkSize: 50 });
    await reading.next();
    await Deno.truncate(path, 30);
    const error = await assertRejects(async () => {
      for await (const batch of reading) {
        urls.push(...batch.map((entry) => "url" in entry ? entry.url : ""));
      }
    }, Error);
    assertMatch(
      error.message,
      /^Cannot read the URL list ".*" to its end: it changed while it was read \(after line 2: it is now 30 bytes, 52 were read\); write a new list to another file and move it into place \(mv\)/,
    );
    // Each whole line read before the cut is given; the half line the cut leaves is not.
    assertEquals(["https://x.org/000", ...urls], lines.slice(0, 2));
    await Deno.writeTextFile(path, lines.join("\n") + "\n");
    const counting = countUrlListSteps(path, { chunkSize: 50 });
    await counting.next();
    await Deno.writeTextFile(path, lines.join("\n") + "\nhttps://x.org/more\n");
    await assertRejects(
      async () => {
        while (!(await counting.next()).done);
      },
      Error,
      "it changed while it was read (after line 0: it was written to once 2 of its 1800 bytes were read)",
    );
  });
});
