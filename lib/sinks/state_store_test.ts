import { assert, assertEquals, assertRejects } from "npm:deno-std@1.4.0/assert/mod.js";
import { MAX_STATE_FILE_BYTES, openStateStore, STATE_FILE_NAME } from "./state_store.ts";
import { NotStateFileError } from "./state_entries.ts";
import { nfsLocks, noLocks } from "../../tests/fixtures/file_system_quirks.ts";
import { pollUntil } from "../../tests/fixtures/poll.ts";
import { runDeno } from "../../tests/fixtures/run_deno.ts";

async function withTempDir(body: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "corun-state-" });
  try {
    await body(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

async function listDir(dir: string): Promise<string[]> {
  const names: string[] = [];
  for await (const entry of Deno.readDir(dir)) names.push(entry.name);
  return names.sort();
}

Deno.test("entries survive a save and a reopen", async () => {
  await withTempDir(async (dir) => {
    const path = `${dir}/${STATE_FILE_NAME}`;
    const state = await openStateStore(path);
    assertEquals(state.size, 0);
    assertEquals(await listDir(dir), []); // nothing is written before save()
    const entry = {
      etag: '"v1"',
      lastModified: "Wed, 21 Oct 2026 07:28:00 GMT",
      savedPath: "a/b.html",
    };
    state.set("https://example.com/a", entry);
    state.set("https://example.com/b", { sha256: "ab".repeat(32), etag: undefined });
    state.set("https://example.com/c", { etag: "x" });
    assertEquals(state.delete("https://example.com/c"), true);
    assertEquals(state.delete("https://example.com/c"), false);
    entry.etag = '"changed after set"';
    await state.save();
    assertEquals(await listDir(dir), [STATE_FILE_NAME]); // no temporary file left behind

    const reopened = await openStateStore(path);
    assertEquals(reopened.size, 2);
    assertEquals(reopened.get("https://example.com/a"), {
      etag: '"v1"',
      lastModified: "Wed, 21 Oct 2026 07:28:00 GMT",
      savedPath: "a/b.html",
    });
    assertEquals(reopened.get("https://example.com/b"), { sha256: "ab".repeat(32) });
    assertEquals(reopened.get("https://example.com/c"), undefined);
  });
});

Deno.test("saves started together land in call order", async () => {
  await withTempDir(async (dir) => {
    const path = `${dir}/${STATE_FILE_NAME}`;
    const state = await openStateStore(path);
    const saves: Promise<void>[] = [];
    for (let i = 0; i < 5; i++) {
      state.set("https://example.com/", { etag: `"${i}"` });
      saves.push(state.save());
    }
    await Promise.all(saves);
    assertEquals((await openStateStore(path)).get("https://example.com/"), { etag: '"4"' });
  });
});

Deno.test("a temporary file left by a crashed save is ignored", async () => {
  await withTempDir(async (dir) => {
    const path = `${dir}/${STATE_FILE_NAME}`;
    const leftover = `${dir}/.${STATE_FILE_NAME}.0123456789ab.part`;
    await Deno.writeTextFile(leftover, '{"version": 1, "entries": {"https://half');
    assertEquals((await openStateStore(path)).size, 0);

    const state = await openStateStore(path);
    state.set("https://example.com/", { etag: '"kept"' });
    await state.save();
    const reopened = await openStateStore(path);
    assertEquals(reopened.get("https://example.com/"), { etag: '"kept"' });
  });
});

Deno.test("a state file killed mid-save is never torn", async () => {
  await withTempDir(async (dir) => {
    const path = `${dir}/${STATE_FILE_NAME}`;
    const storeUrl = new URL("./state_store.ts", import.meta.url).href;
    // A child saving a ~1 MB state over and over, each version marked by a generation number.
    const script = `
      import { openStateStore } from ${JSON.stringify(storeUrl)};
      const state = await openStateStore(${JSON.stringify(path)});
      for (let generation = 0;; generation++) {
        for (let i = 0; i < 5000; i++) {
          state.set("https://example.com/" + i, { etag: String(generation), sha256: "f".repeat(64) + i });
        }
        await state.save();
        if (generation === 3) console.log("saving");
      }
    `;
    await runDeno(["eval", script], {
      cwd: new URL("../..", import.meta.url).pathname,
      whileRunning: async (child) => {
        await pollUntil(() => child.ended || child.stdout().includes("\n"), "its fourth save");
        assertEquals(child.stdout().trim(), "saving");
        child.kill("SIGKILL");
      },
    });
    const state = await openStateStore(path);
    assertEquals(state.size, 5000);
    const generation = state.get("https://example.com/0")?.etag;
    for (let i = 0; i < 5000; i++) {
      assertEquals(state.get(`https://example.com/${i}`)?.etag, generation);
    }
  });
});

Deno.test("a file that is not a state file is refused with what is off", async () => {
  await withTempDir(async (dir) => {
    const path = `${dir}/${STATE_FILE_NAME}`;
    const table: [string, string][] = [
      ['{"version": 1, "entries": {"http', "it is not JSON"],
      ['{"version": 1, "entries": []}', 'expected "entries" to be an object'],
      ['{"version": 1, "entries": {"u": 3}}', 'the entry of "u" is not an object'],
      ['{"version": 1, "entries": {"u": {"etag": 3}}}', '"etag" of "u" is not a string'],
      ['{"version": 1, "entries": {"u": {"bytes": "3"}}}', '"bytes" of "u" is not a number'],
      [
        '{"version": 1, "entries": {"u": {"etag": "\\"a\\"\\r\\nX-Injected: 1"}}}',
        '"etag" of "u" holds a line break or NUL, which no header can carry',
      ],
      [
        '{"version": 1, "entries": {"u": {"lastModified": "Tue\\u0000"}}}',
        '"lastModified" of "u" holds a line break or NUL',
      ],
    ];
    for (const [text, reason] of table) {
      await Deno.writeTextFile(path, text);
      await assertRejects(
        () => openStateStore(path),
        SyntaxError,
        `Cannot read the state file "${path}": ${reason}`,
      );
    }
  });
});

Deno.test("a file that is no state file, or one of another version, is refused as such, even with onInvalid", async () => {
  await withTempDir(async (dir) => {
    const path = `${dir}/tasks.json`;
    const table: [string, string][] = [
      ["{ not json", "it is not JSON"],
      ["tasks:\n  - name: a\n", "it is not JSON"],
      ["[]", 'it is not a corun state file (no "version" and "entries" at the top)'],
      ['{"tasks": []}', 'it is not a corun state file (no "version" and "entries" at the top)'],
      ['{"version": 1}', 'it is not a corun state file (no "version" and "entries" at the top)'],
      [
        '{"version": 2, "entries": {}}',
        "it is a state file of version 2; this corun reads version 1",
      ],
    ];
    for (const [text, reason] of table) {
      await Deno.writeTextFile(path, text);
      const error = await assertRejects(
        () => openStateStore(path, { onInvalid: () => {} }),
        NotStateFileError,
        `Cannot read the state file "${path}": ${reason}`,
      );
      assertEquals(error.code, "NOT_STATE_FILE");
      assertEquals(await Deno.readTextFile(path), text);
    }
  });
});

Deno.test("with onInvalid, a file that is not a state file is reported and the state starts empty", async () => {
  await withTempDir(async (dir) => {
    const path = `${dir}/${STATE_FILE_NAME}`;
    await Deno.writeTextFile(path, '{"version": 1, "entries": {"https://half');
    const reported: SyntaxError[] = [];
    const state = await openStateStore(path, { onInvalid: (error) => reported.push(error) });
    assertEquals(state.size, 0);
    assertEquals(reported.length, 1);
    assertEquals(
      reported[0].message.startsWith(`Cannot read the state file "${path}": it is not JSON`),
      true,
    );
    state.set("https://example.com/", { etag: '"new"' });
    await state.save();
    assertEquals((await openStateStore(path)).get("https://example.com/"), { etag: '"new"' });
  });
});

Deno.test("with onInvalid, a file that cannot be read still throws", async () => {
  await withTempDir(async (dir) => {
    // A directory where the file should be: reading fails with a file system error, not a SyntaxError.
    const path = `${dir}/${STATE_FILE_NAME}`;
    await Deno.mkdir(path);
    await assertRejects(() => openStateStore(path, { onInvalid: () => {} }));
  });
});

Deno.test("a state file of another layout past maxBytes is refused as no state file, naming its size and the limit, never read", async () => {
  await withTempDir(async (dir) => {
    const path = `${dir}/${STATE_FILE_NAME}`;
    const text = JSON.stringify({
      version: 1,
      entries: { "https://example.com/a": { etag: "a" } },
    });
    await Deno.writeTextFile(path, text);
    const size = text.length;
    // At the cap it reads; one byte more is refused, even with onInvalid (it is not replaced).
    assertEquals((await openStateStore(path, { maxBytes: size })).size, 1);
    const limit = size - 1;
    await assertRejects(
      () => openStateStore(path, { maxBytes: limit, onInvalid: () => {} }),
      NotStateFileError,
      `Cannot read the state file "${path}": it is ${size} bytes, and not laid out one entry a line ` +
        `as corun writes state files: such a file is read whole, as one string, up to ${limit}B; ` +
        "is it the right file? Give the run another (--state) or remove this one",
    );
    // The default: a sparse file past it is refused as it is found, not read.
    await Deno.truncate(path, MAX_STATE_FILE_BYTES + 1);
    await assertRejects(
      () => openStateStore(path),
      NotStateFileError,
      `Cannot read the state file "${path}": it is 524,288,001 bytes, and not laid out one entry a ` +
        "line as corun writes state files: such a file is read whole, as one string, up to 500MiB " +
        "(a fixed limit, near the longest string JavaScript makes)",
    );
    // More than the default is the default: no text past V8's longest string is ever made.
    await assertRejects(() => openStateStore(path, { maxBytes: 2 ** 40 }), NotStateFileError);
  });
});

Deno.test("a state file is written one entry a line, in pieces, and read back line by line past maxBytes", async () => {
  await withTempDir(async (dir) => {
    const path = `${dir}/${STATE_FILE_NAME}`;
    // maxBytes far below the file: only a read line by line (and a write in pieces) gets through.
    const maxBytes = 200;
    const first = await openStateStore(path, { maxBytes });
    for (let i = 0; i < 100; i++) {
      first.set(`https://example.com/${i}`, { etag: `"${i}"`, savedPath: `${i}.html`, bytes: i });
    }
    await first.save();
    const text = await Deno.readTextFile(path);
    const lines = Array.from(
      { length: 100 },
      (_, i) =>
        `    "https://example.com/${i}": {"etag":"\\"${i}\\"","savedPath":"${i}.html","bytes":${i}}`,
    );
    // The bytes corun always wrote: older versions read it, within their cap.
    assertEquals(text, `{\n  "version": 1,\n  "entries": {\n${lines.join(",\n")}\n  }\n}\n`);
    assert(text.length > maxBytes * 20);
    const reopened = await openStateStore(path, { maxBytes });
    assertEquals(reopened.size, 100);
    assertEquals(reopened.get("https://example.com/99"), {
      etag: '"99"',
      savedPath: "99.html",
      bytes: 99,
    });
    // A state of no entries is the one line it always was.
    for (let i = 0; i < 100; i++) reopened.delete(`https://example.com/${i}`);
    await reopened.save();
    assertEquals(await Deno.readTextFile(path), '{ "version": 1, "entries": {} }\n');
    assertEquals((await openStateStore(path, { maxBytes })).size, 0);
  });
});

Deno.test("a state file converted to CRLF line ends is read line by line past maxBytes, and saved back in LF", async () => {
  await withTempDir(async (dir) => {
    const path = `${dir}/${STATE_FILE_NAME}`;
    const first = await openStateStore(path);
    for (let i = 0; i < 20; i++) first.set(`https://example.com/${i}`, { etag: `"${i}"` });
    await first.save();
    const lf = await Deno.readTextFile(path);
    await Deno.writeTextFile(path, lf.replaceAll("\n", "\r\n"));
    const maxBytes = 100;
    const state = await openStateStore(path, { maxBytes });
    assertEquals([state.size, state.get("https://example.com/19")], [20, { etag: '"19"' }]);
    await state.save();
    assertEquals(await Deno.readTextFile(path), lf);
  });
});

Deno.test("a state file an editor saved with a UTF-8 BOM is read line by line past maxBytes, and saved back without it", async () => {
  await withTempDir(async (dir) => {
    const path = `${dir}/${STATE_FILE_NAME}`;
    const first = await openStateStore(path);
    for (let i = 0; i < 20; i++) first.set(`https://example.com/${i}`, { etag: `"${i}"` });
    await first.save();
    const lf = await Deno.readTextFile(path);
    for (const text of [lf, lf.replaceAll("\n", "\r\n")]) {
      await Deno.writeTextFile(path, `\uFEFF${text}`);
      const maxBytes = 100;
      const state = await openStateStore(path, { maxBytes });
      assertEquals([state.size, state.get("https://example.com/19")], [20, { etag: '"19"' }]);
      await state.save();
      assertEquals(await Deno.readFile(path), new TextEncoder().encode(lf));
    }
  });
});

/** A state file as corun lays it out, of these entry lines (written as given, commas and all). */
function laidOut(...lines: string[]): string {
  return `{\n  "version": 1,\n  "entries": {\n${lines.join("\n")}\n  }\n}\n`;
}

Deno.test("a state file read line by line names the line at fault, and a file cut short says so", async () => {
  await withTempDir(async (dir) => {
    const path = `${dir}/${STATE_FILE_NAME}`;
    const good = '    "https://example.com/a": {"etag":"a"},';
    const table: [string, string][] = [
      // Whatever the size: the entry read, its field is wrong.
      [
        laidOut(good, '    "https://example.com/b": {"etag":3}'),
        'line 5: "etag" of "https://example.com/b" is not a string',
      ],
      [
        laidOut(good, '    "https://example.com/b": {"etag":"\\r\\nX: 1"}'),
        'line 5: "etag" of "https://example.com/b" holds a line break or NUL',
      ],
      // Cut short at a line's end: no layout reads it.
      [
        laidOut(good).slice(0, -"\n  }\n}\n".length) + "\n",
        "it ends at line 4, before the end of its entries (cut short)",
      ],
      [
        laidOut(good.slice(0, -1)).slice(0, -2),
        "it ends at line 5, before the end of the file (cut short)",
      ],
    ];
    for (const [text, reason] of table) {
      await Deno.writeTextFile(path, text);
      await assertRejects(
        () => openStateStore(path, { maxBytes: 50 }),
        SyntaxError,
        `Cannot read the state file "${path}": ${reason}`,
      );
    }
    // Within the cap, a file cut short gives the same error: read whole, it would not read either.
    await Deno.writeTextFile(path, laidOut(good.slice(0, -1)).slice(0, -2));
    await assertRejects(
      () => openStateStore(path),
      SyntaxError,
      "it ends at line 5, before the end",
    );
  });
});

Deno.test("a state file past maxBytes that leaves corun's layout at some line, or holds a line past it, is refused naming the line, never replaced", async () => {
  await withTempDir(async (dir) => {
    const path = `${dir}/${STATE_FILE_NAME}`;
    const good = '    "https://example.com/a": {"etag":"a"},';
    const table: [string, string][] = [
      [
        laidOut(
          good,
          '    "https://example.com/b": {"etag":"b"',
          '    "https://example.com/c": {}',
        ),
        "line 5: it is not an entry as corun writes them (Expected ',' or '}' after property " +
        "value in JSON at position 41 (column 42)); from there it is not laid out one entry a " +
        "line as corun writes state files, and such a file is read whole, as one string, up to " +
        "50B, but this one is 155 bytes: put line 5 back as corun writes it, or give the run " +
        "another (--state) or remove this one",
      ],
      [
        laidOut(good, good, '    "https://example.com/c": garbage'),
        "line 6: it is not an entry as corun writes them (Unexpected token 'g'",
      ],
      // Good JSON, laid out by hand from line 5 on: read whole, it would be a good state.
      [
        laidOut(good, '    "https://example.com/b": {', '      "etag": "b"', "    }"),
        "line 5: it is not an entry as corun writes them (",
      ],
      [laidOut(good, "  }"), 'line 5: expected an entry (    "URL": {…}) after the comma'],
      [
        laidOut(good, '      "etag": "x"'),
        'line 5: expected an entry (    "URL": {…}) after the comma',
      ],
      [
        laidOut(good.slice(0, -1), good),
        "line 5: expected the end of the entries (  }) after an entry without a comma",
      ],
      [
        laidOut(good.slice(0, -1)) + "  \nx\n",
        "line 8: expected nothing after the end of the file; from there it is not laid out",
      ],
      // Each line is one string: one past the cap is not read (only a file past it can hold one).
      [
        laidOut(good, `    "https://example.com/${"x".repeat(200)}": {}`),
        "line 5: it is longer than 50 characters, the longest line read; from there it is not " +
        "laid out",
      ],
      [laidOut(good.slice(0, -1)) + "x".repeat(100), "line 7: it is longer than 50 characters"],
    ];
    for (const [text, reason] of table) {
      await Deno.writeTextFile(path, text);
      const error = await assertRejects(
        () => openStateStore(path, { maxBytes: 50, onInvalid: () => {} }),
        NotStateFileError,
        `Cannot read the state file "${path}": ${reason}`,
      );
      assertEquals(error.code, "NOT_STATE_FILE");
      assertEquals(await Deno.readTextFile(path), text);
    }
    // A last line past the cap, begun in one read (256 KiB, after the 31 bytes of the head) and
    // past it in the next, which ends no line.
    const start = laidOut(good.slice(0, -1));
    await Deno.writeTextFile(
      path,
      start + "\n".repeat(31 + 256 * 1024 - 20 - start.length) + "x".repeat(100),
    );
    await assertRejects(
      () => openStateStore(path, { maxBytes: 50 }),
      NotStateFileError,
      `line ${31 + 256 * 1024 - 20 - start.length + 7}: it is longer than 50 characters`,
    );
    // Nor does a save that finds it there replace it.
    await Deno.writeTextFile(path, laidOut(good.slice(0, -1)));
    const state = await openStateStore(path, { maxBytes: 50 });
    const [text] = table[2];
    await Deno.writeTextFile(path, text);
    state.set("https://example.com/d", { etag: "d" });
    await assertRejects(() => state.save(), NotStateFileError, "line 5: it is not an entry");
    assertEquals(await Deno.readTextFile(path), text);
  });
});

Deno.test("a state file laid out otherwise (by hand) is read whole, as before, within maxBytes", async () => {
  await withTempDir(async (dir) => {
    const path = `${dir}/${STATE_FILE_NAME}`;
    const entries = {
      "https://example.com/a": { etag: "a" },
      "https://example.com/b": { bytes: 2 },
    };
    // Indented by JSON.stringify; one line; corun's head, then an entry spread over lines.
    const texts = [
      JSON.stringify({ version: 1, entries }, null, 2),
      JSON.stringify({ version: 1, entries }),
      laidOut(
        '    "https://example.com/a": {"etag":"a"},',
        '    "https://example.com/b": {',
        '      "bytes": 2',
        "    }",
      ),
    ];
    for (const text of texts) {
      await Deno.writeTextFile(path, text);
      const state = await openStateStore(path, { maxBytes: text.length });
      assertEquals([state.get("https://example.com/a"), state.get("https://example.com/b")], [
        { etag: "a" },
        { bytes: 2 },
      ]);
    }
    // Damaged within the cap: the error of the whole read, as before.
    await Deno.writeTextFile(path, laidOut('    "https://example.com/a": {"etag":a}'));
    await assertRejects(
      () => openStateStore(path),
      SyntaxError,
      `Cannot read the state file "${path}": it is not JSON (Unexpected token 'a'`,
    );
  });
});

Deno.test("a save past maxBytes is written and read back; a file of another layout grown past it fails the save, left as it was", async () => {
  await withTempDir(async (dir) => {
    const path = `${dir}/${STATE_FILE_NAME}`;
    const first = await openStateStore(path);
    first.set("https://example.com/a", { etag: '"a"' });
    await first.save();
    const maxBytes = (await Deno.stat(path)).size + 40;
    const state = await openStateStore(path, { maxBytes });
    state.set("https://example.com/" + "é".repeat(60), { etag: '"b"' });
    await state.save();
    assertEquals((await openStateStore(path, { maxBytes })).size, 2);
    // Another run left a file past the cap that is not laid out as corun writes it: this save
    // cannot merge into it, and leaves it.
    assertEquals(state.delete("https://example.com/a"), true);
    const grown = JSON.stringify({
      version: 1,
      entries: { ["https://example.com/" + "c".repeat(maxBytes)]: {} },
    });
    await Deno.writeTextFile(path, grown);
    await assertRejects(() => state.save(), NotStateFileError, "such a file is read whole");
    assertEquals(await Deno.readTextFile(path), grown);
    assert(!(await listDir(dir)).some((name) => name !== STATE_FILE_NAME));
  });
});

Deno.test("runs sharing a state file past maxBytes each keep the other's entries, the file read again line by line", async () => {
  await withTempDir(async (dir) => {
    const path = `${dir}/${STATE_FILE_NAME}`;
    const maxBytes = 100;
    const [a, b] = [
      await openStateStore(path, { maxBytes }),
      await openStateStore(path, { maxBytes }),
    ];
    for (let i = 0; i < 20; i++) a.set(`https://example.com/a${i}`, { etag: `"a${i}"` });
    b.set("https://example.com/b", { etag: '"b"' });
    await a.save();
    await b.save(); // the file is not the one b read: read again, line by line, and merged
    const both = await openStateStore(path, { maxBytes });
    assertEquals(both.size, 21);
    assertEquals([
      both.get("https://example.com/a19")?.etag,
      both.get("https://example.com/b")?.etag,
    ], [
      '"a19"',
      '"b"',
    ]);
  });
});

Deno.test("two runs sharing the state file each keep the other's entries: a save applies only its own changes", async () => {
  await withTempDir(async (dir) => {
    const path = `${dir}/${STATE_FILE_NAME}`;
    const [a, b] = [await openStateStore(path), await openStateStore(path)];
    a.set("https://example.com/a", { etag: '"a"', savedPath: "a.txt" });
    b.set("https://example.com/b", { etag: '"b"', savedPath: "b.txt" });
    await a.save();
    await b.save();
    const both = await openStateStore(path);
    assertEquals(both.get("https://example.com/a")?.etag, '"a"');
    assertEquals(both.get("https://example.com/b")?.etag, '"b"');

    // Removals too: one run drops an entry the other left alone, while that one adds its own.
    const [c, d] = [await openStateStore(path), await openStateStore(path)];
    assertEquals(c.delete("https://example.com/a"), true);
    d.set("https://example.com/d", { etag: '"d"' });
    await c.save();
    await d.save();
    const after = await openStateStore(path);
    assertEquals(after.get("https://example.com/a"), undefined);
    assertEquals([
      after.get("https://example.com/b")?.etag,
      after.get("https://example.com/d")?.etag,
    ], [
      '"b"',
      '"d"',
    ]);
  });
});

Deno.test("a save waits for another save's lock and applies its changes to the file that one renamed into place", async () => {
  await withTempDir(async (dir) => {
    const path = `${dir}/${STATE_FILE_NAME}`;
    const state = await openStateStore(path);
    state.set("https://example.com/mine", { etag: '"m"' });
    // Another process's save in the middle: it holds the lock on the file, writes its own state to
    // a temporary and renames it over the file.
    await Deno.writeTextFile(path, '{ "version": 1, "entries": {} }\n');
    const other = await Deno.open(path, { read: true });
    await other.lock(true);
    const saving = state.save();
    const theirs = { "https://example.com/theirs": { etag: '"t"' } };
    await Deno.writeTextFile(`${path}.other`, JSON.stringify({ version: 1, entries: theirs }));
    await Deno.rename(`${path}.other`, path);
    other.close();
    await saving;
    const merged = await openStateStore(path);
    assertEquals(merged.get("https://example.com/theirs"), { etag: '"t"' });
    assertEquals(merged.get("https://example.com/mine"), { etag: '"m"' });
  });
});

Deno.test("on NFS (an exclusive lock needs a file open for writing) a save still waits for another save's lock", async () => {
  await withTempDir(async (dir) => {
    using _nfs = nfsLocks();
    const path = `${dir}/${STATE_FILE_NAME}`;
    const state = await openStateStore(path);
    state.set("https://example.com/mine", { etag: '"m"' });
    await Deno.writeTextFile(path, '{ "version": 1, "entries": {} }\n');
    // Another process's save, between its lock and its rename (open for writing, as NFS asks).
    const other = await Deno.open(path, { read: true, write: true });
    await other.lock(true);
    const saving = state.save();
    const theirs = { "https://example.com/theirs": { etag: '"t"' } };
    await Deno.writeTextFile(`${path}.other`, JSON.stringify({ version: 1, entries: theirs }));
    await Deno.rename(`${path}.other`, path);
    other.close();
    await saving;
    const merged = await openStateStore(path);
    assertEquals(merged.get("https://example.com/theirs"), { etag: '"t"' });
    assertEquals(merged.get("https://example.com/mine"), { etag: '"m"' });
  });
});

Deno.test("on a file system without flock a save merges unlocked, keeping another run's entries", async () => {
  await withTempDir(async (dir) => {
    using _noLocks = noLocks();
    const path = `${dir}/${STATE_FILE_NAME}`;
    const mine = await openStateStore(path);
    const theirs = await openStateStore(path);
    theirs.set("https://example.com/theirs", { etag: '"t"' });
    await theirs.save();
    mine.set("https://example.com/mine", { etag: '"m"' });
    await mine.save();
    const merged = await openStateStore(path);
    assertEquals(merged.get("https://example.com/theirs"), { etag: '"t"' });
    assertEquals(merged.get("https://example.com/mine"), { etag: '"m"' });
  });
});

Deno.test("one saved path, one entry: setting a URL's entry drops another URL's of that path, also in the file", async () => {
  await withTempDir(async (dir) => {
    const path = `${dir}/${STATE_FILE_NAME}`;
    const first = await openStateStore(path);
    first.set("https://example.com/a", { etag: '"a"', savedPath: "shared.txt" });
    first.set("https://example.com/other", { etag: '"o"', savedPath: "other.txt" });
    await first.save();
    // Opened before the next run saves: its file still names /a for shared.txt.
    const unaware = await openStateStore(path);
    const next = await openStateStore(path);
    next.set("https://example.com/b", { etag: '"b"', savedPath: "shared.txt" });
    assertEquals(next.get("https://example.com/a"), undefined);
    await next.save();
    unaware.set("https://example.com/c", { etag: '"c"', savedPath: "c.txt" });
    await unaware.save();
    const reopened = await openStateStore(path);
    assertEquals(reopened.get("https://example.com/a"), undefined, "not brought back");
    assertEquals(reopened.get("https://example.com/b")?.savedPath, "shared.txt");
    assertEquals(reopened.size, 3);

    // A path given up (a body without validators saved there) drops the entry whoever's it is.
    const forgetting = await openStateStore(path);
    const late = await openStateStore(path);
    late.set("https://example.com/d", { etag: '"d"', savedPath: "d.txt" });
    await late.save();
    assertEquals(forgetting.forgetSavedPath("d.txt"), false, "not in its memory");
    assertEquals(forgetting.forgetSavedPath("shared.txt"), true);
    await forgetting.save();
    const last = await openStateStore(path);
    assertEquals([last.get("https://example.com/b"), last.get("https://example.com/d")], [
      undefined,
      undefined,
    ]);
    assertEquals(last.size, 2);
  });
});

Deno.test("an empty state file (a save cut short after taking its lock) is an empty state", async () => {
  await withTempDir(async (dir) => {
    const path = `${dir}/${STATE_FILE_NAME}`;
    await Deno.writeTextFile(path, "");
    const state = await openStateStore(path);
    assertEquals(state.size, 0);
    state.set("https://example.com/", { etag: '"e"', bytes: 3, savedAtMs: 1 });
    await state.save();
    assertEquals((await openStateStore(path)).get("https://example.com/"), {
      etag: '"e"',
      bytes: 3,
      savedAtMs: 1,
    });
  });
});

Deno.test({
  name: "a save keeps the state file's permission bits (a state made private stays private)",
  ignore: Deno.build.os === "windows",
  fn: async () => {
    await withTempDir(async (dir) => {
      const path = `${dir}/${STATE_FILE_NAME}`;
      const state = await openStateStore(path);
      state.set("https://example.com/a?token=secret", { etag: '"v1"', savedPath: "a" });
      await state.save();
      await Deno.chmod(path, 0o600);
      state.set("https://example.com/a?token=secret", { etag: '"v2"', savedPath: "a" });
      await state.save();
      assertEquals((await Deno.stat(path)).mode! & 0o777, 0o600);
      // Exactly, past the umask (022 takes a group's write bit from a mode given to open).
      await Deno.chmod(path, 0o660);
      state.set("https://example.com/a?token=secret", { etag: '"v3"', savedPath: "a" });
      await state.save();
      assertEquals((await Deno.stat(path)).mode! & 0o777, 0o660);
    });
  },
});
